/**
 * The hub that the benchmarks running one in their own process measure: core/hub.ts as esbuild bundles it for
 * `npm run hub` (dist/hub-lib.mjs, built here when a source is newer), so they time the code users run — `npm run hub`
 * and the Electron app both run bundles. Under tsx every function expression goes through esbuild's keepNames helper
 * (`__name`, an `Object.defineProperty` per closure created): 3 % of a command round trip's CPU and ~8 % of the ingest
 * figure (profiled). `HOMEROOM_BENCH_SOURCES=1` measures the TypeScript sources under tsx instead.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as HubModule from '../core/hub';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function loadHub(): Promise<typeof HubModule> {
  if (process.env.HOMEROOM_BENCH_SOURCES === '1') return import('../core/hub');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-hub.mjs')], { stdio: 'inherit' });
  return (await import(pathToFileURL(join(root, 'dist', 'hub-lib.mjs')).href)) as typeof HubModule;
}
