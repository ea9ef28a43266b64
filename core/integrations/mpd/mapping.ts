/**
 * MPD ↔ the common model, pure: `status` + `currentsong` → the `media` value, a media command →
 * MPD command lines, an `_mpd._tcp` announcement or an address → a candidate.
 *
 * MPD has no mute: muting sets the volume to 0 and unmuting restores the volume from before,
 * so "muted" is reported as "volume is 0". A server without a mixer reports `volume: -1` (null here).
 * MPD has no unique id either: a server is identified by its address (`<host>-<port>`).
 */
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Command, MediaValue } from '../../model';
import type { DeviceDescription } from '../integration';
import { commandLine } from './protocol';
import { unreportedMedia } from '../../model';

export const MPD = 'mpd';
export const MPD_PORT = 6600;
/** The subsystems whose changes show on a tile (`playlist`: clearing the queue removes the current song). */
export const IDLE_SUBSYSTEMS = ['player', 'mixer', 'options', 'playlist'] as const;
/** Unmuting without a remembered volume. */
export const DEFAULT_UNMUTE_VOLUME = 20;

export const uniqueIdFor = (host: string, port: number) => `${host.toLowerCase().replace(/[^a-z0-9.-]/g, '_')}-${port}`;
export const deviceIdFor = (host: string, port: number) => `${MPD}:${uniqueIdFor(host, port)}`;

const STATES = { play: 'playing', pause: 'paused', stop: 'stopped' } as const;

function number(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A file name as a title when a song has no tags (`music/Tone A.wav` → `Tone A`). */
export function titleFromFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.[a-z0-9]{1,5}$/i, '');
}

export function mediaFromStatus(status: Record<string, string>, song: Record<string, string>): MediaValue {
  const state = STATES[status.state as keyof typeof STATES] ?? null;
  const rawVolume = number(status.volume);
  const volume = rawVolume === undefined || rawVolume < 0 ? null : Math.min(100, rawVolume);
  // `duration`/`elapsed` are precise (MPD ≥ 0.20); `time: elapsed:total` is the old form.
  const [oldElapsed, oldTotal] = (status.time ?? '').split(':').map((t) => number(t));
  const durationS = number(status.duration) ?? number(song.duration) ?? oldTotal ?? number(song.Time);
  const positionS = number(status.elapsed) ?? oldElapsed;
  // A stopped player still names the song it would play; its position is meaningless then.
  const hasSong = song.file !== undefined;
  const track: NonNullable<MediaValue['track']> = {};
  if (hasSong) {
    const title = song.Title || song.Name || (song.file ? titleFromFile(song.file) : undefined);
    if (title) track.title = title;
    if (song.Artist) track.artist = song.Artist;
    if (song.Album) track.album = song.Album;
    if (durationS !== undefined) track.durationS = Math.round(durationS * 1000) / 1000;
    if (positionS !== undefined && state !== 'stopped') track.positionS = Math.round(positionS * 1000) / 1000;
  }
  return {
    state,
    volume,
    muted: volume === null ? null : volume === 0,
    track: hasSong ? track : null,
    source: song.Name || null,
  };
}

/**
 * The MPD command lines for a media command. `play` on a paused player resumes (`pause 0`)
 * rather than restarting the song; `lastVolume` is what unmuting restores.
 */
export function commandToMpd(command: Command, current: { state: MediaValue['state']; lastVolume?: number }): string[] {
  const media = command.media;
  if (!media) return [];
  const lines: string[] = [];
  switch (media.action) {
    case 'play':
      lines.push(current.state === 'paused' ? commandLine('pause', 0) : commandLine('play'));
      break;
    case 'pause':
      lines.push(commandLine('pause', 1));
      break;
    case 'stop':
    case 'next':
    case 'previous':
      lines.push(commandLine(media.action));
      break;
  }
  if (media.volume !== undefined) lines.push(commandLine('setvol', Math.round(media.volume)));
  else if (media.muted === true) lines.push(commandLine('setvol', 0));
  else if (media.muted === false) lines.push(commandLine('setvol', Math.round(current.lastVolume || DEFAULT_UNMUTE_VOLUME)));
  return lines;
}

export function describe(host: string, port: number, name: string | undefined, version: string): DeviceDescription {
  return {
    id: deviceIdFor(host, port),
    name: name || `Music Player Daemon at ${host}`,
    kind: 'speaker',
    integration: MPD,
    manufacturer: 'Music Player Daemon',
    model: `MPD ${version}`,
    availability: 'unknown',
    capabilities: {
      media: unreportedMedia(),
    },
  };
}

export function candidateFor(host: string, port: number, name: string | undefined, needsPassword: boolean): Candidate {
  const label = name || `Music Player Daemon at ${host}`;
  return {
    integration: MPD,
    uniqueId: uniqueIdFor(host, port),
    kind: 'speaker',
    name: label,
    ...(name ? {} : { placeholderName: true }),
    manufacturer: 'Music Player Daemon',
    model: 'MPD',
    host,
    port,
    needsPairing: needsPassword,
    ...(needsPassword ? { needsPassword: true, pairingHint: `${label} asks for a password: enter it, then click Pair` } : {}),
  };
}

/** `_mpd._tcp` (MPD's zeroconf service); the instance name is the server's zeroconf_name. */
export function claimService(service: DiscoveredService): Candidate | undefined {
  if (service.type !== 'mpd') return undefined;
  const host = service.addresses.find((a) => !a.includes(':')) ?? service.addresses[0];
  if (!host || !service.port) return undefined;
  return candidateFor(host, service.port, service.name, false);
}
