// `npm run hub`'s entry point, copied to dist/hub.mjs by scripts/build-hub.mjs: it runs the bundled hub
// (dist/hub-main.cjs) with a V8 code cache beside it, so a start after the first neither parses the 3.4 MB bundle
// again nor compiles, function by function, the code the start runs (Node 20 has no module.enableCompileCache).
// The cache is written when a process that found none (or a stale one) exits, and is only used for the exact
// bundle it was made from: V8's own check compares the source's length, not its content, so the file starts with
// the bundle's SHA-1. Any trouble with the cache only means a slower start, never a different one.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// The hub sets this V8 flag as it starts (core/util/memory-policy.ts). V8 takes a code cache only under the flags it
// was made with, and the cache is made at exit: so the flag is set before the bundle is compiled, with the same value
// (hub-loader.test.ts keeps the two equal).
setFlagsFromString('--heap-growing-percent=40');

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'hub-main.cjs');
const cacheFile = join(dir, 'hub-main.v8cache');
const source = readFileSync(bundle, 'utf8');
const digest = createHash('sha1').update(source).digest();

function readCache() {
  try {
    const file = readFileSync(cacheFile);
    return file.subarray(0, digest.length).equals(digest) ? file.subarray(digest.length) : undefined;
  } catch {
    return undefined; // none yet
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
      renameSync(temporary, cacheFile); // whole or not at all, even with two hubs exiting at once
    } catch {
      // A read-only install starts without the cache.
    }
  });
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir);
