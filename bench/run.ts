/**
 * `npm run bench [-- --json]`: the hub against bare mqtt.js through one mosquitto, same run.
 * (a) ingest: zigbee2mqtt-style state updates for 500 devices, counted when a subscribed
 *     WebSocket client has the final (coalesced) state of every device; baseline = a bare
 *     mqtt.js subscriber receiving the same messages. Rounds alternate baseline, hub, baseline…
 *     so both see the same machine load; the figure is the median of the rounds' ratios.
 * (b) command round trip: REST command → confirmed state, with a responder echoing state;
 *     baseline = bare mqtt.js publish → echo round trip, TCP_NODELAY on both ends, measured in
 *     alternating blocks of 100 for the same reason.
 * (c) history: the SQLite store's insert rate against plain better-sqlite3 inserts, and the
 *     time to query a week of one sensor and of 200 sensors (bench/history.ts).
 * (d) rules: hub CPU with 200 enabled automations against without them under the virtual home's 2,000-device load,
 *     and trigger → command latency against a bare mqtt.js echo (bench/rules.ts).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { Hub } from '../core/hub';
import { loadHub } from './hub-under-test';
import { startMosquitto } from '../core/test-support/mosquitto';
import { silentLogger } from '../core/util/logger';
import { bulbConfig, bulbState } from './z2m-fixtures';
import { printHistoryBench, runHistoryBench } from './history';
import { printRulesBench, runRulesBench } from './rules';
import { latencySummary, median } from './stats';

const DEVICES = 500;
const UPDATES_PER_DEVICE = 40;
/** Ingest rounds per side, alternating; the first pair is a warm-up (JIT), not measured. */
const INGEST_ROUNDS = 5;
const ROUND_TRIPS = 1000;
const ROUND_TRIP_BLOCK = 100;
/**
 * Unmeasured round trips first, so both sides are measured JIT-compiled, not while V8 optimises. 300 were too few for
 * the hub's longer path: `--trace-opt` still counted ~250 TurboFan compilations during the 1,000 measured trips (~25
 * after 3,000), and each compile job on a V8 worker thread can hold the core mosquitto waits for (`perf sched`).
 */
const WARMUP_ROUND_TRIPS = 3000;
const TOKEN = 'bench-token-0123456789';
const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};

async function connect(url: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  return client;
}

const publish = (client: MqttClient, topic: string, payload: string, retain = false) =>
  new Promise<void>((resolve, reject) => client.publish(topic, payload, { retain }, (e) => (e ? reject(e) : resolve())));

/** Every device's updates of one round, interleaved: built before the clock starts, so only delivery is timed. */
function roundMessages(round: number, prefix = 'zigbee2mqtt'): [string, string][] {
  const messages: [string, string][] = [];
  for (let u = 0; u < UPDATES_PER_DEVICE; u++) {
    const payload = bulbState(finalBrightness(round, u));
    for (let d = 0; d < DEVICES; d++) messages.push([`${prefix}/${bulbConfig(d).name}`, payload]);
  }
  return messages;
}

/** Publish the messages as fast as the broker takes them. */
async function flood(client: MqttClient, messages: [string, string][]): Promise<number> {
  const pending: Promise<void>[] = [];
  for (const [topic, payload] of messages) {
    pending.push(publish(client, topic, payload));
    if (pending.length >= 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return messages.length;
}
/**
 * Distinct values per round so a stale state is never mistaken for the final one. Steps of 3 (1.2 % of 254) keep every
 * update's brightness percent distinct within a round, so only the last update matches the final percent.
 */
const finalBrightness = (round: number, update: number) => 1 + ((round * 97 + update * 3) % 250);

/** Messages a second, and the bench process's CPU time per message (publisher and subscriber, hub and client). */
export interface IngestRound {
  perS: number;
  cpuUsPerMsg: number;
}

export async function rawIngest(url: string, round = 1): Promise<IngestRound> {
  const subscriber = await connect(url);
  const publisher = await connect(url);
  const total = DEVICES * UPDATES_PER_DEVICE;
  let received = 0;
  const done = new Promise<void>((resolve) =>
    subscriber.on('message', () => {
      if (++received === total) resolve();
    }),
  );
  // Its own topics, so the hub (subscribed to zigbee2mqtt/#) is idle while the baseline runs.
  await new Promise<void>((resolve) => subscriber.subscribe('bench-raw/+', { qos: 0 }, () => resolve()));
  const messages = roundMessages(round, 'bench-raw');
  const cpu = process.cpuUsage();
  const start = performance.now();
  await flood(publisher, messages);
  await done;
  const result = measured(total, start, cpu);
  subscriber.end(true);
  publisher.end(true);
  return result;
}

function measured(messages: number, start: number, cpu: NodeJS.CpuUsage): IngestRound {
  const used = process.cpuUsage(cpu);
  return {
    perS: messages / ((performance.now() - start) / 1000),
    cpuUsPerMsg: (used.user + used.system) / messages,
  };
}

async function wsClient(hub: Hub): Promise<WebSocket> {
  const ws = new WebSocket(`${hub.url!.replace('http', 'ws')}api/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
  ws.send(JSON.stringify({ type: 'subscribe', events: ['devicesChanged'] }));
  return ws;
}

export async function hubIngest(url: string, hub: Hub, round = 2): Promise<IngestRound> {
  const ws = await wsClient(hub);
  const publisher = await connect(url);
  const final = finalBrightness(round, UPDATES_PER_DEVICE - 1);
  const finalPercent = Math.round((final / 254) * 100);
  const seenFinal = new Set<string>();
  const done = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type !== 'event' || frame.name !== 'devicesChanged') return;
      for (const device of frame.payload.devices)
        if (Math.abs((device.capabilities.brightness?.value ?? -1) - finalPercent) < 0.6) seenFinal.add(device.id);
      if (seenFinal.size === DEVICES) resolve();
    }),
  );
  const messages = roundMessages(round);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const sent = await flood(publisher, messages);
  await done;
  const result = measured(sent, start, cpu);
  ws.close();
  publisher.end(true);
  return result;
}

/** A device that echoes its new state, as zigbee2mqtt does after a /set. */
export async function startResponder(url: string): Promise<MqttClient> {
  const responder = await connect(url);
  responder.on('message', (topic, payload) => {
    const name = topic.split('/')[1]!;
    const set = JSON.parse(payload.toString()) as { state?: string; brightness?: number };
    responder.publish(`zigbee2mqtt/${name}`, bulbState(set.brightness ?? 254, set.state !== 'OFF'));
  });
  await new Promise<void>((resolve) => responder.subscribe('zigbee2mqtt/+/set', () => resolve()));
  return responder;
}

/** A bare mqtt.js publish → echo pair; `run(n)` times n round trips. */
export async function rawRoundTripper(url: string) {
  const echo = await connect(url);
  const client = await connect(url);
  echo.on('message', (_topic, payload) => echo.publish('bench/pong', payload));
  await new Promise<void>((resolve) => echo.subscribe('bench/ping', () => resolve()));
  await new Promise<void>((resolve) => client.subscribe('bench/pong', () => resolve()));
  let seq = 0;
  return {
    async run(n: number): Promise<number[]> {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await new Promise<void>((resolve) => {
          client.once('message', () => resolve());
          client.publish('bench/ping', String(seq++));
        });
        samples.push(performance.now() - start);
      }
      return samples;
    },
    close() {
      echo.end(true);
      client.end(true);
    },
  };
}

/** One keep-alive connection with TCP_NODELAY, as a script or the UI would hold it. */
const agent = new Agent({ keepAlive: true, maxSockets: 1, noDelay: true });

function postCommand(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** REST command → confirmed state on one bulb (the responder echoes); `run(n)` times n round trips. */
export function hubRoundTripper(hub: Hub) {
  const id = `mqtt:zigbee2mqtt_${bulbConfig(0).ieee}`;
  const url = `${hub.url}api/devices/${encodeURIComponent(id)}/command`;
  let seq = 0;
  return {
    async run(n: number): Promise<number[]> {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        const status = await postCommand(url, JSON.stringify({ power: seq++ % 2 === 0 }));
        if (status !== 200) throw new Error(`command failed: HTTP ${status}`);
        samples.push(performance.now() - start);
      }
      return samples;
    },
  };
}

export interface MqttBenchResult {
  ingestRatio: number;
  ingestHubPerS: number;
  ingestRawPerS: number;
  /** The bench process's CPU time per message (median of the rounds): the hub's, and the bare subscriber's. */
  ingestHubCpuUsPerMsg: number;
  ingestRawCpuUsPerMsg: number;
  commandP50Ms: number;
  commandP99Ms: number;
  rawP50Ms: number;
  rawP99Ms: number;
}

/** mosquitto and an in-process hub that has discovered the 500 bulbs (also for bench/profile-mqtt.ts). */
export async function startMqttBench(log: (line: string) => void = () => {}) {
  const broker = await startMosquitto();
  const { startHub } = await loadHub();
  const hub = await startHub(
    { mqttUrl: broker.url, http: { host: '127.0.0.1', port: 0, token: TOKEN, uiDir: '/nonexistent' } },
    { logger: silentLogger },
  );
  try {
    const setup = await connect(broker.url);
    await publish(setup, 'zigbee2mqtt/bridge/state', JSON.stringify({ state: 'online' }), true);
    for (let d = 0; d < DEVICES; d++) {
      const bulb = bulbConfig(d);
      await publish(setup, bulb.topic, JSON.stringify(bulb.config), true);
      await publish(setup, `zigbee2mqtt/${bulb.name}`, bulbState(100), true);
    }
    for (let waited = 0; hub.registry.list().length < DEVICES; waited += 50) {
      if (waited > 20_000) throw new Error(`only ${hub.registry.list().length} of ${DEVICES} devices were discovered`);
      await new Promise((r) => setTimeout(r, 50));
    }
    setup.end(true);
    log(`Discovered ${DEVICES} zigbee2mqtt-style bulbs through mosquitto.`);
  } catch (error) {
    await hub.stop();
    await broker.stop();
    throw error;
  }
  return {
    broker,
    hub,
    async stop() {
      await hub.stop();
      await broker.stop();
    },
  };
}

/** (a) ingest and (b) command round trip, hub against bare mqtt.js through one mosquitto (also for bench:scale). */
export async function runMqttBench(log: (line: string) => void = () => {}): Promise<MqttBenchResult> {
  const { broker, hub, stop } = await startMqttBench(log);
  try {
    const rawRounds: IngestRound[] = [];
    const hubRounds: IngestRound[] = [];
    for (let r = 0; r < INGEST_ROUNDS; r++) {
      const rawRound = await rawIngest(broker.url, 2 * r + 1);
      const hubRound = await hubIngest(broker.url, hub, 2 * r + 2);
      if (r === 0) continue; // warm-up
      rawRounds.push(rawRound);
      hubRounds.push(hubRound);
    }
    const rawRates = rawRounds.map((r) => r.perS);
    const hubRates = hubRounds.map((r) => r.perS);
    const ratios = hubRates.map((rate, i) => rate / rawRates[i]!);
    log(`Ingest rounds (hub / raw msg/s): ${hubRates.map((h, i) => `${Math.round(h)}/${Math.round(rawRates[i]!)}`).join(', ')}`);

    const responder = await startResponder(broker.url);
    const rawTrips = await rawRoundTripper(broker.url);
    const hubTrips = hubRoundTripper(hub);
    await rawTrips.run(WARMUP_ROUND_TRIPS);
    await hubTrips.run(WARMUP_ROUND_TRIPS);
    const rawSamples: number[] = [];
    const hubSamples: number[] = [];
    for (let done = 0; done < ROUND_TRIPS; done += ROUND_TRIP_BLOCK) {
      rawSamples.push(...(await rawTrips.run(ROUND_TRIP_BLOCK)));
      hubSamples.push(...(await hubTrips.run(ROUND_TRIP_BLOCK)));
    }
    rawTrips.close();
    responder.end(true);
    const raw = latencySummary(rawSamples);
    const command = latencySummary(hubSamples);

    return {
      ingestRatio: round(median(ratios), 3),
      ingestHubPerS: Math.round(median(hubRates)),
      ingestRawPerS: Math.round(median(rawRates)),
      ingestHubCpuUsPerMsg: round(median(hubRounds.map((r) => r.cpuUsPerMsg)), 2),
      ingestRawCpuUsPerMsg: round(median(rawRounds.map((r) => r.cpuUsPerMsg)), 2),
      commandP50Ms: round(command.p50, 3),
      commandP99Ms: round(command.p99, 3),
      rawP50Ms: round(raw.p50, 3),
      rawP99Ms: round(raw.p99, 3),
    };
  } finally {
    await stop();
  }
}

export function printMqttBench(result: MqttBenchResult): void {
  console.table({
    'ingest (msg/s)': { hub: result.ingestHubPerS, 'raw mqtt.js': result.ingestRawPerS, ratio: result.ingestRatio },
    'ingest CPU (µs/msg)': {
      hub: result.ingestHubCpuUsPerMsg,
      'raw mqtt.js': result.ingestRawCpuUsPerMsg,
      ratio: round(result.ingestRawCpuUsPerMsg / result.ingestHubCpuUsPerMsg, 3),
    },
    'round trip p50 (ms)': {
      hub: result.commandP50Ms,
      'raw mqtt.js': result.rawP50Ms,
      ratio: round(result.commandP50Ms / result.rawP50Ms, 2),
    },
    'round trip p99 (ms)': {
      hub: result.commandP99Ms,
      'raw mqtt.js': result.rawP99Ms,
      ratio: round(result.commandP99Ms / result.rawP99Ms, 2),
    },
  });
  const limit = round(1.5 * result.rawP99Ms + 1, 2);
  console.log(
    `Goals: ingest ratio ≥ 0.8 → ${result.ingestRatio >= 0.8 ? 'met' : 'NOT met'}; ` +
      `command p99 ≤ 1.5 × raw p99 + 1 ms (${limit} ms) → ${result.commandP99Ms <= limit ? 'met' : 'NOT met'}`,
  );
}

async function main() {
  const mqttResult = await runMqttBench(log);
  if (!json) printMqttBench(mqttResult);

  // (d) 200 automations under the virtual home's 2,000-device load (bench/rules.ts), on a mosquitto of its own.
  const rules = await runRulesBench(log);
  if (!json) printRulesBench(rules);

  // (c) the history store against plain better-sqlite3 inserts, after the MQTT runs so they do not share the CPU.
  const history = await runHistoryBench();
  if (json) console.log(JSON.stringify({ ...mqttResult, rules, history }));
  else printHistoryBench(history);
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
