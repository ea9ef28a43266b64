import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE } from './clock';
import { parseCliArgs } from './cli';
import { recordingClient, startTestBroker } from './testing/broker';
import { fixture } from './testing/fixtures';
import { startVirtualHome, type VirtualHome } from './virtual-home';
import { bridgeWill } from './z2m/bridge';

const START = new Date(2026, 0, 15, 6, 0, 0).getTime();

describe('virtual home over MQTT (aedes on 127.0.0.1, real mqtt.js client)', () => {
  let broker: Awaited<ReturnType<typeof startTestBroker>>;
  let home: VirtualHome | undefined;
  let probe: Awaited<ReturnType<typeof recordingClient>>;
  let clock: ManualClock;

  beforeEach(async () => {
    broker = await startTestBroker();
    clock = new ManualClock(START);
    home = await startVirtualHome({ mqttUrl: broker.url, scenario: 'home', seed: 1, clock });
    probe = await recordingClient(broker.url, ['zigbee2mqtt/#', 'homeassistant/#']);
  });

  afterEach(async () => {
    await home?.stop();
    await probe.client.endAsync();
    await broker.close();
  });

  const lastState = (name: string) => {
    const msgs = probe.messages.filter((m) => m.topic === `zigbee2mqtt/${name}`);
    return JSON.parse(msgs.at(-1)!.payload) as Record<string, unknown>;
  };
  const stateAfter = (name: string, pred: (s: Record<string, unknown>) => boolean) =>
    probe.waitFor((m) => m.topic === `zigbee2mqtt/${name}` && !m.retain && pred(JSON.parse(m.payload)));

  it('announces like zigbee2mqtt: retained bridge state, discovery configs and device states', async () => {
    const online = fixture('bridge-state-online.txt');
    const bridge = await probe.waitFor((m) => m.topic === online.topic);
    expect(bridge).toMatchObject({ payload: online.payload, retain: true });
    const ceiling = home!.devices.find((d) => d.name === 'Living room ceiling')!;
    const config = await probe.waitFor((m) => m.topic === `homeassistant/light/${ceiling.ieee}/light/config`);
    expect(config.retain).toBe(true);
    expect(JSON.parse(config.payload)).toMatchObject({ command_topic: 'zigbee2mqtt/Living room ceiling/set', schema: 'json' });
    // Keys are sorted like json-stable-stringify.
    expect(config.payload.startsWith('{"availability":[{"topic":"zigbee2mqtt/bridge/state"')).toBe(true);
    const state = await probe.waitFor((m) => m.topic === 'zigbee2mqtt/Living room climate');
    expect(state.retain).toBe(true);
    expect(JSON.parse(state.payload)).toHaveProperty('temperature');
    const configs = probe.messages.filter((m) => m.topic.endsWith('/config'));
    expect(new Set(configs.map((m) => m.topic)).size).toBeGreaterThanOrEqual(home!.devices.length);
  });

  it('/set {"brightness":127} → a state publish with brightness 127 and state ON', async () => {
    await probe.client.publishAsync('zigbee2mqtt/Living room ceiling/set', '{"brightness":127}');
    const m = await stateAfter('Living room ceiling', (s) => s.brightness === 127);
    expect(JSON.parse(m.payload)).toMatchObject({ brightness: 127, state: 'ON' });
  });

  it('TOGGLE, /set/state and color_temp via JSON and attribute topics', async () => {
    await probe.client.publishAsync('zigbee2mqtt/Bedroom light/set', '{"state":"TOGGLE"}');
    await stateAfter('Bedroom light', (s) => s.state === 'ON');
    await probe.client.publishAsync('zigbee2mqtt/Bedroom light/set', '{"state":"TOGGLE"}');
    await stateAfter('Bedroom light', (s) => s.state === 'OFF');
    await probe.client.publishAsync('zigbee2mqtt/Bedroom light/set/state', 'ON');
    await stateAfter('Bedroom light', (s) => s.state === 'ON');
    await probe.client.publishAsync('zigbee2mqtt/Bedroom light/set', '{"color_temp":"300"}');
    const ct = await stateAfter('Bedroom light', (s) => s.color_temp === 300);
    expect(JSON.parse(ct.payload)).toMatchObject({ color_mode: 'color_temp', color_temp: 300 });
    await probe.client.publishAsync('zigbee2mqtt/Bedroom light/set/color_temp', '400');
    await stateAfter('Bedroom light', (s) => s.color_temp === 400);
    await probe.client.publishAsync('zigbee2mqtt/Living room ceiling/set/color', '#64C80A');
    const c = await stateAfter('Living room ceiling', (s) => s.color_mode === 'xy');
    expect(JSON.parse(c.payload).color).toEqual({ x: 0.2717, y: 0.6585 });
  });

  it('climate: system_mode and setpoint topics from the discovery config work', async () => {
    const trv = home!.devices.find((d) => d.name === 'Bedroom radiator')!;
    const config = await probe.waitFor((m) => m.topic === `homeassistant/climate/${trv.ieee}/climate/config`);
    const { mode_command_topic, temperature_command_topic, preset_mode_command_topic } = JSON.parse(config.payload);
    await probe.client.publishAsync(mode_command_topic, 'auto');
    await probe.client.publishAsync(temperature_command_topic, '21.5');
    await probe.client.publishAsync(preset_mode_command_topic, 'eco');
    await stateAfter(
      'Bedroom radiator',
      (s) => s.system_mode === 'auto' && s.current_heating_setpoint === 21.5 && s.preset === 'eco',
    );
    await probe.client.publishAsync(
      'zigbee2mqtt/Living room thermostat/set',
      '{"system_mode":"cool","occupied_cooling_setpoint":23}',
    );
    await stateAfter('Living room thermostat', (s) => s.system_mode === 'cool' && s.occupied_cooling_setpoint === 23);
  });

  it('plug: /set OFF reports OFF; /get republishes the state', async () => {
    await probe.client.publishAsync('zigbee2mqtt/Kitchen plug/set', 'OFF');
    await stateAfter('Kitchen plug', (s) => s.state === 'OFF');
    const before = probe.messages.length;
    await probe.client.publishAsync('zigbee2mqtt/Kitchen plug/get', '{"state":""}');
    await probe.waitFor((m) => m.topic === 'zigbee2mqtt/Kitchen plug' && probe.messages.indexOf(m) >= before);
  });

  it('re-announces discovery and states on homeassistant/status online', async () => {
    await probe.waitFor((m) => m.topic.endsWith('/config'));
    const birth = fixture('ha-birth-status-online.txt');
    await probe.client.publishAsync(birth.topic, birth.payload);
    // The startup announcement reaches the probe as stored (retain set); only a fresh publish arrives without it.
    await probe.waitFor((m) => m.topic.startsWith('homeassistant/sensor/') && !m.retain);
    await probe.waitFor((m) => m.topic === 'zigbee2mqtt/bridge/state' && !m.retain);
  });

  it('simulated morning (ManualClock): the schedule trips motion sensors over MQTT', async () => {
    clock.advance(3 * HOUR); // 06:00 → 09:00: waking, bathroom, breakfast
    const occ = await probe.waitFor(
      (m) =>
        m.topic.startsWith('zigbee2mqtt/') && m.topic.endsWith('motion') && JSON.parse(m.payload).occupancy === true && !m.retain,
    );
    expect([
      'zigbee2mqtt/Bathroom motion',
      'zigbee2mqtt/Kitchen motion',
      'zigbee2mqtt/Hallway motion',
      'zigbee2mqtt/Living room motion',
    ]).toContain(occ.topic);
    await probe.waitFor((m) => m.topic === 'zigbee2mqtt/Living room climate');
    expect(lastState('Living room climate')).toHaveProperty('humidity');
  });

  it('stop() publishes bridge offline (the same payload as the LWT)', async () => {
    const lwt = fixture('bridge-state-offline-lwt.txt');
    expect({ topic: bridgeWill().topic, payload: bridgeWill().payload.toString(), retain: true }).toEqual({
      topic: lwt.topic,
      payload: lwt.payload,
      retain: true,
    });
    await home!.stop();
    home = undefined;
    await probe.waitFor((m) => m.topic === lwt.topic && m.payload === lwt.payload);
  });
});

describe('office scenario', () => {
  it('writes meeting room calendars and exposes them as text', async () => {
    const broker = await startTestBroker();
    const dir = await mkdtemp(join(tmpdir(), 'homeroom-sim-test-'));
    const home = await startVirtualHome({
      mqttUrl: broker.url,
      scenario: 'office',
      seed: 3,
      clock: new ManualClock(START),
      calendarDir: dir,
      extraDevices: 6,
    });
    try {
      expect(home.calendars.map((c) => c.roomId)).toEqual(['meeting_fjord', 'meeting_summit']);
      const text = await readFile(home.calendars[0]!.path!, 'utf8');
      expect(text).toBe(home.calendars[0]!.ics());
      expect(text).toContain('BEGIN:VEVENT');
      expect(home.devices.filter((d) => d.roomId.startsWith('room_'))).toHaveLength(6);
      expect(home.rooms.map((r) => r.spec.id)).toEqual(
        expect.arrayContaining(['open_plan', 'meeting_fjord', 'meeting_summit', 'room_1', 'room_2']),
      );
      (home.clock as ManualClock).advance(10 * MINUTE);
    } finally {
      await home.stop();
      await broker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('--rate load over MQTT', () => {
  it('publishes fresh state reports for every device, round-robin, on top of the home', async () => {
    const broker = await startTestBroker();
    const home = await startVirtualHome({
      mqttUrl: broker.url,
      scenario: 'home',
      seed: 1,
      clock: new ManualClock(START),
      rate: 400,
    });
    const probe = await recordingClient(broker.url, ['zigbee2mqtt/+']);
    try {
      const live = () => probe.messages.filter((m) => !m.retain && !m.topic.startsWith('zigbee2mqtt/bridge'));
      // The ManualClock never advances, so every live state report here comes from the load generator.
      await expect.poll(() => live().length, { timeout: 5000 }).toBeGreaterThanOrEqual(home.devices.length + 5);
      const topics = new Set(live().map((m) => m.topic));
      expect(topics.size).toBe(home.devices.length);
    } finally {
      await home.stop();
      await probe.client.endAsync();
      await broker.close();
    }
  });
});

describe('cli arguments', () => {
  it('has defaults and validates', () => {
    expect(parseCliArgs([])).toMatchObject({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      scenario: 'home',
      speed: 1,
      seed: 1,
      extraDevices: 0,
    });
    expect(
      parseCliArgs([
        '--scenario',
        'office',
        '--speed',
        '60',
        '--seed',
        '7',
        '--devices',
        '100',
        '--rate',
        '2000',
        '--mqtt',
        'mqtt://127.0.0.1:1884',
      ]),
    ).toMatchObject({
      scenario: 'office',
      speed: 60,
      seed: 7,
      extraDevices: 100,
      rate: 2000,
      mqttUrl: 'mqtt://127.0.0.1:1884',
    });
    expect(() => parseCliArgs(['--scenario', 'castle'])).toThrow(/scenario/);
    expect(() => parseCliArgs(['--speed', '0'])).toThrow(/speed/);
    expect(() => parseCliArgs(['--start', '7h'])).toThrow(/start/);
  });
});
