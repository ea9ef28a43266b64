// Bundles the headless hub (`npm run hub`) into dist/hub.mjs, so a start loads one file instead of
// compiling TypeScript with tsx (about 300 ms at every start) and resolving hundreds of package files; and
// core/hub.ts alone into dist/hub-lib.mjs, the same code for the benchmarks that run a hub in their own process.
//   node scripts/build-hub.mjs          build when a source under core/ or sim/ is newer than the bundle
//   node scripts/build-hub.mjs --force  always build
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// In dist/, so the hub's `../dist/renderer` (relative to core/cli.ts) finds the UI from the bundle too.
const outdir = join(root, 'dist');
const entryPoints = { hub: join(root, 'core', 'cli.ts'), 'hub-lib': join(root, 'core', 'hub.ts') };

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
  ...Object.keys(entryPoints).map((name) => {
    try {
      return statSync(join(outdir, `${name}.mjs`)).mtimeMs;
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
);
if (process.argv.includes('--force') || sources > builtAt) {
  await build({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Everything in one file except native modules (better-sqlite3 must load its .node binary from node_modules;
    // bufferutil/utf-8-validate are optional native helpers of ws): loading ~400 files of mqtt.js, zod, aedes and the
    // rest took ~250 ms of every start (profiled).
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'electron'],
    // No-op loggers unless DEBUG is set at start (scripts/bundle-debug.cjs says why).
    alias: { debug: join(root, 'scripts', 'bundle-debug.cjs') },
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    sourcemap: true,
    logLevel: 'warning',
  });
}
