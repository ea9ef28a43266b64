/**
 * A message for many entities (zigbee2mqtt's bridge availability topic) is applied over turns of the event loop, with
 * the messages that arrive meanwhile applied after it, in order. Over a real aedes broker; the fan-out's slices are run
 * by hand (a zero budget: 16 entities, or 16 devices' availability, per slice).
 */
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../model';
import { ManualClock } from '../../util/clock';
import type { DeviceDescription, DiagnosticInput, IntegrationHost, StateReport } from '../integration';
import { MqttHaIntegration } from './integration';
import { TestMqttConnection } from './test-connection';
import { plugSwitch } from './test-fixtures';

class RecordingHost implements IntegrationHost {
  devices = new Map<string, DeviceDescription>();
  log: string[] = [];
  diagnostics: DiagnosticInput[] = [];
  upsertDevice(d: DeviceDescription) {
    this.devices.set(d.id, d);
  }
  reportState(id: string, s: StateReport) {
    this.log.push(`state ${id} ${JSON.stringify(s)}`);
  }
  setAvailability(id: string, availability: Availability) {
    this.log.push(`${availability} ${id}`);
  }
  removeDevice(id: string) {
    this.devices.delete(id);
    this.log.push(`removed ${id}`);
  }
  diagnostic(d: DiagnosticInput) {
    this.diagnostics.push(d);
  }
  /** Each device's availability changes, in order. */
  availabilityOf(id: string): string[] {
    return this.log
      .filter((l) => l.endsWith(` ${id}`) && !l.startsWith('state') && !l.startsWith('removed'))
      .map((l) => l.split(' ')[0]!);
  }
}

const PLUGS = 100;
const BRIDGE = 'z2m/bridge/state';
const plug = (n: number) => plugSwitch(n, { availability: BRIDGE });
const plugId = (n: number) => `mqtt:z2m_0xplug${n}`;
const numbers = Array.from({ length: PLUGS }, (_, i) => i + 1);

describe('MqttHaIntegration: a message for many entities', () => {
  let broker: Aedes;
  let server: Server;
  let producer: MqttClient;
  let connection: TestMqttConnection;
  let host: RecordingHost;
  let integration: MqttHaIntegration;
  const waiting: (() => void)[] = [];
  const runAll = () => {
    while (waiting.length) waiting.shift()!();
  };
  const bridge = (state: string) => producer.publishAsync(BRIDGE, JSON.stringify({ state }), { qos: 1 });
  const pending = (n: number) => vi.waitFor(() => expect(integration.pendingFanOuts).toBe(n), { timeout: 3000, interval: 5 });

  beforeEach(async () => {
    broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    producer = await mqtt.connectAsync(url, { clientId: 'producer' });
    host = new RecordingHost();
    connection = new TestMqttConnection(url);
    await connection.start();
    integration = new MqttHaIntegration({
      connection,
      host,
      clock: new ManualClock(1000),
      fanOutSlices: { schedule: (run) => void waiting.push(run), now: () => 0, budgetMs: 0 },
    });
    await integration.start();
    await connection.publish('test/barrier', '', { qos: 1 });
    for (const n of numbers) await producer.publishAsync(plug(n).topic, JSON.stringify(plug(n).config), { qos: 1, retain: true });
    await vi.waitFor(() => expect(host.devices.size).toBe(PLUGS), { timeout: 5000, interval: 5 });
    await connection.publish('test/barrier', '', { qos: 1 }); // the bridge topic's subscription is in place
  });

  afterEach(async () => {
    await integration.stop();
    await connection.stop();
    await producer.endAsync(true);
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('applies it over turns, and the messages that arrive meanwhile after it, in order and in slices too', async () => {
    await bridge('online');
    await pending(1);
    expect(waiting.length).toBe(1); // the rest of the entities wait for a later turn
    expect(host.log).toEqual([]); // availability is recomputed once every entity has the message
    const states = numbers.slice(0, 40);
    for (const n of states) await producer.publishAsync(`z2m/plug${n}`, '{"state":"ON"}', { qos: 1 });
    await pending(1 + states.length);
    expect(host.log).toEqual([]); // the states wait behind the bridge message
    // Each turn does a slice (16 entities or devices with a zero budget), the small messages' too.
    for (let turns = 0; waiting.length > 0; turns++) {
      const before = host.log.length;
      waiting.shift()!();
      expect(host.log.length - before).toBeLessThanOrEqual(16);
      expect(turns).toBeLessThan(100);
    }
    expect(integration.pendingFanOuts).toBe(0);
    for (const n of numbers) expect(host.availabilityOf(plugId(n))).toEqual(['online']);
    expect(host.log.slice(PLUGS)).toEqual(states.map((n) => `state ${plugId(n)} {"power":true}`));
    expect(host.diagnostics).toEqual([]);
  });

  it('applies messages on the same topic in arrival order: the latest wins on every device', async () => {
    await bridge('online');
    await pending(1);
    runAll();
    await bridge('offline');
    await pending(1);
    await bridge('online');
    await pending(2);
    runAll();
    for (const n of numbers) expect(host.availabilityOf(plugId(n))).toEqual(['online', 'offline', 'online']);
    // A message for a few entities behind nothing is applied at once.
    await producer.publishAsync('z2m/plug3', '{"state":"OFF"}', { qos: 1 });
    await vi.waitFor(() => expect(host.log.at(-1)).toBe(`state ${plugId(3)} {"power":false}`), { timeout: 3000 });
    expect(waiting).toEqual([]);
  });

  it('skips an entity removed while the message is being applied', async () => {
    await bridge('online');
    await pending(1);
    runAll();
    await bridge('offline');
    await pending(1);
    await producer.publishAsync(plug(90).topic, '', { qos: 1, retain: true }); // plug 90's config removed
    await vi.waitFor(() => expect(host.devices.has(plugId(90))).toBe(false), { timeout: 3000, interval: 5 });
    runAll();
    expect(host.availabilityOf(plugId(90))).toEqual(['online']); // nothing after its removal
    expect(host.log.at(-1)).not.toContain(plugId(90));
    for (const n of numbers.filter((n) => n !== 90)) expect(host.availabilityOf(plugId(n))).toEqual(['online', 'offline']);
    expect(host.diagnostics).toEqual([]);
  });
});
