// Bundles the headless hub (`npm run hub`) into dist/hub-main.cjs, started by dist/hub.mjs (scripts/hub-loader.mjs,
// with a V8 code cache), so a start loads one file instead of compiling TypeScript with tsx (about 300 ms at every
// start) and resolving hundreds of package files; and core/hub.ts alone into dist/hub-lib.mjs, the same code for the
// benchmarks that run a hub in their own process.
//   node scripts/build-hub.mjs          build when a source under core/ or sim/ is newer than the bundle
//   node scripts/build-hub.mjs --force  always build
import { build } from 'esbuild';
import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// In dist/, so the hub's `../dist/renderer` (relative to core/cli.ts) finds the UI from the bundle too.
const outdir = join(root, 'dist');
const bundles = ['hub.mjs', 'hub-main.cjs', 'hub-lib.mjs'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// The older bundle decides (a missing one counts as never built).
const builtAt = Math.min(
  ...bundles.map((name) => {
    try {
      return statSync(join(outdir, name)).mtimeMs;
    } catch {
      return 0;
    }
  }),
);
const sources = Math.max(
  newestSource(join(root, 'core')),
  newestSource(join(root, 'sim')),
  statSync(join(root, 'package.json')).mtimeMs,
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  statSync(join(root, 'scripts', 'hub-loader.mjs')).mtimeMs,
);
if (process.argv.includes('--force') || sources > builtAt) {
  const options = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Everything in one file except native modules (better-sqlite3 must load its .node binary from node_modules;
    // bufferutil/utf-8-validate are optional native helpers of ws): loading ~400 files of mqtt.js, zod, aedes and the
    // rest took ~250 ms of every start (profiled).
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'electron'],
    // No-op loggers unless DEBUG is set at start (scripts/bundle-debug.cjs says why).
    alias: { debug: join(root, 'scripts', 'bundle-debug.cjs') },
    sourcemap: true,
    logLevel: 'warning',
  };
  // The hub's start: a script, not an ES module, so scripts/hub-loader.mjs can compile it with a V8 code cache.
  await build({
    ...options,
    entryPoints: { 'hub-main': join(root, 'core', 'cli.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  rmSync(join(outdir, 'hub-main.v8cache'), { force: true });
  copyFileSync(join(root, 'scripts', 'hub-loader.mjs'), join(outdir, 'hub.mjs'));
  // The benchmarks import the hub as a module.
  await build({
    ...options,
    entryPoints: { 'hub-lib': join(root, 'core', 'hub.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}
