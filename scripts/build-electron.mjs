// Bundles the Electron shell (main + sandboxed preload) with the hub it starts in-process.
// npm packages stay external: electron-builder ships node_modules, and native modules
// must load from there.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'info',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', packages: 'external' }),
  // A sandboxed preload can require only 'electron': bundle everything else into it.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] }),
]);
