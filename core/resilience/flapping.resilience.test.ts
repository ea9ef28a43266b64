/**
 * Devices flapping offline and online (and switching) as fast as a bad Zigbee mesh makes them: the API
 * keeps answering (the longest gap between two answers of a client polling without pause stays under
 * 200 ms) and, once the flapping stops, every device shows its true last state. `npm test`: 20 devices
 * for a few seconds; `npm run test:soak`: 200 devices for a minute.
 */
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { startHub } from '../hub';
import type { Device } from '../model';
import { startMosquitto } from '../test-support/mosquitto';
import { report, size } from '../test-support/soak';
import { silentLogger } from '../util/logger';

const DEVICES = size(20, 200);
const DURATION_MS = size(3000, 60_000);
const MAX_GAP_MS = 200;
const TOKEN = 'flapping-token-0123456789abcdef';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A deterministic pseudo-random sequence (the run is reproducible). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A client polling without pause for `ms`: the time between consecutive answers (the first one from its request). */
async function pollFor(ms: number, request: () => Promise<unknown>): Promise<number[]> {
  const gaps: number[] = [];
  const started = performance.now();
  let last = started;
  while (performance.now() - started < ms) {
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

it(`${DEVICES} devices flapping for ${DURATION_MS / 1000} s: the API stays responsive and every device ends in its true state`, async () => {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const devices = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, clientId: 'flapping-devices' });
  cleanups.push(() => devices.endAsync(true));
  const truth = Array.from({ length: DEVICES }, () => ({ online: true, on: false }));
  const publishTruth = (i: number) => {
    devices.publish(`flap/${i}/availability`, truth[i]!.online ? 'online' : 'offline', { retain: true, qos: 0 });
    devices.publish(`flap/${i}/state`, truth[i]!.on ? 'ON' : 'OFF', { retain: true, qos: 0 });
  };
  for (let i = 0; i < DEVICES; i++) {
    const config = {
      name: null,
      unique_id: `flap_${i}_switch`,
      command_topic: `flap/${i}/set`,
      state_topic: `flap/${i}/state`,
      availability_topic: `flap/${i}/availability`,
      device: { identifiers: [`flap_${i}`], name: `Flapping plug ${i}`, manufacturer: 'Soak', model: 'Plug' },
    };
    await devices.publishAsync(`homeassistant/switch/flap_${i}/switch/config`, JSON.stringify(config), { retain: true, qos: 1 });
    publishTruth(i);
  }

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
  const next = random(7);
  let changes = 0;
  let flapping = true;
  const flappers = Array.from({ length: DEVICES }, async (_, i) => {
    while (flapping) {
      const t = truth[i]!;
      if (next() < 0.5) t.online = !t.online;
      else t.on = !t.on;
      publishTruth(i);
      changes++;
      await new Promise((r) => setTimeout(r, 25 + next() * 475));
    }
  });

  const gaps = await pollFor(DURATION_MS, list);
  flapping = false;
  await Promise.all(flappers);
  // The last word: each device's final state, once more (as a device re-announces after a storm).
  for (let i = 0; i < DEVICES; i++) publishTruth(i);

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
    wrongAtEnd: 0,
  });
  expect(Math.max(...gaps)).toBeLessThan(MAX_GAP_MS);
}, 180_000);
