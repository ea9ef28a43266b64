/**
 * A real Music Player Daemon for tests (Debian's `mpd`): 127.0.0.1 on a free port, a null audio
 * output (plays in real time, makes no sound) with a software mixer (so `setvol` works), and a
 * temporary music folder of generated WAV tones carrying RIFF INFO tags (title, artist, album).
 * The database is built and the queue filled before `startMpd` resolves.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MpdConnection } from '../integrations/mpd/client';
import { commandLine } from '../integrations/mpd/protocol';
import { freePort, launchServer } from './server-process';

const MPD_BINARY = '/usr/bin/mpd';

export interface TestTrack {
  file: string;
  title: string;
  artist: string;
  album: string;
  seconds: number;
  hz: number;
}

export const TEST_TRACKS: TestTrack[] = [
  { file: 'Tone A.wav', title: 'Morning Tone', artist: 'Test Signals', album: 'Sine Waves', seconds: 120, hz: 440 },
  { file: 'Tone C.wav', title: 'Noon Tone', artist: 'Test Signals', album: 'Sine Waves', seconds: 120, hz: 523 },
  { file: 'Tone E.wav', title: 'Evening Tone', artist: 'Other Signals', album: 'Sine Waves', seconds: 120, hz: 659 },
];

export interface MpdOptions {
  port?: number;
  password?: string;
}

export interface TestMpd {
  host: '127.0.0.1';
  port: number;
  password?: string;
  /** A fresh connection (with the password) for a test to drive the server as another client would. */
  connect(): Promise<MpdConnection>;
  /** Sends commands on a short-lived connection; returns each command's answer lines. */
  send(...lines: string[]): Promise<string[][]>;
  /** SIGKILL (no goodbye to clients, no state written), then start again on the same port. */
  restart(): Promise<void>;
  /** SIGKILL without restarting. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMpd({ port, password }: MpdOptions = {}): Promise<TestMpd> {
  if (!existsSync(MPD_BINARY)) {
    throw new Error(
      `${MPD_BINARY} not found: the MPD tests need a real Music Player Daemon. Install it with \`sudo apt-get install mpd\`.`,
    );
  }
  const chosenPort = port ?? (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeroom-mpd-'));
  const music = path.join(dir, 'music');
  await mkdir(music);
  await mkdir(path.join(dir, 'playlists'));
  for (const t of TEST_TRACKS) await writeFile(path.join(music, t.file), toneWav(t));
  const conf = path.join(dir, 'mpd.conf');
  const q = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const lines = [
    `music_directory ${q(music)}`,
    `playlist_directory ${q(path.join(dir, 'playlists'))}`,
    `db_file ${q(path.join(dir, 'database'))}`,
    `state_file ${q(path.join(dir, 'state'))}`,
    `bind_to_address "127.0.0.1"`,
    `port "${chosenPort}"`,
    'zeroconf_enabled "no"',
    'auto_update "no"',
    'log_level "warning"',
    'audio_output {\n  type "null"\n  name "null"\n  mixer_type "software"\n}',
    ...(password ? [`password ${q(`${password}@read,add,control,admin`)}`, 'default_permissions ""'] : []),
  ];
  await writeFile(conf, `${lines.join('\n')}\n`);

  let child: ChildProcess | undefined = await launch(conf, chosenPort);
  const kill = async () => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await exited;
    }
  };
  const connect = () => MpdConnection.open({ host: '127.0.0.1', port: chosenPort }, { password, timeoutMs: 5000 });
  const send = async (...commands: string[]) => {
    const c = await connect();
    try {
      return await c.commands(commands);
    } finally {
      c.close();
    }
  };
  const mpd: TestMpd = {
    host: '127.0.0.1',
    port: chosenPort,
    ...(password ? { password } : {}),
    connect,
    send,
    restart: async () => {
      await kill();
      child = await launch(conf, chosenPort);
    },
    kill,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await fillQueue(mpd);
  } catch (error) {
    await mpd.stop();
    throw error;
  }
  return mpd;
}

/** Builds the database and queues every track (stopped, volume 50). */
async function fillQueue(mpd: TestMpd): Promise<void> {
  await mpd.send('update');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [status = []] = await mpd.send('status');
    if (!status.some((l) => l.startsWith('updating_db:'))) break;
    if (Date.now() > deadline) throw new Error('mpd did not finish building its database within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await mpd.send('clear', ...TEST_TRACKS.map((t) => commandLine('add', t.file)), commandLine('setvol', 50));
}

function launch(conf: string, port: number): Promise<ChildProcess> {
  return launchServer('mpd', MPD_BINARY, ['--no-daemon', '--stderr', conf], port, 10000);
}

/**
 * A mono 16-bit 8 kHz PCM WAV of a quiet sine tone, with a RIFF `LIST INFO` chunk (INAM title,
 * IART artist, IPRD album), which MPD's WAV decoders read as tags.
 */
export function toneWav(track: Pick<TestTrack, 'seconds' | 'hz' | 'title' | 'artist' | 'album'>): Buffer {
  const rate = 8000;
  const samples = rate * track.seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * track.hz * i) / rate) * 3000), i * 2);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8); // bytes per second
  fmt.writeUInt16LE(2, 12); // block align
  fmt.writeUInt16LE(16, 14); // bits per sample
  const info = Buffer.concat([
    Buffer.from('INFO'),
    infoEntry('INAM', track.title),
    infoEntry('IART', track.artist),
    infoEntry('IPRD', track.album),
  ]);
  const body = Buffer.concat([chunk('fmt ', fmt), chunk('LIST', info), chunk('data', data)]);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length + 4), Buffer.from('WAVE'), body]);
}

function infoEntry(id: string, text: string): Buffer {
  return chunk(id, Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]));
}

/** A RIFF chunk, padded to an even length as RIFF requires. */
function chunk(id: string, payload: Buffer): Buffer {
  const pad = payload.length % 2 ? Buffer.from([0]) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(id, 'ascii'), u32(payload.length), payload, pad]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}
