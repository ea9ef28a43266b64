/** Table tests on the recorded MPD exchanges (fixtures/protocols/speakers/mpd, from python-mpd2's tests). */
import { describe, expect, it } from 'vitest';
import { protocolFile } from '../../../fixtures';
import { candidateFor, claimService, commandToMpd, mediaFromStatus, titleFromFile } from './mapping';
import {
  commandLine,
  commandList,
  isTerminator,
  pairsToRecord,
  parseAck,
  parseGreeting,
  parseIdle,
  parsePairs,
  quoteArg,
  splitListResults,
} from './protocol';

/** A transcript as client lines and server lines (without their `C: ` / `S: ` prefixes). */
function transcript(name: string): { client: string[]; server: string[] } {
  const text = protocolFile(`speakers/mpd/${name}`);
  const lines = text.split('\n').filter(Boolean);
  return {
    client: lines.filter((l) => l.startsWith('C: ')).map((l) => l.slice(3)),
    server: lines.filter((l) => l.startsWith('S: ')).map((l) => l.slice(3)),
  };
}
const record = (lines: string[]) => pairsToRecord(parsePairs(lines.filter((l) => !isTerminator(l))));

describe('MPD protocol framing', () => {
  it('greeting and ACK lines (transcript-greeting-and-errors.txt)', () => {
    const { server, client } = transcript('transcript-greeting-and-errors.txt');
    expect(parseGreeting(server[0]!)).toBe('0.21.24');
    expect(parseGreeting('SSH-2.0-OpenSSH_9.2')).toBeUndefined();
    const acks = server.slice(1).map((l) => parseAck(l));
    expect(acks.map((a) => a && [a.code, a.listIndex, a.command, a.text])).toEqual([
      [50, 0, 'load', 'No such playlist'],
      [50, 0, 'sticker', 'no such sticker'],
      [50, 0, 'albumart', 'No file exists'],
    ]);
    expect(server.slice(1).every(isTerminator)).toBe(true);
    expect(client[0]).toBe(commandLine('load', 'Playlist'));
    expect(parseAck('OK')).toBeUndefined();
  });

  it('a command list is framed as in transcript-command-list.txt and its answer splits at list_OK', () => {
    const { client, server } = transcript('transcript-command-list.txt');
    const inner = client.slice(1, -1);
    expect(commandList(inner)).toEqual(client);
    expect(commandList(['status'])).toEqual(['status']);
    const groups = splitListResults(server);
    expect(groups).toHaveLength(6);
    expect(groups.slice(0, 5)).toEqual([[], [], [], [], []]);
    expect(record(groups[5]!)).toMatchObject({ volume: '100', state: 'play', time: '0:259' });
  });

  it.each([
    ['plain', 'Playlist', '"Playlist"'],
    ['a quote', 'say "hi"', '"say \\"hi\\""'],
    ['a backslash', 'C:\\music', '"C:\\\\music"'],
    ['a number', 40, '"40"'],
  ])('quotes %s', (_what, arg, wire) => expect(quoteArg(arg)).toBe(wire));

  it('refuses arguments that would end the line, and odd command names', () => {
    expect(() => quoteArg('a\nclear')).toThrow(/line breaks/);
    expect(() => commandLine('play; clear')).toThrow();
  });

  it('idle answers list the changed subsystems', () => {
    expect(parseIdle(['changed: player', 'changed: mixer'])).toEqual(['player', 'mixer']);
    expect(parseIdle([])).toEqual([]);
  });
});

describe('MPD status + currentsong → media', () => {
  it('transcript-status.txt with transcript-currentsong.txt', () => {
    const status = record(transcript('transcript-status.txt').server);
    const song = record(transcript('transcript-currentsong.txt').server);
    expect(mediaFromStatus(status, song)).toEqual({
      state: 'playing',
      volume: 70,
      muted: false,
      track: { title: 'Walk of Life', artist: 'Dire Straits', album: 'Brothers in Arms', durationS: 403.066, positionS: 28.003 },
      source: null,
    });
  });

  it.each([
    [
      'paused, old `time` form only',
      { state: 'pause', volume: '0', time: '12:253' },
      { state: 'paused', volume: 0, muted: true },
      { durationS: 253, positionS: 12 },
    ],
    [
      'stopped: no position',
      { state: 'stop', volume: '30', elapsed: '5.0', duration: '253' },
      { state: 'stopped', volume: 30, muted: false },
      { durationS: 253 },
    ],
    ['no mixer', { state: 'play', volume: '-1' }, { state: 'playing', volume: null, muted: null }, {}],
    ['nonsense', { state: 'dancing', volume: 'loud' }, { state: null, volume: null, muted: null }, {}],
  ])('%s', (_name, status, expected, track) => {
    const media = mediaFromStatus(status, { file: 'x.mp3' });
    expect(media).toMatchObject(expected);
    expect(media.track).toEqual({ title: 'x', ...track });
  });

  it('untagged files are titled by their name; streams by their Name; an empty queue has no track', () => {
    expect(titleFromFile('albums/Tone A.wav')).toBe('Tone A');
    expect(mediaFromStatus({ state: 'play' }, { file: 'http://radio.example/stream', Name: 'Radio Ten' })).toMatchObject({
      track: { title: 'Radio Ten' },
      source: 'Radio Ten',
    });
    expect(mediaFromStatus({ state: 'stop', volume: '40' }, {}).track).toBeNull();
  });
});

describe('media command → MPD commands', () => {
  it.each([
    ['play when stopped', { action: 'play' }, 'stopped', ['play']],
    ['play when paused resumes', { action: 'play' }, 'paused', ['pause "0"']],
    ['pause', { action: 'pause' }, 'playing', ['pause "1"']],
    ['stop', { action: 'stop' }, 'playing', ['stop']],
    ['next', { action: 'next' }, 'playing', ['next']],
    ['previous', { action: 'previous' }, 'playing', ['previous']],
    ['volume (rounded)', { volume: 40.4 }, 'playing', ['setvol "40"']],
    ['mute', { muted: true }, 'playing', ['setvol "0"']],
    ['unmute restores', { muted: false }, 'playing', ['setvol "35"']],
    ['action and volume together', { action: 'pause', volume: 10 }, 'playing', ['pause "1"', 'setvol "10"']],
  ] as const)('%s', (_name, media, state, lines) => {
    expect(commandToMpd({ media }, { state, lastVolume: 35 })).toEqual(lines);
  });

  it('anything but media is nothing for MPD; unmute without a remembered volume uses 20', () => {
    expect(commandToMpd({ power: true }, { state: null })).toEqual([]);
    expect(commandToMpd({ media: { muted: false } }, { state: null })).toEqual(['setvol "20"']);
  });
});

describe('candidates', () => {
  it('claims _mpd._tcp announcements by address and port', () => {
    const service = {
      fqdn: 'Living Room._mpd._tcp.local',
      name: 'Living Room',
      type: 'mpd',
      addresses: ['fe80::1', '192.168.1.30'],
      port: 6600,
      txt: {},
    };
    expect(claimService(service)).toMatchObject({
      integration: 'mpd',
      uniqueId: '192.168.1.30-6600',
      kind: 'speaker',
      name: 'Living Room',
      needsPairing: false,
    });
    expect(claimService({ ...service, type: 'sonos' })).toBeUndefined();
    expect(claimService({ ...service, addresses: [] })).toBeUndefined();
  });

  it('a server that asks for a password needs pairing with one', () => {
    expect(candidateFor('10.0.0.2', 6600, undefined, true)).toMatchObject({
      needsPairing: true,
      needsPassword: true,
      name: 'Music Player Daemon at 10.0.0.2',
    });
  });
});
