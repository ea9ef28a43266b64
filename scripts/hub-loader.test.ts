import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../core/util/memory-policy';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheFile = join(root, 'dist', 'hub-main.v8cache');
const startHub = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'dist', 'hub.mjs'), ...args], { cwd: root, encoding: 'utf8' });
const bundleDigest = () =>
  createHash('sha1')
    .update(readFileSync(join(root, 'dist', 'hub-main.cjs')))
    .digest();

describe("npm run hub's loader", () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build-hub.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it('sets the V8 flag the hub sets, so a cache made at exit is accepted at the next start', () => {
    const loader = readFileSync(join(root, 'scripts', 'hub-loader.mjs'), 'utf8');
    expect(loader).toContain(`'--heap-growing-percent=${HEAP_GROWING_PERCENT}'`);
  });

  it('makes a code cache for this exact bundle at the first start and uses it, unchanged, at the next', () => {
    rmSync(cacheFile, { force: true });
    const first = startHub('--help');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('--help');
    const cache = readFileSync(cacheFile);
    expect(cache.subarray(0, 20).equals(bundleDigest())).toBe(true);
    const madeAt = statSync(cacheFile).mtimeMs;

    const second = startHub('--help');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    // Rewritten only when V8 refuses it.
    expect(statSync(cacheFile).mtimeMs).toBe(madeAt);
  }, 30_000);

  it('starts the same with a cache for another bundle or a damaged one, and replaces it', () => {
    const expected = startHub('--help').stdout;
    const made = readFileSync(cacheFile);
    const damages = [
      Buffer.concat([Buffer.alloc(20, 7), made.subarray(20)]), // another bundle's
      Buffer.concat([made.subarray(0, 20), Buffer.from('not a code cache')]), // V8 refuses it
      Buffer.from('garbage'),
    ];
    for (const damaged of damages) {
      writeFileSync(cacheFile, damaged);
      const run = startHub('--help');
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(expected);
      expect(readFileSync(cacheFile).subarray(0, 20).equals(bundleDigest())).toBe(true);
    }
  }, 30_000);
});
