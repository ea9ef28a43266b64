/**
 * 200 enabled automations under the virtual home's 2,000-device load (`npm run bench`, or `npx tsx bench/rules.ts
 * [--json]` alone). The virtual home runs in its own process (so the hub's CPU is this process's), publishing through
 * one mosquitto to the hub. The same run measures the hub's CPU without automations and with them, in alternating
 * windows (after a warm-up: off, on, on, off, off, on) so a change in the home's activity over time weighs on both; and the trigger → command
 * latency end to end: a probe sensor's report published to the broker until its automation's `/set` arrives there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { startHub } from '../core/hub';
import type { AutomationDraft, Device } from '../core/model';
import { startMosquitto } from '../core/test-support/mosquitto';
import { silentLogger } from '../core/util/logger';
import { buildScenario } from '../sim/virtual-home';
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
const ROUNDS = 8;
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
  const hub = await startHub({ mqttUrl: broker.url }, { logger: silentLogger });
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
    // Discovered once the count has not grown for 15 s (every simulated device that announces something the hub uses).
    let seen = 0;
    for (let waited = 0, still = 0; still < 15_000; waited += 250) {
      if (waited > 180_000) throw new Error(`only ${hub.registry.list().length} devices were discovered`);
      await new Promise((r) => setTimeout(r, 250));
      const now = hub.registry.list().length;
      still = now === seen && now > 2 * PROBES ? still + 250 : 0;
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
    const window = async () => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const before = { reports, runs, commands, traces };
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const used = process.cpuUsage(cpu);
      const wall = (performance.now() - start) / 1000;
      return {
        cpuMsPerS: (used.user + used.system) / 1000 / wall,
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
      const measured = await window();
      (on ? withRules : without).push(measured.cpuMsPerS);
      (on ? loadWith : load).push(measured.reportsPerS);
      perReport[on ? 'on' : 'off'].push(measured.cpuMsPerS / measured.reportsPerS);
      log(
        `  ${on ? 'with   ' : 'without'} ${measured.cpuMsPerS.toFixed(1)} ms/s at ${Math.round(measured.reportsPerS)} reports/s`,
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
    'trigger → command p50 (ms)': { hub: r.triggerToCommandP50Ms, 'raw mqtt.js': r.rawP50Ms },
    'trigger → command p99 (ms)': { hub: r.triggerToCommandP99Ms, 'raw mqtt.js': r.rawP99Ms },
  });
  console.log(
    `Load: ${r.devices} devices, ${r.reportsPerS} reports/s (${r.reportsWithPerS} with the automations: ${r.tracesPerS} traces/s, ${r.runsPerS} runs/s, ${r.commandsPerS} commands/s). Goals: CPU per report with the rules < 1.10 × without → ${r.cpuRatio < 1.1 ? 'met' : 'NOT met'}; ` +
      `trigger → command p99 < 20 ms → ${r.triggerToCommandP99Ms < 20 ? 'met' : 'NOT met'}`,
  );
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
