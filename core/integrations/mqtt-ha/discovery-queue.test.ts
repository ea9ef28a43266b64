/**
 * Sliced discovery processing: the queue's scheduling on its own (pure, scheduled by hand), then the integration
 * over a real aedes broker with slices run by hand, so order, removals and repeats are checked at exact points.
 */
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../util/clock';
import type { DeviceDescription, DiagnosticInput, IntegrationHost, StateReport } from '../integration';
import { DiscoveryQueue } from './discovery-queue';
import { MqttHaIntegration } from './integration';
import { TestMqttConnection } from './test-connection';
import { plugSwitch } from './test-fixtures';

/** Slices wait here until the test runs them. */
function manualScheduler() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void waiting.push(run),
    get waiting() {
      return waiting.length;
    },
    runOne: () => waiting.shift()?.(),
    runAll: () => {
      while (waiting.length) waiting.shift()!();
    },
  };
}

describe('DiscoveryQueue', () => {
  it('handles configs in arrival order, a slice at a time, ending each slice', () => {
    const scheduler = manualScheduler();
    let t = 0;
    const log: string[] = [];
    const queue = new DiscoveryQueue({
      handle: (topic) => {
        log.push(topic);
        t += 3; // each config takes 3 ms
      },
      endSlice: () => log.push('|'),
      schedule: scheduler.schedule,
      now: () => t,
      budgetMs: 5,
    });
    for (const topic of ['a', 'b', 'c', 'd', 'e']) queue.push(topic, '{}');
    expect(scheduler.waiting).toBe(1); // one slice scheduled, nothing handled inside push()
    expect(log).toEqual([]);
    scheduler.runOne();
    expect(log).toEqual(['a', 'b', '|']); // 6 ms ≥ 5 ms budget: yield
    expect(scheduler.waiting).toBe(1);
    scheduler.runAll();
    expect(log).toEqual(['a', 'b', '|', 'c', 'd', '|', 'e', '|']);
    expect(queue.slices).toBe(3);
    expect(queue.size).toBe(0);
  });

  it('keeps only the latest payload of a topic that arrives again while waiting, in its first place', () => {
    const scheduler = manualScheduler();
    const handled: [string, string][] = [];
    const queue = new DiscoveryQueue({
      handle: (topic, payload) => handled.push([topic, payload]),
      endSlice: () => {},
      schedule: scheduler.schedule,
    });
    queue.push('a', 'v1');
    queue.push('b', 'v1');
    queue.push('a', 'v2');
    queue.push('b', ''); // removed before it was handled
    scheduler.runAll();
    expect(handled).toEqual([
      ['a', 'v2'],
      ['b', ''],
    ]);
  });

  it('takes configs that arrive during a slice into the next ones, and a failing handler still ends the slice', () => {
    const scheduler = manualScheduler();
    const log: string[] = [];
    const queue = new DiscoveryQueue({
      handle: (topic) => {
        log.push(topic);
        if (topic === 'a') queue.push('late', '{}');
        if (topic === 'boom') throw new Error('boom');
      },
      endSlice: () => log.push('|'),
      schedule: scheduler.schedule,
      now: () => 0,
      budgetMs: 1,
    });
    queue.push('a', '{}');
    queue.push('boom', '{}');
    expect(() => scheduler.runOne()).toThrow('boom');
    expect(log).toEqual(['a', 'boom', '|']);
    scheduler.runAll();
    expect(log).toEqual(['a', 'boom', '|', 'late', '|']);
  });

  it('keeps a slice with its end within the budget: a long end leaves less time for handling in the next slices', () => {
    const scheduler = manualScheduler();
    let t = 0;
    let endMs = 8;
    const sizes: number[] = [];
    let handled = 0;
    const queue = new DiscoveryQueue({
      handle: () => {
        handled++;
        t += 1;
      },
      endSlice: () => {
        sizes.push(handled);
        handled = 0;
        t += endMs;
      },
      schedule: scheduler.schedule,
      now: () => t,
      budgetMs: 8,
    });
    for (let i = 0; i < 40; i++) queue.push(`c${i}`, '{}');
    for (let i = 0; i < 4; i++) scheduler.runOne();
    // 8 handled + 8 ending: half the budget next time (4 + 8), then about a third (3 + 8).
    expect(sizes).toEqual([8, 4, 3, 3]);
    endMs = 100;
    scheduler.runOne();
    scheduler.runOne();
    expect(sizes.slice(4)).toEqual([3, 2]); // never less than a quarter of the budget (2 ms)
    endMs = 0; // ending became cheap: handling gets the whole budget back
    scheduler.runOne();
    scheduler.runOne();
    expect(sizes.slice(6)).toEqual([2, 8]);
    scheduler.runAll();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
  });
});

class RecordingHost implements IntegrationHost {
  devices = new Map<string, DeviceDescription>();
  upserts: string[] = [];
  state = new Map<string, StateReport>();
  removed: string[] = [];
  diagnostics: DiagnosticInput[] = [];
  upsertDevice(d: DeviceDescription) {
    this.devices.set(d.id, d);
    this.upserts.push(`${d.id} ${d.name}`);
  }
  reportState(id: string, s: StateReport) {
    this.state.set(id, { ...this.state.get(id), ...s });
  }
  setAvailability() {}
  removeDevice(id: string) {
    this.devices.delete(id);
    this.removed.push(id);
  }
  diagnostic(d: DiagnosticInput) {
    this.diagnostics.push(d);
  }
}

/** A zigbee2mqtt-style plug: one switch (and optionally a power sensor) on one device. */
const plug = (n: number, name?: string) => plugSwitch(n, name === undefined ? {} : { name });
const plugPower = (n: number) => ({
  topic: `homeassistant/sensor/0xplug${n}/power/config`,
  config: {
    name: 'Power',
    unique_id: `0xplug${n}_power`,
    state_topic: `z2m/plug${n}`,
    value_template: '{{ value_json.power }}',
    device_class: 'power',
    unit_of_measurement: 'W',
    device: { identifiers: [`z2m_0xplug${n}`], name: `plug ${n}`, manufacturer: 'Test' },
  },
});
const plugId = (n: number) => `mqtt:z2m_0xplug${n}`;

describe('MqttHaIntegration: sliced discovery over a real broker', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  let producer: MqttClient;
  let connection: TestMqttConnection;
  let host: RecordingHost;
  let integration: MqttHaIntegration;
  let scheduler: ReturnType<typeof manualScheduler>;
  let time: number;

  const publish = (m: { topic: string; config?: object }, retain = true) =>
    producer.publishAsync(m.topic, m.config ? JSON.stringify(m.config) : '', { retain, qos: 1 });
  /** Waits until `n` configs are waiting in the integration (they arrive over the broker). */
  const waiting = (n: number) => vi.waitFor(() => expect(integration.pendingConfigs).toBe(n), { timeout: 3000, interval: 5 });

  beforeEach(async () => {
    broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    producer = await mqtt.connectAsync(url, { clientId: 'producer' });
    host = new RecordingHost();
    scheduler = manualScheduler();
    time = 0;
    connection = new TestMqttConnection(url);
    await connection.start();
    integration = new MqttHaIntegration({
      connection,
      host,
      clock: new ManualClock(1000),
      // Every config "takes" 1 ms and a slice may take 1 ms: one config per slice.
      discoverySlices: { schedule: scheduler.schedule, now: () => time++, budgetMs: 1 },
    });
    await integration.start();
    await connection.publish('test/barrier', '', { qos: 1 }); // the config subscriptions are in place
  });

  afterEach(async () => {
    await integration.stop();
    await connection.stop();
    await producer.endAsync(true);
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('describes devices in the order their configs arrived, one slice at a time, with their retained state', async () => {
    for (const n of [3, 1, 2]) await producer.publishAsync(`z2m/plug${n}`, '{"state":"ON"}', { retain: true, qos: 1 });
    for (const n of [3, 1, 2]) await publish(plug(n));
    await waiting(3);
    expect(host.upserts).toEqual([]); // nothing handled on arrival
    scheduler.runOne();
    expect(host.upserts).toEqual([`${plugId(3)} plug 3`]);
    // The device's state topic is subscribed at the end of its slice: its retained state follows, before the rest.
    await vi.waitFor(() => expect(host.state.get(plugId(3))).toEqual({ power: true }), { timeout: 3000 });
    expect(integration.pendingConfigs).toBe(2);
    scheduler.runAll();
    expect(host.upserts).toEqual([`${plugId(3)} plug 3`, `${plugId(1)} plug 1`, `${plugId(2)} plug 2`]);
    await vi.waitFor(() => expect(host.state.get(plugId(2))).toEqual({ power: true }), { timeout: 3000 });
  });

  it('handles a removal that arrives while the config is still waiting, and one during processing', async () => {
    await publish(plug(1));
    await publish(plugPower(1));
    await publish(plug(2));
    await waiting(3);
    scheduler.runOne(); // plug 1's switch: the device exists with power only
    expect(Object.keys(host.devices.get(plugId(1))!.capabilities)).toEqual(['power']);
    await publish({ topic: plugPower(1).topic }); // its power sensor removed before it was handled
    await publish({ topic: plug(2).topic }); // plug 2 removed before it was handled
    await publish(plug(8)); // delivered after the removals: once it waits, they replaced what was waiting
    await waiting(3);
    scheduler.runAll();
    expect(Object.keys(host.devices.get(plugId(1))!.capabilities)).toEqual(['power']);
    expect(host.devices.has(plugId(2))).toBe(false);
    expect(host.upserts).toEqual([`${plugId(1)} plug 1`, `${plugId(8)} plug 8`]); // plug 2 was never announced
    // A removal after processing removes the device.
    await publish({ topic: plug(1).topic });
    await waiting(1);
    scheduler.runAll();
    expect(host.devices.has(plugId(1))).toBe(false);
    expect(host.removed).toEqual([plugId(1)]);
  });

  it('handles a config that arrives twice once (the latest), and skips an identical re-announcement', async () => {
    await publish(plug(1, 'old name'));
    await publish(plug(1, 'new name'));
    await publish(plug(9)); // delivered after both, in order: once it waits, so do they
    await waiting(2);
    scheduler.runAll();
    expect(host.upserts).toEqual([`${plugId(1)} new name`, `${plugId(9)} plug 9`]);
    host.upserts = [];
    // The same payload again (zigbee2mqtt re-announcing after a birth message): no second parse, no upsert.
    await publish(plug(1, 'new name'), false);
    await waiting(1);
    scheduler.runAll();
    expect(host.upserts).toEqual([]);
    // A changed config after processing is handled again.
    await publish(plug(1, 'renamed'), false);
    await waiting(1);
    scheduler.runAll();
    expect(host.upserts).toEqual([`${plugId(1)} renamed`]);
  });
});
