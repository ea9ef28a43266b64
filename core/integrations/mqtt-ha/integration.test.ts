/**
 * End to end over a real in-process aedes broker on 127.0.0.1 with real mqtt.js clients:
 * a "zigbee2mqtt" client publishes the real discovery configs and states from fixtures/protocols/z2m
 * (zigbee2mqtt test expectations); we assert devices, states and the exact publishes we make.
 */
import { Aedes, type AedesPublishPacket } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../model';
import { ManualClock } from '../../util/clock';
import {
  CommandError,
  type DeviceDescription,
  type DiagnosticInput,
  type IntegrationHost,
  type StateReport,
} from '../integration';
import { MqttHaIntegration } from './integration';
import { TestMqttConnection } from './test-connection';
import { fixture } from './test-fixtures';

class RecordingHost implements IntegrationHost {
  devices = new Map<string, DeviceDescription>();
  state = new Map<string, StateReport>();
  availability = new Map<string, { availability: Availability; reason?: string }>();
  removed: string[] = [];
  diagnostics: DiagnosticInput[] = [];
  /** Every state report in order. */
  reports: { id: string; state: StateReport }[] = [];
  upsertDevice(d: DeviceDescription) {
    this.devices.set(d.id, d);
    if (!this.availability.has(d.id)) this.availability.set(d.id, { availability: d.availability });
  }
  reportState(id: string, s: StateReport) {
    this.reports.push({ id, state: s });
    this.state.set(id, { ...this.state.get(id), ...s });
  }
  setAvailability(id: string, availability: Availability, reason?: string) {
    this.availability.set(id, { availability, ...(reason ? { reason } : {}) });
  }
  removeDevice(id: string) {
    this.devices.delete(id);
    this.removed.push(id);
  }
  diagnostic(d: DiagnosticInput) {
    this.diagnostics.push(d);
  }
}

async function waitFor(check: () => void | Promise<void>, ms = 3000): Promise<void> {
  await vi.waitFor(check, { timeout: ms, interval: 10 });
}

const BULB = 'mqtt:zigbee2mqtt_0x000b57fffec6a5b2';
const TRV = 'mqtt:zigbee2mqtt_0x0017882104a44559';
const MOTION = 'mqtt:zigbee2mqtt_0x0017880104e45523';
const WEATHER = 'mqtt:zigbee2mqtt_0x0017880104e45522';

let broker: Aedes;
let server: Server;
let url: string;
let z2m: MqttClient;
let connection: TestMqttConnection;
let host: RecordingHost;
let clock: ManualClock;
let integration: MqttHaIntegration;
/** Every publish our hub client made, as the broker received it (exact retain and qos). */
let sent: { topic: string; payload: string; retain: boolean; qos: number }[];

function z2mPublish(path: string, retain = true): Promise<unknown> {
  const f = fixture(path);
  return z2m.publishAsync(f.topic, f.payload, { retain, qos: 1 });
}

beforeEach(async () => {
  broker = await Aedes.createBroker();
  server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sent = [];
  broker.on('publish', (packet: AedesPublishPacket, client) => {
    if (client && client.id.startsWith('homeroom-test-'))
      sent.push({ topic: packet.topic, payload: packet.payload.toString(), retain: packet.retain, qos: packet.qos });
  });
  z2m = await mqtt.connectAsync(url, { clientId: 'z2m-sim' });
  await z2mPublish('z2m/bridge-state-online.txt');
  for (const p of [
    'z2m/ha-discovery-light-color_temp-ikea-bulb.txt',
    'z2m/ha-discovery-climate-trv-ts0601.txt',
    'z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt',
    'z2m/ha-discovery-sensor-illuminance-DERIVED-current.txt',
    'z2m/ha-discovery-sensor-temperature.txt',
    'z2m/ha-discovery-sensor-humidity.txt',
  ])
    await z2mPublish(p);
  host = new RecordingHost();
  clock = new ManualClock(1_000);
  connection = new TestMqttConnection(url);
  await connection.start();
  integration = new MqttHaIntegration({ connection, host, clock });
  await integration.start();
  // Six configs, four devices: the two sensors are complete only once both of their configs are mapped.
  await waitFor(() => {
    expect(host.devices.size).toBe(4);
    expect(Object.keys(host.devices.get(MOTION)?.capabilities ?? {}).sort()).toEqual(['illuminance', 'occupancy']);
    expect(Object.keys(host.devices.get(WEATHER)?.capabilities ?? {}).sort()).toEqual(['humidity', 'temperature']);
  });
  // State topics are subscribed right after their device is described: a QoS 1 publish on the same connection is
  // acknowledged only after those SUBSCRIBEs were processed, so the tests' state messages cannot overtake them.
  await connection.publish('test/barrier', '', { qos: 1 });
});

afterEach(async () => {
  await integration.stop();
  await connection.stop();
  await z2m.endAsync(true);
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('MqttHaIntegration with zigbee2mqtt over a real broker', () => {
  it('publishes the HA birth message on connect (non-retained)', async () => {
    await waitFor(() => expect(sent).toContainEqual({ topic: 'homeassistant/status', payload: 'online', retain: false, qos: 0 }));
  });

  it('builds devices from the discovery configs, grouped by device identifiers', async () => {
    expect(host.devices.get(BULB)).toMatchObject({ name: 'bulb', kind: 'light', manufacturer: 'IKEA', integration: 'mqtt' });
    expect(Object.keys(host.devices.get(BULB)!.capabilities)).toEqual(['power', 'brightness', 'colorTemperature']);
    expect(host.devices.get(TRV)).toMatchObject({ name: 'TS0601_thermostat', kind: 'thermostat', manufacturer: 'Tuya' });
    expect(host.devices.get(MOTION)).toMatchObject({ name: 'occupancy_sensor', kind: 'sensor' });
    expect(Object.keys(host.devices.get(MOTION)!.capabilities).sort()).toEqual(['illuminance', 'occupancy']);
    expect(Object.keys(host.devices.get(WEATHER)!.capabilities).sort()).toEqual(['humidity', 'temperature']);
    await waitFor(() => expect(host.availability.get(BULB)).toEqual({ availability: 'online' }));
  });

  it('turns state payloads into state reports (one shared topic for several entities)', async () => {
    await z2mPublish('z2m/state-light-bulb-full-republish.txt', false);
    await z2mPublish('z2m/state-occupancy-sensor-rtcgq11lm-illuminance.txt', false);
    await z2m.publishAsync('zigbee2mqtt/occupancy_sensor', '{"occupancy":true,"illuminance":12}');
    await z2m.publishAsync(
      'zigbee2mqtt/TS0601_thermostat',
      '{"local_temperature":19.5,"current_heating_setpoint":21,"system_mode":"heat","running_state":"heat","preset":"comfort"}',
    );
    await waitFor(() => {
      expect(host.state.get(BULB)).toEqual({ power: true, brightness: 20, colorTemperature: 2703 });
      expect(host.state.get(MOTION)).toEqual({ illuminance: 12, occupancy: true });
      expect(host.state.get(TRV)).toEqual({
        climate: { mode: 'heat', targetTemperature: 21, currentTemperature: 19.5, action: 'heating', preset: 'comfort' },
      });
    });
  });

  it('sends commands with the exact topic, payload, retain flag and qos', async () => {
    await integration.sendCommand(BULB, { brightness: 40 });
    await integration.sendCommand(BULB, { power: false });
    await integration.sendCommand(BULB, { power: true, colorTemperature: 2700 });
    await integration.sendCommand(TRV, { climate: { targetTemperature: 21, mode: 'heat' } });
    await waitFor(() =>
      expect(sent.filter((s) => s.topic.includes('/set'))).toEqual([
        { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","brightness":102}', retain: false, qos: 0 },
        { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"OFF"}', retain: false, qos: 0 },
        { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","color_temp":370}', retain: false, qos: 0 },
        { topic: 'zigbee2mqtt/TS0601_thermostat/set/system_mode', payload: 'heat', retain: false, qos: 0 },
        { topic: 'zigbee2mqtt/TS0601_thermostat/set/current_heating_setpoint', payload: '21', retain: false, qos: 0 },
      ]),
    );
  });

  it('rejects invalid, unwritable and unknown-device commands with CommandError', async () => {
    await expect(integration.sendCommand(BULB, { colorTemperature: 6500 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(integration.sendCommand(MOTION, { power: true })).rejects.toMatchObject({ code: 'not_writable' });
    await expect(integration.sendCommand('mqtt:nope', { power: true })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a retained copy that arrives after a live message on its topic is older, and does not undo it', async () => {
    const topic = 'zigbee2mqtt/TS0601_thermostat';
    const state = (setpoint: number) =>
      `{"local_temperature":18,"current_heating_setpoint":${setpoint},"system_mode":"heat","running_state":"heat","preset":"manual"}`;
    await z2m.publishAsync(topic, state(18), { retain: true, qos: 1 });
    await integration.stop();
    // aedes answers a SUBSCRIBE, then streams its retained messages: the valve's answer to a command sent at once
    // (live, 21) reaches the hub before the retained copy from before it (18), as at every hub start.
    broker.on('subscribe', (subscriptions, client) => {
      if (client?.id.startsWith('homeroom-test-') && subscriptions.some((s) => s.topic === topic))
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(state(21)), qos: 0, dup: false, retain: false }, () => {});
    });
    host = new RecordingHost();
    integration = new MqttHaIntegration({ connection, host, clock });
    await integration.start();
    await waitFor(() => expect(host.state.get(TRV)?.climate).toMatchObject({ targetTemperature: 21 }));
    await connection.publish('test/barrier', '', { qos: 1 });
    await z2m.publishAsync('test/barrier', '', { qos: 1 });
    expect(host.state.get(TRV)?.climate).toMatchObject({ targetTemperature: 21 });
    expect(host.reports.filter((r) => r.id === TRV).map((r) => r.state.climate?.targetTemperature)).toEqual([21]);
  });

  it('reports malformed configs and payloads as diagnostics and keeps running', async () => {
    await z2m.publishAsync('homeassistant/light/0xbad/light/config', '{"oops', { retain: true, qos: 1 });
    await z2m.publishAsync(
      'homeassistant/sensor/0xbad/x/config',
      '{"state_topic":"a","value_template":"{{ value_json.x.upper() }}"}',
    );
    await z2m.publishAsync('homeassistant/select/0xbad/x/config', '{"command_topic":"a"}');
    await z2m.publishAsync('zigbee2mqtt/bulb', 'not json');
    await waitFor(() => {
      expect(host.diagnostics).toContainEqual(
        expect.objectContaining({
          level: 'error',
          subject: 'homeassistant/light/0xbad/light/config',
          message: 'Discovery config is not valid JSON',
        }),
      );
      expect(host.diagnostics).toContainEqual(
        expect.objectContaining({ level: 'info', subject: 'homeassistant/select/0xbad/x/config' }),
      );
      expect(host.diagnostics).toContainEqual(
        expect.objectContaining({ level: 'warning', subject: 'zigbee2mqtt/bulb', detail: 'JSON light state is not valid JSON' }),
      );
    });
    await z2m.publishAsync(
      'homeassistant/sensor/0xbad/y/config',
      '{"state_topic":"bad/t","device_class":"temperature","value_template":"{{ value_json.t | int }}"}',
    );
    await waitFor(() => expect(host.devices.has('mqtt:homeassistant/sensor/0xbad/y/config')).toBe(true));
    await waitFor(async () => {
      await z2m.publishAsync('bad/t', '{"t":"warm"}');
      expect(host.diagnostics).toContainEqual(
        expect.objectContaining({
          subject: 'bad/t',
          message: 'Template error',
          detail: 'cannot convert a string to int (and no default given)',
        }),
      );
    });
    await integration.sendCommand(BULB, { power: true }); // still working
  });

  it('removes entities on an empty retained config, and the device with its last entity', async () => {
    const occupancy = fixture('z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt').topic;
    const illuminance = fixture('z2m/ha-discovery-sensor-illuminance-DERIVED-current.txt').topic;
    await z2m.publishAsync(occupancy, '', { retain: true });
    await waitFor(() => expect(Object.keys(host.devices.get(MOTION)!.capabilities)).toEqual(['illuminance']));
    await z2m.publishAsync(illuminance, '', { retain: true });
    await waitFor(() => expect(host.removed).toEqual([MOTION]));
  });

  it('queues commands while the zigbee2mqtt bridge is offline: sent when it returns, dropped after the TTL', async () => {
    await z2mPublish('z2m/bridge-state-offline-lwt.txt');
    await waitFor(() =>
      expect(host.availability.get(BULB)).toEqual({
        availability: 'offline',
        reason: 'zigbee2mqtt/bridge/state reports offline',
      }),
    );
    const dropped = integration.sendCommand(BULB, { power: true });
    clock.advance(9_999);
    const replaced = integration.sendCommand(TRV, { climate: { targetTemperature: 20 } });
    const newer = integration.sendCommand(TRV, { climate: { targetTemperature: 22 } });
    clock.advance(1);
    await expect(dropped).rejects.toEqual(
      new CommandError('unavailable', 'Not sent: zigbee2mqtt/bridge/state reports offline (dropped after 10 s)'),
    );
    await expect(replaced).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('replaced by a newer command'),
    });
    await z2mPublish('z2m/bridge-state-online.txt');
    await newer;
    await waitFor(() =>
      expect(sent.filter((s) => s.topic.includes('/set'))).toEqual([
        { topic: 'zigbee2mqtt/TS0601_thermostat/set/current_heating_setpoint', payload: '22', retain: false, qos: 0 },
      ]),
    );
  });

  it('after a reconnect: birth again, zigbee2mqtt state refresh, and unknown for devices that stay silent', async () => {
    await z2m.publishAsync(
      'homeassistant/switch/garden/config',
      fixture('tasmota/legacy-SetOption19-ha-discovery-switch-real.txt').payload.replace(
        /"avty_t":"[^"]*","pl_avail":"Online","pl_not_avail":"Offline",/,
        '',
      ),
    );
    await waitFor(() => expect(host.devices.has('mqtt:D04DF5')).toBe(true));
    // Non-retained state: repeat until our subscription (made asynchronously) is in place.
    await waitFor(async () => {
      await z2m.publishAsync('XefilHome/GARDEN02/STATE', '{"POWER1":"ON"}');
      expect(host.availability.get('mqtt:D04DF5')).toEqual({ availability: 'online' });
    });
    sent = [];
    let resubscribed = false;
    broker.on('subscribe', (subs) => {
      if (subs.some((x) => x.topic === 'zigbee2mqtt/bridge/state')) resubscribed = true;
    });
    // A handler of ours on the integration's filter runs after the integration's: it marks the redelivered bridge state.
    let bridgeStates = 0;
    const offBridge = connection.subscribe('zigbee2mqtt/bridge/state', () => bridgeStates++);
    connection.client!.stream.destroy();
    await waitFor(() =>
      expect(sent.map((s) => `${s.topic} ${s.payload}`)).toEqual(
        expect.arrayContaining(['homeassistant/status online', 'zigbee2mqtt/bulb/get {"state":""}']),
      ),
    );
    await waitFor(() => expect(resubscribed).toBe(true));
    await waitFor(() => expect(bridgeStates).toBeGreaterThan(0)); // the retained bridge state is redelivered
    offBridge();
    clock.advance(30_000);
    expect(host.availability.get('mqtt:D04DF5')).toEqual({
      availability: 'unknown',
      reason: 'no update since the broker connection was restored',
    });
    expect(host.availability.get(BULB)).toEqual({ availability: 'online' }); // its retained availability came back
    await waitFor(async () => {
      await z2m.publishAsync('XefilHome/GARDEN02/STATE', '{"POWER1":"OFF"}');
      expect(host.availability.get('mqtt:D04DF5')).toEqual({ availability: 'online' });
    });
    expect(host.state.get('mqtt:D04DF5')).toEqual({ power: false });
  });

  it('after a reconnect asks every zigbee2mqtt light for its state, hundreds of them in chunks', async () => {
    const bulb = fixture('z2m/ha-discovery-light-color_temp-ikea-bulb.txt');
    const count = 450; // more than two chunks of requests
    for (let i = 0; i < count; i++)
      await z2m.publishAsync(
        bulb.topic.replace('0x000b57fffec6a5b2', `0x${String(i).padStart(16, '0')}`),
        bulb.payload
          .replaceAll('0x000b57fffec6a5b2', `0x${String(i).padStart(16, '0')}`)
          .replaceAll('zigbee2mqtt/bulb', `zigbee2mqtt/bulb_${i}`),
        { retain: true },
      );
    await waitFor(() => expect(host.devices.size).toBe(4 + count), 10_000);
    sent = [];
    connection.client!.stream.destroy();
    const gets = () => new Set(sent.filter((s) => s.topic.endsWith('/get')).map((s) => s.topic));
    await waitFor(() => expect(gets().size).toBe(count + 1), 10_000); // the fixture's bulb too
    expect(gets()).toContain('zigbee2mqtt/bulb_449/get');
    expect(sent.filter((s) => s.topic === 'zigbee2mqtt/bulb_0/get')).toEqual([
      { topic: 'zigbee2mqtt/bulb_0/get', payload: '{"state":""}', retain: false, qos: 0 },
    ]);
  });

  it('stop() unsubscribes everything', async () => {
    await integration.stop();
    // A later message on a topic of ours marks when the state before it would have been dispatched.
    let marks = 0;
    connection.subscribe('test/marker', () => marks++);
    await waitFor(async () => {
      await z2mPublish('z2m/state-light-bulb-full-republish.txt', false);
      await z2m.publishAsync('test/marker', '', { qos: 1 });
      expect(marks).toBeGreaterThan(0);
    });
    expect(host.state.get(BULB)).toBeUndefined();
  });
});
