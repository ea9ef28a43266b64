#!/usr/bin/env node
/**
 * better-sqlite3 is a native module: its binary is built for one ABI, either plain Node's (tests,
 * `npm run hub`, `npm run bench`) or Electron's (`npm start`). Both use the same
 * node_modules/better-sqlite3/build/Release/better_sqlite3.node, so this script makes sure the
 * binary there fits the runtime about to start — and switches without recompiling when it can:
 *
 *   node scripts/ensure-native.mjs             before tests / hub / bench (plain Node)
 *   node scripts/ensure-native.mjs --electron  before `npm start` (Electron)
 *
 * - Node: loads better-sqlite3 in a child `node`; if that fails with an ABI mismatch
 *   (NODE_MODULE_VERSION / "compiled against a different Node.js version"), it restores the Node
 *   build from the cache, or runs `npm rebuild better-sqlite3`, and checks again.
 * - Electron: if the binary is not known to be Electron's (a stamp with its SHA-256), it restores
 *   the Electron build from the cache or runs `electron-builder install-app-deps`.
 * - Every verified binary is kept in node_modules/.cache/homeroom-native/<runtime>-<abi>.node, so
 *   going back and forth between `npm start` and `npm test` copies a file instead of compiling.
 * Packages (`npm run dist`) are rebuilt for Electron by electron-builder itself.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
const binary = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const stampFile = join(moduleDir, 'build', 'Release', '.homeroom-runtime.json');
const cacheDir = join(root, 'node_modules', '.cache', 'homeroom-native');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = process.argv.includes('--quiet');
const log = (message) => quiet || console.error(`ensure-native: ${message}`);

const sha256 = (file) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '');
function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return stamp.sha256 === sha256(binary) ? stamp.runtime : undefined;
  } catch {
    return undefined;
  }
}
function remember(runtime) {
  writeFileSync(stampFile, JSON.stringify({ runtime, sha256: sha256(binary) }));
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(binary, join(cacheDir, `${runtime}.node`));
}
function restore(runtime) {
  const cached = join(cacheDir, `${runtime}.node`);
  if (!existsSync(cached)) return false;
  copyFileSync(cached, binary);
  writeFileSync(stampFile, JSON.stringify({ runtime, sha256: sha256(binary) }));
  return true;
}
function run(command, args) {
  log(`running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env } });
  return result.status === 0;
}

/** Loads the module in a fresh Node process: `ok`, `abi` (built for another runtime) or `missing`. */
function probeNode() {
  const result = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status === 0) return { state: 'ok' };
  const text = `${result.stderr}`;
  if (/NODE_MODULE_VERSION|different Node\.js version|ERR_DLOPEN_FAILED|invalid ELF header|not a valid Win32/.test(text))
    return { state: 'abi', text };
  return { state: 'missing', text };
}

function ensureNode() {
  const runtime = `node-${process.versions.modules}`;
  let probe = probeNode();
  if (probe.state === 'ok') {
    if (readStamp() !== runtime) remember(runtime);
    return;
  }
  if (probe.state === 'missing') {
    console.error(`ensure-native: better-sqlite3 cannot be loaded; run "npm install".\n${probe.text}`);
    process.exit(1);
  }
  const previous = readStamp();
  if (previous && previous !== runtime && !existsSync(join(cacheDir, `${previous}.node`))) remember(previous);
  log(
    `better-sqlite3 is built for ${previous ?? 'another runtime (Electron?)'}; switching it to Node ${process.version} (${runtime})`,
  );
  if (restore(runtime)) probe = probeNode();
  if (probe.state !== 'ok') {
    if (!run(npm, ['rebuild', 'better-sqlite3'])) process.exit(1);
    probe = probeNode();
  }
  if (probe.state !== 'ok') {
    console.error(`ensure-native: better-sqlite3 still does not load in Node after rebuilding:\n${probe.text}`);
    process.exit(1);
  }
  remember(runtime);
}

function ensureElectron() {
  const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const runtime = `electron-${version}`;
  const current = readStamp();
  if (current === runtime) return;
  // Keep the Node build so tests can switch back without compiling.
  const node = `node-${process.versions.modules}`;
  if (probeNode().state === 'ok') remember(node);
  log(`switching better-sqlite3 to Electron ${version}`);
  if (restore(runtime)) return;
  if (!run(npx, ['electron-builder', 'install-app-deps'])) {
    console.error('ensure-native: could not build better-sqlite3 for Electron (electron-builder install-app-deps failed).');
    process.exit(1);
  }
  if (probeNode().state === 'ok') {
    console.error('ensure-native: install-app-deps left a Node build in place; Electron would fail to load it.');
    process.exit(1);
  }
  remember(runtime);
}

if (process.argv.includes('--electron')) ensureElectron();
else ensureNode();
