/**
 * kill -9: a child process writes through the store and prints an acknowledgement after every
 * write; it is killed with SIGKILL at random moments, several times over the same data
 * directory. After each kill the store must open cleanly, contain every acknowledged write and
 * pass `PRAGMA integrity_check`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore } from './store';
import { tempDataDir } from './test-support';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 6;
const data = tempDataDir();
afterAll(() => data.remove());

async function runAndKill(round: number, killAfterMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/store/crash-writer.ts', data.dir, String(round)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  // Wait for the first acknowledgement, then kill at a random moment.
  const started = Date.now();
  while (!out.includes('ack ') && child.exitCode === null) {
    if (Date.now() - started > 20_000) throw new Error(`writer did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, killAfterMs));
  child.kill('SIGKILL');
  expect(await exited, err).toBe('SIGKILL');
  // Every complete line was acknowledged; a torn last line was not.
  return out
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('ack '));
}

describe('crash safety', () => {
  it(`keeps every acknowledged write through ${ROUNDS} SIGKILLs`, async () => {
    const renames: [string, string][] = [];
    const rooms: string[] = [];
    let lastLatitude = -1;
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await runAndKill(round, 30 + Math.floor(Math.random() * 400));
      expect(acks.length).toBeGreaterThan(0);
      for (const line of acks) {
        const [, kind, a, b] = line.split(' ');
        if (kind === 'rename') renames.push([`mqtt:dev-${a}-${b}`, `Renamed ${a}/${b}`]);
        if (kind === 'setting') lastLatitude = (Number(a) * 100_000 + Number(b)) / 10_000;
        if (kind === 'room') rooms.push(a!);
      }

      const store = openStore({ dataDir: data.dir, clock: systemClock, logger: silentLogger });
      try {
        expect(store.problem).toBeUndefined();
        expect(store.database.main.pragma('integrity_check', { simple: true })).toBe('ok');
        const overrides = store.overrides.all();
        const missing = renames.filter(([id, name]) => overrides.get(id)?.name !== name);
        expect(missing).toEqual([]);
        const roomIds = new Set(store.rooms.list().map((r) => r.id));
        expect(rooms.filter((id) => !roomIds.has(id))).toEqual([]);
        // The last acknowledged setting, or one written after it (not yet acknowledged when killed).
        expect(store.settings.get('location')?.latitude).toBeGreaterThanOrEqual(lastLatitude);
      } finally {
        store.close();
      }
    }
    expect(renames.length).toBeGreaterThan(ROUNDS);
  }, 120_000);
});
