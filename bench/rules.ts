/**
 * 200 enabled automations under the virtual home's 2,000-device load (`npm run bench`, or `npx tsx bench/rules.ts
 * [--json]` alone). The virtual home runs in its own process (so the hub's CPU is this process's), publishing through
 * one mosquitto to the hub. The same run measures the hub's CPU without automations and with them, in alternating
 * windows (after a warm-up: off, on, on, off, off, on) so a change in the home's activity over time weighs on both; and the trigger → command
 * latency end to end: a probe sensor's report published to the broker until its automation's `/set` arrives there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import mqtt, { type MqttClient } from 'mqtt';
import type { AutomationDraft, Device } from '../core/model';
import { startMosquitto } from '../core/test-support/mosquitto';
import { silentLogger } from '../core/util/logger';
import { buildScenario } from '../sim/virtual-home';
import { loadHub } from './hub-under-test';
import { latencySummary } from './stats';
import { bulbConfig, bulbState } from './z2m-fixtures';

const TOTAL_DEVICES = 2000;
const AUTOMATIONS = 200;
/**
 * Automations whose trigger the bench itself publishes, to time trigger → command; each runs at most 20 times (more
 * than 20 runs a minute is what loop detection stops).
 */
const PROBES = 25;
const WINDOW_MS = 6_000;
/**
 * Windows without and with the automations, alternating. A major GC costs tens of ms and lands in one window or the
 * next: many short windows average it out where three long ones made the ratio move by ±0.15 between runs.
 */
const ROUNDS = 12;
/** Up to this long between windows, at random (see the loop). */
const PHASE_JITTER_MS = 4_000;
const LATENCY_SAMPLES = 500;
const SIM_SPEED = 60;
/**
 * The simulated day starts in the morning, whatever the real time: at night the home's people sleep, no sensor
 * triggers anything, and the figure would measure idle automations.
 */
const SIM_START = '07:00';

export interface RulesBenchResult {
  devices: number;
  automations: number;
  /** Hub CPU (ms of CPU per s of wall time) without and with the automations. */
  cpuWithoutMsPerS: number;
  cpuWithMsPerS: number;
  /**
   * With against without, each as CPU per device report: the simulated home's report rate drifts by a few per cent
   * between windows, and that drift is not the automations' doing.
   */
  cpuRatio: number;
  /** The same ratio from CPU per second alone. */
  cpuRatioPerS: number;
  /** Device reports the hub received per second without and with the automations (their commands add some). */
  reportsPerS: number;
  reportsWithPerS: number;
  /** The part of that CPU spent in the kernel (sockets: every message and command). */
  systemWithoutMsPerS: number;
  systemWithMsPerS: number;
  /** The part on the main thread (the event loop); the rest is V8's and libuv's helper threads (GC, compilation). */
  mainThreadWithoutMsPerS: number;
  mainThreadWithMsPerS: number;
  /** Garbage-collection pauses (ms per s) and old-generation growth (MB per s: what survives and is promoted). */
  gcPauseWithoutMsPerS: number;
  gcPauseWithMsPerS: number;
  heapGrowthWithoutMBPerS: number;
  heapGrowthWithMBPerS: number;
  /** Automation runs started and commands sent per second while they were enabled. */
  runsPerS: number;
  /** Traces per second: runs and triggers that did not lead to one (conditions failed, the mode refused). */
  tracesPerS: number;
  commandsPerS: number;
  triggerToCommandP50Ms: number;
  triggerToCommandP99Ms: number;
  /** The same round trip through the same broker under the same load, echoed by a bare mqtt.js client. */
  rawP50Ms: number;
  rawP99Ms: number;
}

const probeSensor = (k: number) => {
  const ieee = `0x00178801ben${String(k).padStart(5, '0')}`;
  const name = `bench_probe_${k}`;
  return {
    id: `mqtt:zigbee2mqtt_${ieee}`,
    name,
    topic: `homeassistant/binary_sensor/${ieee}/occupancy/config`,
    config: {
      availability: [{ topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' }],
      device: { identifiers: [`zigbee2mqtt_${ieee}`], manufacturer: 'Aqara', model: 'Motion sensor', name },
      device_class: 'motion',
      payload_off: false,
      payload_on: true,
      state_topic: `zigbee2mqtt/${name}`,
      unique_id: `${ieee}_occupancy_zigbee2mqtt`,
      value_template: '{{ value_json.occupancy }}',
    },
  };
};
const probeLight = (k: number) => bulbConfig(90_000 + k);

function connect(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0 }).then((client) => {
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    return client;
  });
}

/** 175 automations over the home's own sensors and lights (state, numeric, with conditions and waits), 25 probes. */
function automationsFor(devices: readonly Device[]): AutomationDraft[] {
  const sensors = devices.filter(
    (d) => d.capabilities.occupancy || d.capabilities.motion || d.capabilities.contact || d.capabilities.temperature,
  );
  const lights = devices.filter((d) => d.kind === 'light' && d.capabilities.brightness && !d.name.startsWith('bench_'));
  const out: AutomationDraft[] = [];
  // The hub checks time conditions on the real clock: a window around the run's time of day, so they pass at any hour.
  const hour = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  const now = new Date().getHours();
  const around = { type: 'time' as const, after: hour(now - 1), before: hour(now + 3) };
  for (let i = 0; out.length < AUTOMATIONS - PROBES; i++) {
    const sensor = sensors[(i * 7) % sensors.length]!;
    const light = lights[(i * 13) % lights.length]!;
    const caps = sensor.capabilities;
    const field: 'occupancy' | 'motion' | 'contact' | 'temperature' = caps.occupancy
      ? 'occupancy'
      : caps.motion
        ? 'motion'
        : caps.contact
          ? 'contact'
          : 'temperature';
    const trigger =
      field === 'temperature'
        ? { type: 'numeric' as const, device: sensor.id, capability: 'temperature' as const, below: 18 + (i % 5) }
        : { type: 'state' as const, device: sensor.id, capability: field, to: true };
    out.push({
      name: `Bench ${i}`,
      enabled: true,
      mode: 'restart',
      max: 10,
      respectManual: true,
      triggers: [trigger],
      conditions: i % 2 === 0 ? [around] : [],
      actions: [
        { type: 'command', device: light.id, command: { power: true, brightness: 20 + (i % 60) } },
        { type: 'delay', for: 'PT2M' },
        { type: 'command', device: light.id, command: { power: false } },
      ],
    });
  }
  for (let k = 0; k < PROBES; k++)
    out.push({
      name: `Probe ${k}`,
      enabled: true,
      mode: 'restart',
      max: 10,
      respectManual: true,
      triggers: [{ type: 'state', device: probeSensor(k).id, capability: 'motion' }],
      conditions: [],
      actions: [{ type: 'command', device: `mqtt:zigbee2mqtt_${probeLight(k).ieee}`, command: { power: true, brightness: 50 } }],
    });
  return out;
}

export async function runRulesBench(log: (line: string) => void = () => {}): Promise<RulesBenchResult> {
  // Without TCP_NODELAY, mosquitto's Nagle on its busy connection to the hub holds a small message until the previous
  // segment is acknowledged (~40 ms with delayed ACKs): every message, automation or not, would wait for it.
  const broker = await startMosquitto({ config: 'set_tcp_nodelay true' });
  const extra = TOTAL_DEVICES - buildScenario('home', 1, 0).devices.length;
  let sim: ChildProcess | undefined;
  const { startHub } = await loadHub();
  // With a store, as every hub a user runs has (`~/.homeroom`, Electron's userData): history, traces and the logbook
  // in SQLite. Without one the traces piled up in memory and no report was recorded, which no installation does.
  const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-bench-rules-'));
  const hub = await startHub({ mqttUrl: broker.url, dataDir }, { logger: silentLogger });
  const bench = await connect(broker.url);
  try {
    // The probes: motion sensors the bench reports, bulbs that echo what they are sent.
    const arrivals = new Map<string, () => void>();
    bench.on('message', (topic, payload) => {
      const name = topic.split('/')[1]!;
      arrivals.get(name)?.();
      const set = JSON.parse(payload.toString()) as { state?: string; brightness?: number };
      bench.publish(`zigbee2mqtt/${name}`, bulbState(set.brightness ?? 254, set.state !== 'OFF'));
    });
    await bench.subscribeAsync(Array.from({ length: PROBES }, (_, k) => `zigbee2mqtt/${probeLight(k).name}/set`));
    for (let k = 0; k < PROBES; k++) {
      const sensor = probeSensor(k);
      const light = probeLight(k);
      await bench.publishAsync(sensor.topic, JSON.stringify(sensor.config), { retain: true });
      await bench.publishAsync(`zigbee2mqtt/${sensor.name}`, '{"occupancy":false}', { retain: true });
      await bench.publishAsync(light.topic, JSON.stringify(light.config), { retain: true });
      await bench.publishAsync(`zigbee2mqtt/${light.name}`, bulbState(100, false), { retain: true });
    }

    // Node itself, not `npx tsx`: a SIGTERM to npx left the simulator running (and queueing for a broker that was gone).
    sim = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sim/cli.ts',
        '--mqtt',
        broker.url,
        '--devices',
        String(extra),
        '--speed',
        String(SIM_SPEED),
        '--start',
        SIM_START,
        '--no-lan',
      ],
      {
        stdio: 'ignore',
      },
    );
    // Every simulated device and the probes (a loaded machine announces them slowly: waiting for the count to stop
    // growing once measured 1,527 of them).
    const expected = TOTAL_DEVICES + 2 * PROBES;
    for (let waited = 0, seen = 0; seen < expected; waited += 250) {
      if (waited > 300_000) throw new Error(`only ${seen} of ${expected} devices were discovered within 5 minutes`);
      await new Promise((r) => setTimeout(r, 250));
      const now = hub.registry.list().length;
      if (now !== seen) log(`  ${now} devices…`);
      seen = now;
    }
    // Let the retained states settle before measuring.
    await new Promise((r) => setTimeout(r, 3000));
    log(`Discovered ${hub.registry.list().length} devices (the virtual home and ${2 * PROBES} probes).`);
    const drafts = automationsFor(hub.registry.list());

    let reports = 0;
    let runs = 0;
    let traces = 0;
    let commands = 0;
    const offs = [
      hub.registry.events.on('deviceChanged', 'bench', () => void reports++),
      hub.automations.events.on('automationRun', 'bench', (t) => {
        traces++;
        if (t.ran) runs++;
      }),
      hub.registry.events.on('commandUpdate', 'bench', (u) => void (u.status === 'pending' && commands++)),
    ];
    // Entries arrive after the fact (the forced collection's may come inside the next window): kept with their start.
    const gcPauses: { at: number; ms: number }[] = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push({ at: entry.startTime, ms: entry.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const profiler = windowProfiler(process.env.RULES_CPU_PROF);
    const window = async (label = 'warm-up') => {
      // A full collection before each window, outside it: the old generation grows 10–25 MB a minute here, so V8 would otherwise
      // run a major collection (~100 ms of CPU with its helper threads) every minute or so, in one window or the next,
      // and move a 16-window ratio by ±0.1 on its own. What each side promotes is measured instead (heap growth), so an
      // automation that made the old generation grow faster would still show.
      collectGarbage();
      // V8 sweeps what the collection freed on its helper threads afterwards: let that finish outside the window too.
      await new Promise((r) => setTimeout(r, 1000));
      const heapBefore = oldGeneration();
      const cpu = process.cpuUsage();
      const mainBefore = mainThreadCpuMs();
      const start = performance.now();
      const before = { reports, runs, commands, traces };
      await profiler.start();
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const used = process.cpuUsage(cpu);
      const mainMs = mainThreadCpuMs() - mainBefore;
      const end = performance.now();
      await profiler.stop(label);
      const wall = (end - start) / 1000;
      await new Promise((r) => setImmediate(r)); // the window's last entries delivered
      const paused = gcPauses.filter((p) => p.at >= start && p.at < end).reduce((sum, p) => sum + p.ms, 0);
      gcPauses.length = 0;
      return {
        gcPauseMsPerS: paused / wall,
        heapGrowthMBPerS: (oldGeneration() - heapBefore) / 1e6 / wall,
        cpuMsPerS: (used.user + used.system) / 1000 / wall,
        systemMsPerS: used.system / 1000 / wall,
        mainThreadMsPerS: mainMs / wall,
        reportsPerS: (reports - before.reports) / wall,
        runsPerS: (runs - before.runs) / wall,
        tracesPerS: (traces - before.traces) / wall,
        commandsPerS: (commands - before.commands) / wall,
      };
    };
    const pause = () => new Promise((r) => setTimeout(r, 2000));
    const enable = () => {
      if (hub.automations.list().length === 0) drafts.forEach((d) => hub.automations.save(d));
    };
    const disable = () => hub.automations.list().forEach((a) => hub.automations.remove(a.id));
    const without: number[] = [];
    const withRules: number[] = [];
    const load: number[] = [];
    const loadWith: number[] = [];
    const perReport = { on: [] as number[], off: [] as number[] };
    const gc = { on: [] as number[], off: [] as number[] };
    const system = { on: [] as number[], off: [] as number[] };
    const mainThread = { on: [] as number[], off: [] as number[] };
    const growth = { on: [] as number[], off: [] as number[] };
    const activity: { runsPerS: number; commandsPerS: number; tracesPerS: number }[] = [];
    log(`Measuring hub CPU in ${2 * ROUNDS} windows of ${WINDOW_MS / 1000} s, without and with the automations in turn…`);
    // One unmeasured window with the automations first (the rule code compiled, the settling after discovery done),
    // then off/on windows in the order off on on off off on…, so a trend in the home's activity weighs on both alike.
    enable();
    await window();
    for (let i = 0; i < 2 * ROUNDS; i++) {
      const on = i % 4 === 1 || i % 4 === 2;
      // Switching 200 automations on or off makes garbage; a pause lets it be collected outside the windows.
      const enabled = hub.automations.list().length > 0;
      if (on !== enabled) {
        if (on) enable();
        else disable();
        await pause();
      }
      // A random start: the simulated home has rhythms of its own (at 60× an hour of its day passes each real minute),
      // and a fixed schedule of windows kept one kind of window on the same phase of them: in one run every fourth
      // window with the automations had ~10 % fewer reports than any without (a 66 s period).
      await new Promise((r) => setTimeout(r, Math.random() * PHASE_JITTER_MS));
      const measured = await window(`${String(i).padStart(2, '0')}-${on ? 'on' : 'off'}`);
      (on ? withRules : without).push(measured.cpuMsPerS);
      (on ? loadWith : load).push(measured.reportsPerS);
      perReport[on ? 'on' : 'off'].push(measured.cpuMsPerS / measured.reportsPerS);
      gc[on ? 'on' : 'off'].push(measured.gcPauseMsPerS);
      system[on ? 'on' : 'off'].push(measured.systemMsPerS);
      mainThread[on ? 'on' : 'off'].push(measured.mainThreadMsPerS);
      growth[on ? 'on' : 'off'].push(measured.heapGrowthMBPerS);
      log(
        `  ${on ? 'with   ' : 'without'} ${measured.cpuMsPerS.toFixed(1)} ms/s at ${Math.round(measured.reportsPerS)} reports/s` +
          ` (main thread ${measured.mainThreadMsPerS.toFixed(1)}, system ${measured.systemMsPerS.toFixed(1)}; GC pauses ${measured.gcPauseMsPerS.toFixed(1)} ms/s, old generation +${measured.heapGrowthMBPerS.toFixed(2)} MB/s)`,
      );
      if (on) activity.push(measured);
    }

    // Trigger → command, with all 200 enabled and the home still running.
    enable();
    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const k = i % PROBES;
      const name = probeLight(k).name;
      const start = performance.now();
      const arrived = new Promise<void>((resolve) => arrivals.set(name, resolve));
      bench.publish(`zigbee2mqtt/${probeSensor(k).name}`, JSON.stringify({ occupancy: Math.floor(i / PROBES) % 2 === 0 }));
      const late = setTimeout(() => {
        const trace = hub.automations.traces(`probe-${k}`, 1)[0];
        console.error(`probe ${k} sent nothing within 5 s; its last trace: ${JSON.stringify(trace)}`);
      }, 5000);
      await arrived;
      clearTimeout(late);
      arrivals.delete(name);
      samples.push(performance.now() - start);
    }
    offs.forEach((off) => off());
    gcObserver.disconnect();
    const latency = latencySummary(samples);
    const raw = await rawRoundTrip(broker.url);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      devices: hub.registry.list().length,
      automations: hub.automations.list().length,
      cpuWithoutMsPerS: round(mean(without), 1),
      cpuWithMsPerS: round(mean(withRules), 1),
      cpuRatio: round(mean(perReport.on) / mean(perReport.off), 3),
      cpuRatioPerS: round(mean(withRules) / mean(without), 3),
      systemWithoutMsPerS: round(mean(system.off), 1),
      systemWithMsPerS: round(mean(system.on), 1),
      mainThreadWithoutMsPerS: round(mean(mainThread.off), 1),
      mainThreadWithMsPerS: round(mean(mainThread.on), 1),
      gcPauseWithoutMsPerS: round(mean(gc.off), 2),
      gcPauseWithMsPerS: round(mean(gc.on), 2),
      heapGrowthWithoutMBPerS: round(mean(growth.off), 3),
      heapGrowthWithMBPerS: round(mean(growth.on), 3),
      reportsPerS: Math.round(mean(load)),
      reportsWithPerS: Math.round(mean(loadWith)),
      runsPerS: round(mean(activity.map((a) => a.runsPerS)), 1),
      tracesPerS: round(mean(activity.map((a) => a.tracesPerS)), 1),
      commandsPerS: round(mean(activity.map((a) => a.commandsPerS)), 1),
      triggerToCommandP50Ms: round(latency.p50, 3),
      triggerToCommandP99Ms: round(latency.p99, 3),
      rawP50Ms: round(raw.p50, 3),
      rawP99Ms: round(raw.p99, 3),
    };
  } finally {
    sim?.kill('SIGTERM');
    await bench.endAsync(true);
    await hub.stop();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A bare mqtt.js client echoing a probe's report as its `/set`: what the broker and the machine add under the same load. */
async function rawRoundTrip(url: string) {
  const echo = await connect(url);
  const client = await connect(url);
  echo.on('message', (_topic, payload) => echo.publish('bench-raw/probe/set', payload));
  await echo.subscribeAsync('bench-raw/probe');
  await client.subscribeAsync('bench-raw/probe/set');
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      client.once('message', () => resolve());
      client.publish('bench-raw/probe', JSON.stringify({ occupancy: i % 2 === 0 }));
    });
    samples.push(performance.now() - start);
  }
  await echo.endAsync(true);
  await client.endAsync(true);
  return latencySummary(samples);
}

export function printRulesBench(r: RulesBenchResult): void {
  console.table({
    'hub CPU (ms per s)': { without: r.cpuWithoutMsPerS, 'with 200 automations': r.cpuWithMsPerS, ratio: r.cpuRatioPerS },
    'hub CPU per report': { ratio: r.cpuRatio },
    'of it on the main thread (ms per s)': { without: r.mainThreadWithoutMsPerS, 'with 200 automations': r.mainThreadWithMsPerS },
    'of it in the kernel (ms per s)': { without: r.systemWithoutMsPerS, 'with 200 automations': r.systemWithMsPerS },
    'GC pauses (ms per s)': { without: r.gcPauseWithoutMsPerS, 'with 200 automations': r.gcPauseWithMsPerS },
    'old generation growth (MB per s)': { without: r.heapGrowthWithoutMBPerS, 'with 200 automations': r.heapGrowthWithMBPerS },
    'trigger → command p50 (ms)': { hub: r.triggerToCommandP50Ms, 'raw mqtt.js': r.rawP50Ms },
    'trigger → command p99 (ms)': { hub: r.triggerToCommandP99Ms, 'raw mqtt.js': r.rawP99Ms },
  });
  console.log(
    `Load: ${r.devices} devices, ${r.reportsPerS} reports/s (${r.reportsWithPerS} with the automations: ${r.tracesPerS} traces/s, ${r.runsPerS} runs/s, ${r.commandsPerS} commands/s). Goals: CPU per report with the rules < 1.10 × without → ${r.cpuRatio < 1.1 ? 'met' : 'NOT met'}; ` +
      `trigger → command p99 < 20 ms → ${r.triggerToCommandP99Ms < 20 ? 'met' : 'NOT met'}`,
  );
}

/**
 * `RULES_CPU_PROF=DIR`: a CPU profile of each window (500 µs sampling), `DIR/NN-on.cpuprofile` and `NN-off`, for
 * `bench/profile-diff.ts DIR` to compare the two kinds by function. The profiler's own cost lands on both alike.
 */
function windowProfiler(dir: string | undefined) {
  if (!dir) return { start: async () => {}, stop: async (_label: string) => {} };
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r as T))));
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    },
    async stop(label: string) {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** CPU time of the main thread so far (Linux: its schedstat, in ns); NaN where /proc is not there. */
function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Bytes in the heap outside the young generation: what survived long enough to be promoted. */
function oldGeneration(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name !== 'new_space')
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

/** A full collection, as `--expose-gc` would allow, without asking whoever runs the bench for the flag. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = process.argv.includes('--json');
  runRulesBench(json ? undefined : console.log)
    .then((result) => (json ? console.log(JSON.stringify(result)) : printRulesBench(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
