/**
 * Devices flapping offline and online (and switching) as fast as a bad Zigbee mesh makes them: the API
 * keeps answering (the longest gap between two answers of a client polling without pause stays under
 * 200 ms) and, once the flapping stops, every device shows its true last state. `npm test`: 20 devices
 * for a few seconds; `npm run test:soak`: 200 devices for a minute.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { startHub } from '../hub';
import type { Device } from '../model';
import { startMosquitto } from '../test-support/mosquitto';
import { report, size, SOAK } from '../test-support/soak';
import { silentLogger } from '../util/logger';

const DEVICES = size(20, 200);
const DURATION_MS = size(3000, 60_000);
const MAX_GAP_MS = 200;
const TOKEN = 'flapping-token-0123456789abcdef';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A client polling without pause for `ms`: the time between consecutive answers (the first one from its request). */
async function pollFor(ms: number, request: () => Promise<unknown>): Promise<number[]> {
  const started = performance.now();
  return pollUntil(() => performance.now() - started >= ms, request);
}

async function pollUntil(stop: () => boolean, request: () => Promise<unknown>): Promise<number[]> {
  const gaps: number[] = [];
  let last = performance.now();
  while (!stop()) {
    await request();
    const now = performance.now();
    gaps.push(Math.round(now - last));
    last = now;
  }
  return gaps;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * The devices run in their own process, as they would on a network: the hub's process then holds only the
 * hub and the polling client, so a gap measured is the hub's, not the fake devices' publishing loop.
 */
const DEVICES_SCRIPT = `
import mqtt from 'mqtt';
const [url, count, durationMs, seed] = process.argv.slice(1).map((a, i) => (i ? Number(a) : a));
let x = seed >>> 0 || 1;
const next = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 2 ** 32; };
const truth = Array.from({ length: count }, () => ({ online: true, on: false }));
const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, clientId: 'flapping-devices' });
const publishTruth = (i) => {
  client.publish('flap/' + i + '/availability', truth[i].online ? 'online' : 'offline', { retain: true });
  client.publish('flap/' + i + '/state', truth[i].on ? 'ON' : 'OFF', { retain: true });
};
for (let i = 0; i < count; i++) {
  const config = { name: null, unique_id: 'flap_' + i + '_switch', command_topic: 'flap/' + i + '/set',
    state_topic: 'flap/' + i + '/state', availability_topic: 'flap/' + i + '/availability',
    device: { identifiers: ['flap_' + i], name: 'Flapping plug ' + i, manufacturer: 'Soak', model: 'Plug' } };
  await client.publishAsync('homeassistant/switch/flap_' + i + '/switch/config', JSON.stringify(config), { retain: true, qos: 1 });
  publishTruth(i);
}
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
let changes = 0;
const end = Date.now() + durationMs;
await Promise.all(truth.map(async (t, i) => {
  while (Date.now() < end) {
    if (next() < 0.5) t.online = !t.online; else t.on = !t.on;
    publishTruth(i);
    changes++;
    await new Promise((r) => setTimeout(r, 25 + next() * 475));
  }
}));
// The last word: each device's final state once more, as a device re-announces after a storm.
for (let i = 0; i < count; i++) publishTruth(i);
await client.endAsync();
process.stdout.write(JSON.stringify({ truth, changes }) + '\\n');
`;

it(`${DEVICES} devices flapping for ${DURATION_MS / 1000} s: the API stays responsive and every device ends in its true state`, async () => {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', DEVICES_SCRIPT, broker.url, String(DEVICES), String(DURATION_MS), '7'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  cleanups.push(() => void child.kill());
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the devices exited (${code})`))),
  );
  exited.catch(() => {});
  const line = () => Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), exited]);
  expect(await line()).toBe('ready');

  const hub = await startHub(
    { mqttUrl: broker.url, http: { host: '127.0.0.1', port: 0, token: TOKEN, uiDir: '/nonexistent' } },
    { logger: silentLogger },
  );
  cleanups.push(() => hub.stop());
  const list = async (): Promise<Device[]> => {
    const response = await fetch(`${hub.url}api/devices`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Device[];
  };
  await expect
    .poll(async () => (await list()).filter((d) => d.id.startsWith('mqtt:flap_')).length, { timeout: 20_000 })
    .toBe(DEVICES);

  // The same polling before any flapping: the machine's own baseline (it is shared, and timings are noisy).
  const baseline = await pollFor(size(1000, 5000), list);

  // Flapping: every device changes availability or power at random, 2–40 times a second each.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const finished = line();
  child.stdin!.write('go\n');
  let done = false;
  void finished.then(() => (done = true));
  const gaps = await pollUntil(() => done, list);
  loop.disable();
  const { truth, changes } = JSON.parse(await finished) as { truth: { online: boolean; on: boolean }[]; changes: number };

  const mismatches = async () => {
    const byId = new Map((await list()).map((d) => [d.id, d]));
    return truth.filter((t, i) => {
      const d = byId.get(`mqtt:flap_${i}`);
      return !d || (d.availability === 'online') !== t.online || d.capabilities.power?.value !== t.on;
    }).length;
  };
  await expect.poll(mismatches, { timeout: 20_000, interval: 100 }).toBe(0);
  report('devices flapping', {
    devices: DEVICES,
    seconds: DURATION_MS / 1000,
    changes,
    apiRequests: gaps.length,
    p50ApiGapMs: percentile(gaps, 0.5),
    p99ApiGapMs: percentile(gaps, 0.99),
    maxApiGapMs: Math.max(...gaps),
    baselineMaxGapMs: Math.max(...baseline),
    baselineP99GapMs: percentile(baseline, 0.99),
    hubEventLoopMaxDelayMs: Math.round(loop.max / 1e6),
    wrongAtEnd: 0,
  });
  // The soak holds the line. The short form runs beside the rest of `npm test` on the same cores, so it
  // allows what the same hub showed without flapping (its baseline, measured in this run) on top.
  expect(Math.max(...gaps)).toBeLessThan(SOAK ? MAX_GAP_MS : MAX_GAP_MS + Math.max(...baseline));
}, 180_000);
