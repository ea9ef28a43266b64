/**
 * QoS-1 commands while the broker (a real mosquitto) is killed and comes back: every command ends
 * confirmed or reported failed, and none reaches a device after its time to live. `npm test`: a short
 * outage and fewer commands; `npm run test:soak`: 1,000 commands and a 10 s outage.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, expect, it, vi } from 'vitest';
import { startHub, type Hub } from '../hub';
import type { CommandUpdate } from '../model';
import { startMosquitto, type Mosquitto } from '../test-support/mosquitto';
import { report, size } from '../test-support/soak';
import { silentLogger } from '../util/logger';

const COMMANDS = size(120, 1000);
const DEVICES = size(10, 25);
const OUTAGE_MS = size(2000, 10_000);
const TTL_MS = size(600, 2000);
const CONFIRM_MS = size(1500, 3000);
const PER_DEVICE = Math.ceil(COMMANDS / DEVICES);
const SPAN_MS = OUTAGE_MS + size(2500, 5000);
const KILL_AT_MS = size(800, 2000);

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const pct = (raw: number) => Math.round((raw * 100) / 254);
const name = (i: number) => `soak_light_${i}`;
const deviceId = (i: number) => `mqtt:zigbee2mqtt_soak_${i}`;

/** zigbee2mqtt-style JSON lights with QoS 1 commands; each /set is recorded with its arrival time and echoed. */
async function startLights(url: string, received: { device: number; value: number; at: number }[]): Promise<MqttClient> {
  const states = Array.from({ length: DEVICES }, () => ({ state: 'ON', brightness: 254 }));
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 100, clientId: 'soak-lights' });
  const announce = async () => {
    for (let i = 0; i < DEVICES; i++) {
      const config = {
        schema: 'json',
        brightness: true,
        brightness_scale: 254,
        supported_color_modes: ['brightness'],
        command_topic: `zigbee2mqtt/${name(i)}/set`,
        state_topic: `zigbee2mqtt/${name(i)}`,
        qos: 1,
        unique_id: `soak_${i}_light`,
        name: null,
        device: { identifiers: [`zigbee2mqtt_soak_${i}`], name: name(i), manufacturer: 'Soak', model: 'Light' },
      };
      await client.publishAsync(`homeassistant/light/soak_${i}/light/config`, JSON.stringify(config), { retain: true, qos: 1 });
      await client.publishAsync(`zigbee2mqtt/${name(i)}`, JSON.stringify(states[i]), { retain: true, qos: 1 });
    }
  };
  client.on('message', (topic, payload) => {
    const match = /^zigbee2mqtt\/soak_light_(\d+)\/set$/.exec(topic);
    if (!match) return;
    const i = Number(match[1]);
    const command = JSON.parse(payload.toString()) as { brightness?: number; state?: string };
    if (command.brightness !== undefined) {
      received.push({ device: i, value: pct(command.brightness), at: Date.now() });
      states[i]!.brightness = command.brightness;
    }
    if (command.state) states[i]!.state = command.state;
    client.publish(`zigbee2mqtt/${name(i)}`, JSON.stringify(states[i]), { qos: 1 });
  });
  // A restarted broker has lost subscriptions and retained configs: resubscribe and announce again, as zigbee2mqtt does.
  client.on('connect', () => {
    void client.subscribeAsync('zigbee2mqtt/+/set', { qos: 1 }).then(announce, () => {});
  });
  await client.subscribeAsync('zigbee2mqtt/+/set', { qos: 1 });
  await announce();
  return client;
}

interface Sent {
  device: number;
  value: number;
  issuedAt: number;
  settledAt?: number;
  outcome?: 'confirmed' | 'failed';
  reason?: string;
}

it(`${COMMANDS} QoS-1 commands across a ${OUTAGE_MS / 1000} s broker outage: none lost unreported, none delivered late`, async () => {
  const broker: Mosquitto = await startMosquitto();
  cleanups.push(() => broker.stop());
  const received: { device: number; value: number; at: number }[] = [];
  const lights = await startLights(broker.url, received);
  cleanups.push(() => lights.endAsync(true));
  const hub: Hub = await startHub(
    { mqttUrl: broker.url, commandTtlMs: TTL_MS, confirmTimeoutMs: CONFIRM_MS },
    { logger: silentLogger },
  );
  cleanups.push(() => hub.stop());
  await vi.waitFor(
    () => {
      for (let i = 0; i < DEVICES; i++) if (!hub.registry.get(deviceId(i))?.lastSeen) throw new Error(`light ${i} not seen yet`);
    },
    { timeout: 15_000, interval: 50 },
  );

  const updates = new Map<string, CommandUpdate[]>();
  hub.registry.events.on('commandUpdate', 'soak', (u) => {
    const list = updates.get(u.commandId) ?? [];
    list.push(u);
    updates.set(u.commandId, list);
  });

  const sent: Sent[] = [];
  const start = Date.now();
  let outage: { from: number; to: number } | undefined;
  const outageDone = (async () => {
    await new Promise((r) => setTimeout(r, KILL_AT_MS));
    const from = Date.now();
    await broker.kill();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await broker.start();
    outage = { from, to: Date.now() };
  })();

  // Each light gets its commands one after another, paced over the run; values are distinct per light.
  const interval = SPAN_MS / PER_DEVICE;
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, device) => {
      for (let k = 0; k < PER_DEVICE && sent.length < COMMANDS; k++) {
        const due = start + k * interval;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const entry: Sent = { device, value: k + 1, issuedAt: Date.now() };
        sent.push(entry);
        try {
          await hub.registry.command(deviceId(device), { brightness: entry.value, power: true });
          entry.outcome = 'confirmed';
        } catch (error) {
          entry.outcome = 'failed';
          entry.reason = (error as Error).message;
        }
        entry.settledAt = Date.now();
      }
    }),
  );
  await outageDone;

  // After the outage every light is in the state of its last confirmed command.
  let wrongState = 0;
  for (let device = 0; device < DEVICES; device++) {
    const last = sent.filter((s) => s.device === device && s.outcome === 'confirmed').at(-1);
    const shown = hub.registry.get(deviceId(device))?.capabilities.brightness?.value;
    if (last && (shown === undefined || shown === null || Math.abs(shown - last.value) > 0.5)) wrongState++;
  }
  // A late delivery would come before a marker sent now: one more command per light, on the same topics, after
  // every command settled (the hub's one connection and the broker keep each topic's order).
  const MARKER = 100;
  // Only once the hub is back on the broker and has heard from every light since (a loaded machine may take a while).
  await vi.waitFor(
    () => {
      if (hub.mqttStatus().state !== 'connected') throw new Error('hub not reconnected yet');
      for (let i = 0; i < DEVICES; i++)
        if ((hub.registry.get(deviceId(i))?.lastSeen ?? 0) < outage!.to) throw new Error(`light ${i} not heard since`);
    },
    { timeout: 30_000, interval: 50 },
  );
  await Promise.all(
    Array.from({ length: DEVICES }, (_, i) => hub.registry.command(deviceId(i), { brightness: MARKER, power: true })),
  );
  for (let i = 0; i < DEVICES; i++) expect(received.some((r) => r.device === i && r.value === MARKER)).toBe(true);
  const deliveries = received.filter((r) => r.value !== MARKER);

  const finals = [...updates.values()].map((list) => list.at(-1)!);
  const unreported = sent.filter((s) => !s.outcome).length + finals.filter((u) => u.status === 'pending').length;
  const byKey = new Map(sent.map((s) => [`${s.device}:${s.value}`, s]));
  // A command's life: queued at most TTL_MS for a connection, then CONFIRM_MS for the device to confirm.
  const lifetime = TTL_MS + CONFIRM_MS;
  const late = deliveries.filter((r) => {
    const s = byKey.get(`${r.device}:${r.value}`);
    return (
      !s || r.at - s.issuedAt > lifetime || (s.outcome === 'failed' && s.reason?.startsWith('Not sent') && r.at > s.settledAt!)
    );
  });
  const confirmed = sent.filter((s) => s.outcome === 'confirmed').length;
  const failed = sent.filter((s) => s.outcome === 'failed').length;
  const duringOutage = sent.filter((s) => outage && s.issuedAt >= outage.from && s.issuedAt < outage.to).length;
  report('commands across a broker outage', {
    commands: sent.length,
    outageS: OUTAGE_MS / 1000,
    ttlMs: TTL_MS,
    issuedDuringOutage: duringOutage,
    confirmed,
    reportedFailed: failed,
    unconfirmedUnreported: unreported,
    deliveredAfterTtl: late.length,
    wrongStateAfterOutage: wrongState,
    maxDeliveryMs: Math.max(0, ...deliveries.map((r) => r.at - (byKey.get(`${r.device}:${r.value}`)?.issuedAt ?? r.at))),
  });

  expect(sent).toHaveLength(COMMANDS);
  expect(duringOutage).toBeGreaterThan(0);
  expect(failed).toBeGreaterThan(0); // the outage really refused some
  expect(confirmed).toBeGreaterThan(0);
  expect(unreported).toBe(0);
  expect(finals).toHaveLength(COMMANDS + DEVICES); // and the markers
  expect(late).toEqual([]);
  expect(wrongState).toBe(0);
}, 120_000);
