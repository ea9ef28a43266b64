/**
 * The state path end to end — mosquitto, the hub's MQTT connection, the integration and the registry — as the ingest
 * fast path left it: a malformed payload is refused with a diagnostic and the last good state stays, hostile keys in
 * JSON are dropped whichever way they are spelt, and availability still follows its sources while state flows.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMqttConnection } from '../../broker/connection';
import type { MqttConnection } from '../../broker/types';
import type { Diagnostic } from '../../model';
import { Registry } from '../../registry/registry';
import { startMosquitto, type Mosquitto } from '../../test-support/mosquitto';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { MqttHaIntegration } from './integration';
import { fixture } from './test-fixtures';

const BULB = 'mqtt:zigbee2mqtt_0x000b57fffec6a5b2';

let broker: Mosquitto;
let z2m: MqttClient;
let connection: MqttConnection;
let registry: Registry;
let integration: MqttHaIntegration;
let diagnostics: Diagnostic[];

const publishFixture = (path: string) => {
  const f = fixture(path);
  return z2m.publishAsync(f.topic, f.payload, { retain: true, qos: 1 });
};
const bulb = () => registry.get(BULB);

beforeEach(async () => {
  broker = await startMosquitto();
  z2m = await mqtt.connectAsync(broker.url, { clientId: 'z2m-sim' });
  await publishFixture('z2m/bridge-state-online.txt');
  await publishFixture('z2m/ha-discovery-light-color_temp-ikea-bulb.txt');
  await publishFixture('z2m/state-light-bulb-full-republish.txt');
  registry = new Registry({ clock: systemClock, logger: silentLogger });
  diagnostics = [];
  registry.events.on('diagnostic', 'test', (d) => diagnostics.push(d));
  connection = createMqttConnection({ url: broker.url, clock: systemClock, logger: silentLogger });
  integration = new MqttHaIntegration({ connection, host: registry.hostFor('mqtt'), clock: systemClock });
  registry.addIntegration(integration);
  await integration.start();
  await connection.start();
  await vi.waitFor(() => expect(bulb()?.capabilities.brightness?.value).toBe(20), { timeout: 5000 });
});

afterEach(async () => {
  await integration.stop();
  await connection.stop();
  await z2m.endAsync(true);
  await broker.stop();
});

describe('the state path from the broker to the registry', () => {
  it('refuses a malformed state payload with a diagnostic and keeps the last good state', async () => {
    const before = bulb()!;
    await z2m.publishAsync('zigbee2mqtt/bulb', '{"state":"ON","brightness":');
    await vi.waitFor(() =>
      expect(diagnostics).toContainEqual(
        expect.objectContaining({
          subject: 'zigbee2mqtt/bulb',
          message: 'Could not handle a message',
          detail: 'JSON light state is not valid JSON',
        }),
      ),
    );
    expect(bulb()!.capabilities).toEqual(before.capabilities);
    expect(bulb()!.availability).toBe('online');
    await z2m.publishAsync('zigbee2mqtt/bulb', '{"state":"OFF"}');
    await vi.waitFor(() => expect(bulb()?.capabilities.power?.value).toBe(false));
    expect(bulb()!.capabilities.brightness?.value).toBe(20);
  });

  it('drops __proto__ and constructor keys, also spelt with escapes, and applies the rest', async () => {
    await z2m.publishAsync('zigbee2mqtt/bulb', '{"__proto__":{"polluted":1},"state":"OFF","brightness":254}');
    await vi.waitFor(() => expect(bulb()?.capabilities.power?.value).toBe(false));
    expect(bulb()!.capabilities.brightness?.value).toBe(100);
    await z2m.publishAsync('zigbee2mqtt/bulb', '{"\\u005f_proto__":{"polluted":2},"\\u0063onstructor":3,"state":"ON"}');
    await vi.waitFor(() => expect(bulb()?.capabilities.power?.value).toBe(true));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(bulb()!.capabilities).sort()).toEqual(['brightness', 'colorTemperature', 'power']);
  });

  it('follows the bridge availability while state messages keep arriving', async () => {
    await z2m.publishAsync('zigbee2mqtt/bridge/state', '{"state":"offline"}');
    await vi.waitFor(() => expect(bulb()?.availability).toBe('offline'));
    expect(bulb()!.availabilityReason).toBe('zigbee2mqtt/bridge/state reports offline');
    // A state report while the bridge says offline changes the state, not the availability.
    await z2m.publishAsync('zigbee2mqtt/bulb', '{"state":"OFF"}');
    await vi.waitFor(() => expect(bulb()?.capabilities.power?.value).toBe(false));
    expect(bulb()!.availability).toBe('offline');
    await z2m.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}');
    await vi.waitFor(() => expect(bulb()?.availability).toBe('online'));
    expect(bulb()!.availabilityReason).toBeUndefined();
  });
});
