/**
 * A real mosquitto for tests: the broker the hub meets most often in the field, so
 * reconnects, authentication and wire behaviour are tested against it, not a mock.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, launchServer } from './server-process';

export { freePort };

const MOSQUITTO = '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';

export interface MosquittoOptions {
  /** Default: a free port. */
  port?: number;
  /** Extra mosquitto.conf lines, e.g. `password_file /tmp/x\nallow_anonymous false`. */
  config?: string;
}

export interface Mosquitto {
  url: string;
  port: number;
  /** Kills the broker and removes its temporary directory. */
  stop(): Promise<void>;
  /** Kills and restarts the broker on the same port (clients see the connection drop). */
  restart(): Promise<void>;
  /** Kills the broker (SIGKILL, like a crash); `start()` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function startMosquitto({ port, config = '' }: MosquittoOptions = {}): Promise<Mosquitto> {
  requireBinary(MOSQUITTO);
  const chosenPort = port ?? (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeroom-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  const lines = [
    `listener ${chosenPort} 127.0.0.1`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    // Run as whoever runs the tests (as root mosquitto would switch to user `mosquitto`,
    // which cannot read files in our private temporary directory).
    `user ${os.userInfo().username}`,
  ];
  if (!/^\s*allow_anonymous\b/m.test(config))
    lines.push(`allow_anonymous ${/^\s*password_file\b/m.test(config) ? 'false' : 'true'}`);
  await writeFile(conf, `${lines.join('\n')}\n${config}\n`);

  let child: ChildProcess | undefined = await launch(conf, chosenPort);
  const kill = async () => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL'); // abrupt, like a crash or a pulled cable: no DISCONNECT sent to clients
      await exited;
    }
  };
  return {
    url: `mqtt://127.0.0.1:${chosenPort}`,
    port: chosenPort,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await kill();
      child = await launch(conf, chosenPort);
    },
    kill,
    start: async () => {
      if (!child) child = await launch(conf, chosenPort);
    },
  };
}

/** Writes a mosquitto password file (hashed by mosquitto_passwd) and returns its path. */
export async function writePasswordFile(dir: string, users: Record<string, string>): Promise<string> {
  requireBinary(MOSQUITTO_PASSWD);
  const file = path.join(dir, 'passwd');
  let first = true;
  for (const [user, pass] of Object.entries(users)) {
    await promisify(execFile)(MOSQUITTO_PASSWD, first ? ['-b', '-c', file, user, pass] : ['-b', file, user, pass]);
    first = false;
  }
  return file;
}

function requireBinary(file: string): void {
  if (!existsSync(file)) {
    throw new Error(
      `${file} not found: the MQTT tests need a real mosquitto broker. Install it with \`sudo apt-get install mosquitto\`.`,
    );
  }
}

function launch(conf: string, port: number): Promise<ChildProcess> {
  return launchServer('mosquitto', MOSQUITTO, ['-c', conf], port, 5000);
}
