/**
 * The hub end to end against a real mosquitto: real zigbee2mqtt and Tasmota discovery
 * configs (fixtures/protocols), commands through the REST API, and the exact payloads
 * that reach the devices' command topics.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHub, type Hub } from './hub';
import { fixture } from './integrations/mqtt-ha/test-fixtures';
import type { Device } from './model';
import { startMosquitto, type Mosquitto } from './test-support/mosquitto';
import { silentLogger } from './util/logger';

const TOKEN = 'integration-token-0123456789';
const BULB = 'mqtt:zigbee2mqtt_0x000b57fffec6a5b2';
const TRV = 'mqtt:zigbee2mqtt_0x0017882104a44559';
const OCCUPANCY = 'mqtt:zigbee2mqtt_0x0017880104e45523';
const WEATHER = 'mqtt:zigbee2mqtt_0x0017880104e45522';
const TASMOTA = 'mqtt:D04DF5';

let broker: Mosquitto;
let hub: Hub;
let device: MqttClient;
const published: { topic: string; payload: string; retain: boolean }[] = [];

/** Plays the devices: answers /set like zigbee2mqtt and cmnd/ like Tasmota. */
async function startDevices(url: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 500 });
  const bulb: Record<string, unknown> = { brightness: 50, color_temp: 370, linkquality: 99, state: 'ON' };
  const trv: Record<string, unknown> = {
    current_heating_setpoint: 17,
    local_temperature: 19.5,
    running_state: 'idle',
    system_mode: 'auto',
    preset: 'manual',
  };
  client.on('message', (topic, buffer, packet) => {
    const payload = buffer.toString();
    published.push({ topic, payload, retain: packet.retain });
    if (topic === 'zigbee2mqtt/bulb/set') {
      Object.assign(bulb, JSON.parse(payload));
      void client.publishAsync('zigbee2mqtt/bulb', JSON.stringify(bulb));
    } else if (topic.startsWith('zigbee2mqtt/TS0601_thermostat/set/')) {
      const attribute = topic.split('/').pop()!;
      trv[attribute === 'preset' ? 'preset' : attribute] = Number.isNaN(Number(payload)) ? payload : Number(payload);
      void client.publishAsync('zigbee2mqtt/TS0601_thermostat', JSON.stringify(trv));
    } else if (topic === 'XefilHome/GARDEN02/cmnd/POWER1') {
      void client.publishAsync('XefilHome/GARDEN02/STATE', JSON.stringify({ POWER1: payload }));
    }
  });
  await client.subscribeAsync(['zigbee2mqtt/+/set', 'zigbee2mqtt/+/set/+', 'XefilHome/+/cmnd/+', 'zigbee2mqtt/silent_bulb/set']);
  const retain = async (topic: string, payload: string) => client.publishAsync(topic, payload, { retain: true, qos: 1 });
  await retain('zigbee2mqtt/bridge/state', '{"state":"online"}');
  for (const path of [
    'z2m/ha-discovery-light-color_temp-ikea-bulb.txt',
    'z2m/ha-discovery-climate-trv-ts0601.txt',
    'z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt',
    'z2m/ha-discovery-sensor-illuminance-DERIVED-current.txt',
    'z2m/ha-discovery-sensor-temperature.txt',
    'z2m/ha-discovery-sensor-humidity.txt',
    'z2m/ha-discovery-sensor-battery.txt',
    'tasmota/legacy-SetOption19-ha-discovery-switch-real.txt',
  ]) {
    const { topic, payload } = fixture(path);
    await retain(topic, payload);
  }
  await retain('zigbee2mqtt/bulb', JSON.stringify(bulb));
  await retain('zigbee2mqtt/TS0601_thermostat', JSON.stringify(trv));
  await retain('zigbee2mqtt/occupancy_sensor', fixture('z2m/state-occupancy-sensor-rtcgq11lm-illuminance.txt').payload);
  await retain('zigbee2mqtt/weather_sensor', fixture('z2m/state-weather-sensor.txt').payload);
  await retain('XefilHome/GARDEN02/LWT', 'Online');
  await retain('XefilHome/GARDEN02/STATE', '{"POWER1":"ON"}');
  return client;
}

async function api<T = Device>(path: string, init: RequestInit = {}) {
  const response = await fetch(`${hub.url}api/${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as T };
}
const command = (id: string, body: unknown) =>
  api<Device & { code: string; message: string }>(`devices/${encodeURIComponent(id)}/command`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const setsSince = (start: number) => published.slice(start).filter((m) => /\/set|cmnd/.test(m.topic));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: ms, interval: 25 },
  );
}

beforeAll(async () => {
  broker = await startMosquitto();
  device = await startDevices(broker.url);
  hub = await startHub(
    {
      mqttUrl: broker.url,
      http: { host: '127.0.0.1', port: 0, token: TOKEN, uiDir: '/nonexistent' },
      confirmTimeoutMs: 1500,
      commandTtlMs: 1000,
    },
    { logger: silentLogger },
  );
  // Configs arrive first, retained states right after the hub subscribes to their topics.
  await until(
    async () => (await api<Device[]>('devices')).body.filter((d) => d.lastSeen !== undefined).length >= 5,
    'five reporting devices',
  );
}, 30_000);

afterAll(async () => {
  await hub?.stop();
  await device?.endAsync();
  await broker?.stop();
});

describe('discovery through mosquitto', () => {
  it('shows zigbee2mqtt and Tasmota devices with the right kinds and capabilities', async () => {
    const devices = (await api<Device[]>('devices')).body;
    const byId = new Map(devices.map((d) => [d.id, d]));
    expect(byId.get(BULB)).toMatchObject({
      kind: 'light',
      name: 'bulb',
      manufacturer: 'IKEA',
      availability: 'online',
      capabilities: {
        power: { value: true, writable: true },
        brightness: { value: 20, writable: true, min: 0, max: 100 },
        colorTemperature: { value: 2703, writable: true, min: 2203, max: 4000 },
      },
    });
    expect(byId.get(TRV)).toMatchObject({
      kind: 'thermostat',
      capabilities: {
        climate: {
          value: { mode: 'auto', targetTemperature: 17, currentTemperature: 19.5, action: 'idle', preset: 'manual' },
          min: 5,
          max: 35,
          step: 0.5,
          options: ['heat', 'auto', 'off'],
        },
      },
    });
    expect(byId.get(OCCUPANCY)?.capabilities).toMatchObject({ occupancy: { writable: false }, illuminance: { writable: false } });
    expect(byId.get(WEATHER)?.capabilities).toMatchObject({
      // The recorded state reports only the temperature; the others are null until measured.
      temperature: { value: -0.85, unit: '°C' },
      humidity: { value: null, unit: '%' },
      battery: { value: null },
    });
    expect(byId.get(TASMOTA)).toMatchObject({ kind: 'switch', availability: 'online', capabilities: { power: { value: true } } });
  });
});

describe('commands through the REST API', () => {
  it('a light gets exactly the payload zigbee2mqtt expects, and answers once confirmed', async () => {
    const start = published.length;
    const response = await command(BULB, { brightness: 40, colorTemperature: 2700 });
    expect(response.status).toBe(200);
    expect(response.body.capabilities.brightness?.value).toBe(40);
    expect(setsSince(start)).toEqual([
      { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","brightness":102,"color_temp":370}', retain: false },
    ]);
  });

  it('switching off sends an absolute OFF, never a toggle', async () => {
    const start = published.length;
    expect((await command(BULB, { power: false })).status).toBe(200);
    expect(setsSince(start)).toEqual([{ topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"OFF"}', retain: false }]);
  });

  it('a thermostat gets its mode and setpoint on the topics its discovery config names', async () => {
    const start = published.length;
    const response = await command(TRV, { climate: { mode: 'heat', targetTemperature: 21 } });
    expect(response.status).toBe(200);
    expect(response.body.capabilities.climate?.value).toMatchObject({ mode: 'heat', targetTemperature: 21 });
    expect(setsSince(start)).toEqual([
      { topic: 'zigbee2mqtt/TS0601_thermostat/set/system_mode', payload: 'heat', retain: false },
      { topic: 'zigbee2mqtt/TS0601_thermostat/set/current_heating_setpoint', payload: '21', retain: false },
    ]);
  });

  it('a Tasmota relay gets OFF on its cmnd topic', async () => {
    const start = published.length;
    expect((await command(TASMOTA, { power: false })).status).toBe(200);
    expect(setsSince(start)).toEqual([{ topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF', retain: false }]);
  });

  it('refuses bad commands with clear messages and sends nothing', async () => {
    const start = published.length;
    const outOfRange = await command(BULB, { brightness: 140 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.message).toMatch(/brightness/i);
    const tooHot = await command(TRV, { climate: { targetTemperature: 50 } });
    expect(tooHot).toMatchObject({ status: 400, body: { code: 'invalid' } });
    expect(tooHot.body.message).toMatch(/above the maximum of 35/);
    expect((await command(WEATHER, { power: true })).status).toBe(409);
    expect((await command('mqtt:nope', { power: true })).status).toBe(404);
    expect((await command(BULB, '{not json')).status).toBe(400);
    expect((await command(BULB, { power: 'yes' })).status).toBe(400);
    expect(setsSince(start)).toEqual([]);
  });

  it('a device that never confirms is reported as failed with a reason (after retries)', async () => {
    const { topic, payload } = fixture('z2m/ha-discovery-light-brightness-only.txt');
    const config = JSON.parse(payload) as Record<string, unknown>;
    const silent = {
      ...config,
      command_topic: 'zigbee2mqtt/silent_bulb/set',
      state_topic: 'zigbee2mqtt/silent_bulb',
      unique_id: 'silent_bulb',
      device: { identifiers: ['silent_bulb'], name: 'Silent bulb' },
    };
    await device.publishAsync(topic.replace(/\/[^/]+\/light\/config$/, '/silent/light/config'), JSON.stringify(silent), {
      retain: true,
    });
    await device.publishAsync('zigbee2mqtt/silent_bulb', '{"state":"OFF","brightness":10}', { retain: true });
    await until(async () => (await api<Device[]>('devices')).body.some((d) => d.id === 'mqtt:silent_bulb'), 'the silent bulb');
    const start = published.length;
    const response = await command('mqtt:silent_bulb', { power: true });
    expect(response.status).toBe(504);
    expect(response.body.message).toMatch(/Silent bulb did not confirm the change within 1.5 s \(sent 4 times\)/);
    expect(setsSince(start).filter((m) => m.topic === 'zigbee2mqtt/silent_bulb/set')).toHaveLength(4);
  });
});

describe('bad input from the network', () => {
  it('a malformed discovery config and a state that is not JSON become diagnostics; the hub keeps running', async () => {
    await device.publishAsync('homeassistant/light/broken/light/config', '{"name": "Broken", "command_topic": ', {
      retain: true,
    });
    await device.publishAsync('homeassistant/vacuum/robo/config', JSON.stringify({ name: 'Robo', command_topic: 'r/set' }), {
      retain: true,
    });
    await device.publishAsync('zigbee2mqtt/bulb', 'this is not json');
    await until(async () => (await api<unknown[]>('diagnostics')).body.length >= 3, 'three diagnostics');
    const diagnostics = (await api<{ subject: string; message: string }[]>('diagnostics')).body;
    const text = diagnostics.map((d) => `${d.subject}: ${d.message}`).join('\n');
    expect(text).toMatch(/homeassistant\/light\/broken\/light\/config/);
    expect(text).toMatch(/vacuum/);
    expect(text).toMatch(/zigbee2mqtt\/bulb/);
    expect((await api<{ ok: boolean }>('health')).body.ok).toBe(true);
    expect((await command(BULB, { power: true })).status).toBe(200);
  });
});

describe('a zigbee2mqtt bridge that goes offline', () => {
  it('marks its devices offline, and a command waits its TTL and is then dropped with feedback, never sent late', async () => {
    await device.publishAsync('zigbee2mqtt/bridge/state', '{"state":"offline"}', { retain: true, qos: 1 });
    await until(async () => (await api(`devices/${encodeURIComponent(BULB)}`)).body.availability === 'offline', 'bulb offline');
    const start = published.length;
    const response = await command(BULB, { power: false });
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/Not sent: zigbee2mqtt\/bridge\/state reports offline \(dropped after 1 s\)/);
    await device.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}', { retain: true, qos: 1 });
    await until(async () => (await api(`devices/${encodeURIComponent(BULB)}`)).body.availability === 'online', 'bulb online');
    // A later command is sent and confirmed; a dropped one that was kept would have reached the bulb before it.
    expect((await command(BULB, { power: true })).status).toBe(200);
    expect(setsSince(start)).toEqual([{ topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON"}', retain: false }]);
  });
});

describe('a broker that goes away', () => {
  it('reconnects after a broker restart, re-subscribes, and control works again', async () => {
    const states: string[] = [];
    const off = hub.onMqttStatus((status) => states.push(status.state));
    await broker.restart();
    await until(() => states.includes('reconnecting'), 'the hub to notice the broker went away');
    off();
    // mosquitto runs without persistence here: the devices come back and re-announce, as after a real restart.
    await device.endAsync();
    device = await startDevices(broker.url);
    await until(() => hub.mqttStatus().state === 'connected', 'reconnect');
    const start = published.length;
    expect((await command(TASMOTA, { power: false })).status).toBe(200);
    expect(setsSince(start)).toEqual([{ topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF', retain: false }]);
  });
});
