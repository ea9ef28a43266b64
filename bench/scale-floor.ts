/**
 * What the cold start's goal (≤ 2× a bare client) leaves the hub, measured in the same run as the start: the parts of
 * the start that no faster handling of the house can remove, each in a fresh process as the hub's start has them.
 * - `bundleLoadMs`: spawn → exit of `node dist/hub.mjs --help` with the code cache (Node, the bundle's compile and
 *   top level; nothing connected or opened).
 * - `bareLoadMs`: the same for the bare client's script up to its connect (Node and mqtt.js loaded): the rest of the
 *   bare client's time is receiving the retained messages, which the hub does too.
 * - `configCheckMs`: every retained discovery config of the house through `parseDiscoveryMessage` once — JSON,
 *   abbreviations and zod, the boundary the hub keeps — in a process of its own with the same esbuild bundle options
 *   as the hub (functions compiled at first use, as at a start).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildScenario } from '../sim/virtual-home';
import { discoveryMessages } from '../sim/z2m/discovery';
import { stableStringify } from '../sim/z2m/json';
import { round } from './scale-hub';
import { median } from './stats';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface StartFloor {
  /** Median of three spawn → exit times of `node dist/hub.mjs --help`. */
  bundleLoadMs: number;
  /** The same for the bare client's script up to its connect: Node and mqtt.js loaded. */
  bareLoadMs: number;
  configs: number;
  /** One pass of `parseDiscoveryMessage` over every config (median of three fresh processes). */
  configCheckMs: number;
}

export async function startFloor(extraDevices: number): Promise<StartFloor> {
  const dir = mkdtempSync(join(tmpdir(), 'homeroom-scale-floor-'));
  try {
    const configs: [string, string][] = [];
    // The payloads exactly as the simulated bridge publishes them (sim/z2m/bridge.ts announce()).
    for (const device of buildScenario('home', 1, extraDevices).devices)
      for (const m of discoveryMessages(device)) configs.push([m.topic, stableStringify(m.payload)]);
    const configsFile = join(dir, 'configs.json');
    writeFileSync(configsFile, JSON.stringify(configs));
    const entry = join(dir, 'check.mjs');
    await build({
      entryPoints: [join(repoRoot, 'bench', 'scale-floor-child.ts')],
      outfile: entry,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
    });
    const loads: number[] = [];
    const bareLoads: number[] = [];
    const checks: number[] = [];
    for (let i = 0; i < 3; i++) {
      loads.push(await timeExit(process.execPath, [join(repoRoot, 'dist', 'hub.mjs'), '--help']));
      bareLoads.push(await timeExit(process.execPath, ['--input-type=module', '-e', "import 'mqtt';"]));
      checks.push(await checkConfigs(entry, configsFile));
    }
    return {
      bundleLoadMs: round(median(loads)),
      bareLoadMs: round(median(bareLoads)),
      configs: configs.length,
      configCheckMs: round(median(checks)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeExit(command: string, args: string[]): Promise<number> {
  const spawnedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - spawnedAt) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

function checkConfigs(entry: string, configsFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [entry, configsFile], { cwd: repoRoot }, (error, stdout) => {
      if (error) return reject(error);
      const { ms } = JSON.parse(stdout) as { ms: number };
      resolve(ms);
    });
  });
}
