/**
 * `npm run bench:scale [-- --json] [--devices 2000] [--rate 2000] [--rss-minutes 10] [--ui-seconds 30] [--only a,b] [--cpu-prof DIR [--cpu-prof-interval US]] [--lag DIR]`
 *
 * The scale figures of issue 15, each beside a baseline measured in the same run (the machine may be shared):
 *   cold     hub cold start with N retained devices vs a bare mqtt.js client receiving them (bench/scale-hub.ts)
 *            and what that goal leaves the hub: its bundle's load and the configs' validation alone (bench/scale-floor.ts)
 *   resync   broker restart (real mosquitto): time until every device is back, and the longest API gap
 *   ui       Chromium at N devices and R msg/s (bench/scale-ui.ts's measureUi, when present)
 *   rss      hub RSS over --rss-minutes at N devices and R msg/s vs a bare subscriber
 *   mqtt     ingest ratio and command p99 vs raw mqtt.js (bench/run.ts)
 *   history  store inserts vs plain better-sqlite3, 200 sensors' week (bench/history.ts)
 * `npm run bench:scale` builds dist/hub.mjs first (prebench:scale): the hub runs as `npm run hub` runs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startMosquitto as startTestMosquitto } from '../core/test-support/mosquitto';

/**
 * mosquitto's default `max_queued_messages 1000` drops part of a burst of ~11,600 retained messages to one client
 * (measured: 6,700–10,400 of 11,635 arrive when configs and states are asked for at once), for the bare client and
 * the hub alike. Unlimited queues, so every figure counts every message.
 */
const startMosquitto = () => startTestMosquitto({ config: 'max_queued_messages 0\nmax_inflight_messages 0' });
import { runHistoryBench, type HistoryBenchResult } from './history';
import { runMqttBench, type MqttBenchResult } from './run';
import {
  coldStart,
  resync,
  round,
  rssUnderLoad,
  spawnHub,
  spawnSim,
  type ColdStartResult,
  type ResyncResult,
  type RssResult,
} from './scale-hub';
import { startFloor, type StartFloor } from './scale-floor';

const SECTIONS = ['cold', 'resync', 'ui', 'rss', 'mqtt', 'history'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    devices: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '2000' },
    'rss-minutes': { type: 'string', default: '10' },
    'ui-seconds': { type: 'string', default: '30' },
    only: { type: 'string' },
    chromium: { type: 'string' },
    /** Write the cold-start hub's CPU profile (node --cpu-prof) into this directory, the resync hub's into DIR/resync. */
    'cpu-prof': { type: 'string' },
    /** The profiles' sampling interval in µs (node's default 1000); 250 shows where a long task starts and ends. */
    'cpu-prof-interval': { type: 'string' },
    /** Record the hub's long event-loop turns into DIR (bench/lag-recorder.mjs; for profile-longtasks.ts --windows). */
    lag: { type: 'string' },
  },
});
const devices = Number(values.devices);
const rate = Number(values.rate);
const rssMinutes = Number(values['rss-minutes']);
const uiSeconds = Number(values['ui-seconds']);
const only = new Set((values.only?.split(',') ?? SECTIONS) as Section[]);
const log = (line: string) => {
  if (!values.json) console.log(line);
};

const hubArgs = (profDir: string | undefined) => {
  const interval = values['cpu-prof-interval'];
  const args = profDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])]
    : [];
  if (values.lag) {
    mkdirSync(values.lag, { recursive: true });
    process.env.LAG_OUT = values.lag; // the hub inherits the bench's environment
    args.push('--import', fileURLToPath(new URL('./lag-recorder.mjs', import.meta.url)));
  }
  return args;
};

interface UiFigures {
  firstLoadLongTasks: { count: number; maxMs: number };
  firstPaintMs: number;
  allTilesMs: number;
  frame: { p50: number; p95: number; max: number };
  click: { p95: number; trivialP95: number };
}
type MeasureUi = (options: { url: string; durationMs: number; chromiumPath?: string }) => Promise<UiFigures>;

interface ScaleResult {
  machine: { cpus: number; loadAvg1m: number };
  cold?: ColdStartResult;
  /** What the cold start's goal leaves the hub: the parts of its start measured alone, in the same run. */
  coldFloor?: StartFloor;
  resync?: ResyncResult;
  ui?: UiFigures | { skipped: string };
  rss?: RssResult;
  mqtt?: MqttBenchResult;
  history?: HistoryBenchResult;
}

async function ui(): Promise<UiFigures | { skipped: string }> {
  const file = new URL('./scale-ui.ts', import.meta.url);
  if (!existsSync(file)) return { skipped: 'bench/scale-ui.ts not present' };
  if (!existsSync(new URL('../dist/renderer/index.html', import.meta.url)))
    return { skipped: 'dist/renderer is not built (npm run build:renderer)' };
  const { measureUi } = (await import(pathToFileURL(file.pathname).href)) as { measureUi: MeasureUi };
  const broker = await startMosquitto();
  const sim = await spawnSim(broker.url, devices, rate);
  const hub = await spawnHub({ mqttUrl: broker.url });
  try {
    return await measureUi({ url: hub.loginUrl, durationMs: uiSeconds * 1000, chromiumPath: values.chromium });
  } finally {
    await hub.stop();
    await sim.stop();
    await broker.stop();
  }
}

async function main(): Promise<void> {
  const os = await import('node:os');
  const result: ScaleResult = { machine: { cpus: os.cpus().length, loadAvg1m: round(os.loadavg()[0]!, 2) } };
  if (only.has('cold')) {
    log(`Cold start with ${devices} + the home's devices retained…`);
    const broker = await startMosquitto();
    try {
      const prof = values['cpu-prof'];
      result.cold = await coldStart(broker, devices, hubArgs(prof));
    } finally {
      await broker.stop();
    }
    result.coldFloor = await startFloor(devices);
  }
  if (only.has('resync')) {
    log('Resync after a broker restart…');
    const broker = await startMosquitto();
    try {
      const prof = values['cpu-prof'];
      result.resync = await resync(broker, devices, hubArgs(prof && `${prof}/resync`));
    } finally {
      await broker.stop();
    }
  }
  if (only.has('ui')) {
    log(`UI in Chromium at ${devices} devices and ${rate} msg/s…`);
    result.ui = await ui();
    if ('skipped' in result.ui) log(`UI figures: ${result.ui.skipped}`);
  }
  if (only.has('rss')) {
    log(`Hub RSS over ${rssMinutes} min at ${devices} devices and ${rate} msg/s…`);
    const broker = await startMosquitto();
    try {
      result.rss = await rssUnderLoad(broker, devices, rate, rssMinutes, log);
    } finally {
      await broker.stop();
    }
  }
  if (only.has('mqtt')) {
    log('Ingest and command round trip against raw mqtt.js…');
    result.mqtt = await runMqttBench(log);
  }
  if (only.has('history')) {
    log('History store against plain better-sqlite3…');
    result.history = await runHistoryBench();
  }
  if (values.json) console.log(JSON.stringify(result));
  else print(result);
}

function print(r: ScaleResult): void {
  const rows: Record<string, { hub: string; baseline: string; ratio: string; goal: string }> = {};
  const add = (name: string, hub: string, baseline: string, ratio: string, goal: string) =>
    (rows[name] = { hub, baseline, ratio, goal });
  if (r.cold)
    add(
      `cold start, ${r.cold.devices} devices (ms)`,
      String(r.cold.hubMs),
      `${r.cold.bareClientMs} bare client`,
      `${r.cold.ratio}×`,
      `≤ 2× and < 2000 ms: ${r.cold.ratio <= 2 && r.cold.hubMs < 2000 ? 'met' : 'NOT met'}`,
    );
  if (r.cold) {
    add(
      '  first start after a build, no code cache (ms)',
      String(r.cold.firstStartMs),
      '',
      `${round(r.cold.firstStartMs / r.cold.bareClientMs, 2)}×`,
      '',
    );
    add('  longest API answer during start (ms)', String(r.cold.apiMaxGapMs), '', '', '< 50');
  }
  if (r.cold && r.coldFloor) {
    const f = r.coldFloor;
    const share = (ms: number) => `${round(ms / r.cold!.bareClientMs, 2)}×`;
    add(
      '  alone: Node and the bundle loaded, --help (ms)',
      String(f.bundleLoadMs),
      `${f.bareLoadMs} Node and mqtt.js`,
      share(f.bundleLoadMs),
      '',
    );
    add(`  alone: ${f.configs} configs' JSON + zod, once (ms)`, String(f.configCheckMs), '', share(f.configCheckMs), '');
    // The bare client's own receiving (its time after loading) is work the hub has to do as well.
    const receiving = r.cold.bareClientMs - f.bareLoadMs;
    const left = round(2 * r.cold.bareClientMs - f.bundleLoadMs - f.configCheckMs - receiving);
    add(
      '  2× leaves for the rest of the hub, after those and receiving (ms)',
      String(left),
      `${round(receiving)} receiving`,
      '',
      '',
    );
  }
  if (r.resync) {
    add(
      `resync after broker restart (ms)`,
      String(r.resync.hubMs),
      `${r.resync.bareClientMs} bare client`,
      `${r.resync.ratio}×`,
      `< 3000: ${r.resync.hubMs < 3000 ? 'met' : 'NOT met'}`,
    );
    add(
      '  longest API answer during resync (ms)',
      String(r.resync.apiMaxGapMs),
      '',
      '',
      `< 100: ${r.resync.apiMaxGapMs < 100 ? 'met' : 'NOT met'}`,
    );
  }
  if (r.ui && !('skipped' in r.ui)) {
    const u = r.ui;
    add(
      'UI first load: long tasks (count / max ms)',
      `${u.firstLoadLongTasks.count} / ${u.firstLoadLongTasks.maxMs}`,
      '',
      '',
      'none > 50 ms after first paint',
    );
    add('UI first paint / all tiles (ms)', `${u.firstPaintMs} / ${u.allTilesMs}`, '', '', '');
    add(
      'UI frame p50 / p95 / max (ms)',
      `${u.frame.p50} / ${u.frame.p95} / ${u.frame.max}`,
      '16.7 (60 Hz)',
      '',
      'p95 ≤ 16.7, max ≤ 50',
    );
    add(
      'UI click → next frame p95 (ms)',
      String(u.click.p95),
      `${u.click.trivialP95} trivial page`,
      `${round(u.click.p95 / u.click.trivialP95, 2)}×`,
      `≤ 2× trivial + 16: ${u.click.p95 <= 2 * u.click.trivialP95 + 16 ? 'met' : 'NOT met'}`,
    );
  }
  if (r.rss)
    add(
      `hub RSS over ${r.rss.minutes} min at ${r.rss.rate} msg/s (MB)`,
      `${r.rss.hubMb.start} → ${r.rss.hubMb.end} (max ${r.rss.hubMb.max}, slope ${r.rss.hubMb.slopeMbPerMin} MB/min)`,
      `${r.rss.bareClientMb.end} bare subscriber`,
      '',
      `< 200, slope ≈ 0: ${r.rss.hubMb.max < 200 ? 'met' : 'NOT met'}`,
    );
  if (r.rss)
    add(
      `hub CPU over those ${r.rss.minutes} min (ms per s)`,
      String(r.rss.hubCpuMsPerS),
      `${r.rss.bareClientCpuMsPerS} bare subscriber`,
      String(round(r.rss.hubCpuMsPerS / r.rss.bareClientCpuMsPerS, 2)),
      '—',
    );
  if (r.mqtt) {
    add(
      'ingest (msg/s)',
      String(r.mqtt.ingestHubPerS),
      `${r.mqtt.ingestRawPerS} raw`,
      `${r.mqtt.ingestRatio}×`,
      `≥ 0.8×: ${r.mqtt.ingestRatio >= 0.8 ? 'met' : 'NOT met'}`,
    );
    add(
      'ingest CPU (µs per message, bench process)',
      String(r.mqtt.ingestHubCpuUsPerMsg),
      `${r.mqtt.ingestRawCpuUsPerMsg} raw`,
      `${round(r.mqtt.ingestRawCpuUsPerMsg / r.mqtt.ingestHubCpuUsPerMsg, 2)}×`,
      '—',
    );
    const limit = round(1.5 * r.mqtt.rawP99Ms + 1, 2);
    add(
      'command round trip p99 (ms)',
      String(r.mqtt.commandP99Ms),
      `${r.mqtt.rawP99Ms} raw`,
      `${round(r.mqtt.commandP99Ms / r.mqtt.rawP99Ms, 2)}×`,
      `≤ 1.5× raw + 1 (${limit}): ${r.mqtt.commandP99Ms <= limit ? 'met' : 'NOT met'}`,
    );
  }
  if (r.history) {
    add(
      'history inserts (rows/s)',
      String(r.history.storeRowsPerS),
      `${r.history.plainRowsPerS} plain better-sqlite3`,
      `${r.history.ratio}×`,
      `≥ 0.6×: ${r.history.ratio >= 0.6 ? 'met' : 'NOT met'}`,
    );
    add(
      `history: ${r.history.sensors} sensors' week (ms)`,
      `${r.history.weekAllSensorsMs.total} (${r.history.weekAllSensorsMs.points} points, ${r.history.weekAllSensorsMs.resolution})`,
      `${r.history.weekAllSensors5mMs.total} from 5-minute buckets (${r.history.weekAllSensors5mMs.points} points)`,
      `${r.history.weekSpeedup}× faster`,
      `< 100: ${r.history.weekAllSensorsMs.total < 100 ? 'met' : 'NOT met'}`,
    );
  }
  console.log(
    `\nMachine: ${r.machine.cpus} cores, load average ${r.machine.loadAvg1m} at the start (shared machines are noisy).`,
  );
  if (r.ui && 'skipped' in r.ui) console.log(`UI figures: ${r.ui.skipped}`);
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
