import { describe, expect, it } from 'vitest';
import { expandAbbreviations } from './abbreviations';
import { parseDiscoveryMessage, parseDiscoveryTopic, resolveBaseTopic } from './config';
import { fixture } from './test-fixtures';

const P = 'homeassistant';

describe('parseDiscoveryTopic', () => {
  it.each([
    [
      'homeassistant/light/0x000b57fffec6a5b2/light/config',
      { component: 'light', nodeId: '0x000b57fffec6a5b2', objectId: 'light' },
    ],
    ['homeassistant/switch/D04DF5_RL_1/config', { component: 'switch', objectId: 'D04DF5_RL_1' }],
    ['homeassistant/device/kitchen-1/config', { component: 'device', objectId: 'kitchen-1' }],
    ['homeassistant/light/a/b/c/config', undefined],
    ['homeassistant/light/x/state', undefined],
    ['homeassistant/light/bad id/config', undefined],
    ['other/light/x/config', undefined],
  ])('%s', (topic, expected) => {
    expect(parseDiscoveryTopic(topic, P)).toEqual(expected);
  });
});

describe('abbreviations and ~', () => {
  it('keeps a config with full names only as it is, and still drops unsafe keys and lets the full name win', () => {
    const full = { name: 'Lamp', unique_id: 'u1', device: { identifiers: ['x'], name: 'Lamp' }, origin: { name: 'z2m' } };
    expect(expandAbbreviations(full)).toEqual(full);
    const mixed = JSON.parse('{"__proto__":{"polluted":1},"stat_t":"a","state_topic":"b","device":{"constructor":1,"name":"L"}}');
    const out = expandAbbreviations(mixed);
    expect(out).toEqual({ state_topic: 'b', device: { name: 'L' } });
    expect(Object.keys(out)).toEqual(['state_topic', 'device']);
  });
  it('expands top-level, device, origin and availability abbreviations (HA docs example)', () => {
    const out = expandAbbreviations({
      '~': 'homeassistant/light/kitchen',
      name: null,
      uniq_id: 'kitchen_light',
      cmd_t: '~/set',
      stat_t: '~/state',
      schema: 'json',
      dev: {
        ids: 'ea334450945afc',
        name: 'Kitchen',
        mf: 'Bla electronics',
        mdl: 'xya',
        mdl_id: 'ABC123',
        sw: '1.0',
        sn: 'ea334450945afc',
        hw: '1.0rev2',
      },
      o: { name: 'bla2mqtt', sw: '2.1', url: 'https://bla2mqtt.example.com/support' },
      avty: [{ t: 'a/b', pl_avail: 'up', val_tpl: '{{ value }}' }],
    });
    expect(out).toMatchObject({
      unique_id: 'kitchen_light',
      command_topic: '~/set',
      state_topic: '~/state',
      device: {
        identifiers: 'ea334450945afc',
        manufacturer: 'Bla electronics',
        model: 'xya',
        model_id: 'ABC123',
        sw_version: '1.0',
        serial_number: 'ea334450945afc',
        hw_version: '1.0rev2',
      },
      origin: { name: 'bla2mqtt', sw_version: '2.1', support_url: 'https://bla2mqtt.example.com/support' },
      availability: [{ topic: 'a/b', payload_available: 'up', value_template: '{{ value }}' }],
    });
  });

  it('resolves ~ as prefix and as suffix, only in *_topic options', () => {
    expect(resolveBaseTopic({ '~': 'base/x', command_topic: '~/set', state_topic: 'pre/~', name: '~/keep' })).toEqual({
      command_topic: 'base/x/set',
      state_topic: 'pre/base/x',
      name: '~/keep',
    });
  });
});

describe('parseDiscoveryMessage', () => {
  it('z2m TRV (node_id form): validated, min/max strings coerced, availability list normalised', () => {
    const f = fixture('z2m/ha-discovery-climate-trv-ts0601.txt');
    const msg = parseDiscoveryMessage(f.topic, f.payload, P);
    expect(msg.problems).toEqual([]);
    expect(msg.entities).toHaveLength(1);
    const e = msg.entities[0]!;
    expect(e).toMatchObject({ key: f.topic, component: 'climate', objectId: 'ts0601_thermostat' });
    expect(e.config).toMatchObject({ min_temp: 5, max_temp: 35, temp_step: 0.5 });
    expect(e.availability).toEqual({
      mode: 'latest',
      sources: [
        {
          topic: 'zigbee2mqtt/bridge/state',
          payloadAvailable: 'online',
          payloadNotAvailable: 'offline',
          template: '{{ value_json.state }}',
        },
      ],
    });
  });

  it('z2m availability_mode all with the per-device availability topic', () => {
    const f = fixture('z2m/ha-discovery-sensor-temperature-with-device-availability.txt');
    const e = parseDiscoveryMessage(f.topic, f.payload, P).entities[0]!;
    expect(e.availability?.mode).toBe('all');
    expect(e.availability?.sources.map((s) => s.topic)).toEqual([
      'zigbee2mqtt/bridge/state',
      'zigbee2mqtt/weather_sensor/availability',
    ]);
  });

  it('Tasmota legacy (SetOption19) abbreviated switch with avty_t and Online/Offline payloads', () => {
    const f = fixture('tasmota/legacy-SetOption19-ha-discovery-switch-real.txt');
    const e = parseDiscoveryMessage(f.topic, f.payload, P).entities[0]!;
    expect(e.config).toMatchObject({
      command_topic: 'XefilHome/GARDEN02/cmnd/POWER1',
      state_topic: 'XefilHome/GARDEN02/STATE',
      value_template: '{{value_json.POWER1}}',
    });
    expect(e.availability).toEqual({
      mode: 'latest',
      sources: [{ topic: 'XefilHome/GARDEN02/LWT', payloadAvailable: 'Online', payloadNotAvailable: 'Offline' }],
    });
  });

  it('z2m legacy 1.14 single availability_topic without template', () => {
    const f = fixture('z2m/ha-discovery-sensor-illuminance-LEGACY-z2m-1.14-reallog.txt');
    const e = parseDiscoveryMessage(f.topic, f.payload, P).entities[0]!;
    expect(e.availability?.sources).toEqual([
      { topic: 'zigbee2mqtt/bridge/state', payloadAvailable: 'online', payloadNotAvailable: 'offline' },
    ]);
    expect(e.config.json_attributes_topic).toBe('zigbee2mqtt/0x04cf8cdf3c775734');
  });

  it('z2m payload_on: true is normalised like HA cv.string ("True")', () => {
    const f = fixture('z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt');
    expect(parseDiscoveryMessage(f.topic, f.payload, P).entities[0]!.config).toMatchObject({
      payload_on: 'True',
      payload_off: 'False',
    });
  });

  it('ESPHome-style abbreviated config with ~ and connections', () => {
    const payload = JSON.stringify({
      '~': 'livingroom/sensor/temp',
      name: 'Temperature',
      stat_t: '~/state',
      avty_t: 'livingroom/status',
      uniq_id: 'ESPsensortemp',
      dev_cla: 'temperature',
      unit_of_meas: '°C',
      dev: {
        ids: 'a4cf12',
        name: 'livingroom',
        sw: 'esphome v2024.10',
        mdl: 'nodemcuv2',
        mf: 'espressif',
        cns: [['mac', 'a4:cf:12:00:00:01']],
      },
    });
    const e = parseDiscoveryMessage('homeassistant/sensor/livingroom/temp/config', payload, P).entities[0]!;
    expect(e.config).toMatchObject({
      state_topic: 'livingroom/sensor/temp/state',
      device_class: 'temperature',
      unit_of_measurement: '°C',
    });
    expect(e.config.device?.connections).toEqual([['mac', 'a4:cf:12:00:00:01']]);
  });

  it('device-based discovery (HA docs example): shared options flow into each component', () => {
    const payload = JSON.stringify({
      dev: { ids: 'ea334450945afc', name: 'Kitchen' },
      o: { name: 'bla2mqtt' },
      cmps: {
        some_unique_component_id1: {
          p: 'sensor',
          device_class: 'temperature',
          unit_of_measurement: '°C',
          value_template: '{{ value_json.temperature}}',
          unique_id: 'temp01ae_t',
        },
        some_unique_id2: {
          p: 'sensor',
          device_class: 'humidity',
          unit_of_measurement: '%',
          value_template: '{{ value_json.humidity}}',
          unique_id: 'temp01ae_h',
        },
        gone: { p: 'sensor' },
      },
      state_topic: 'sensorBedroom/state',
      qos: 2,
    });
    const msg = parseDiscoveryMessage('homeassistant/device/kitchen/config', payload, P);
    expect(msg.entities.map((e) => e.key)).toEqual([
      'homeassistant/device/kitchen/config#some_unique_component_id1',
      'homeassistant/device/kitchen/config#some_unique_id2',
    ]);
    expect(msg.entities[0]!.config).toMatchObject({
      state_topic: 'sensorBedroom/state',
      qos: 2,
      device: { identifiers: 'ea334450945afc' },
    });
    expect(msg.removed).toEqual(['homeassistant/device/kitchen/config#gone']);
    expect(parseDiscoveryMessage('homeassistant/device/kitchen/config', '', P).removedPrefix).toBe(
      'homeassistant/device/kitchen/config#',
    );
  });

  it.each([
    ['empty payload = removal', 'homeassistant/light/x/config', '', { removed: ['homeassistant/light/x/config'] }],
    [
      'malformed JSON',
      'homeassistant/light/x/config',
      '{"name":',
      { problems: [expect.objectContaining({ level: 'error', message: 'Discovery config is not valid JSON' })] },
    ],
    [
      'JSON that is not an object',
      'homeassistant/light/x/config',
      '[1]',
      { problems: [expect.objectContaining({ message: 'Discovery config is not a JSON object' })] },
    ],
    [
      'unsupported component',
      'homeassistant/select/x/config',
      '{"cmd_t":"a"}',
      { problems: [expect.objectContaining({ level: 'info', message: expect.stringContaining("'select' is not supported") })] },
    ],
    [
      'invalid schema (light without command topic)',
      'homeassistant/light/x/config',
      '{"stat_t":"a"}',
      { problems: [expect.objectContaining({ level: 'warning', message: 'Invalid light config; entity ignored' })] },
    ],
    [
      'wildcard topic rejected',
      'homeassistant/sensor/x/config',
      '{"stat_t":"a/#"}',
      { problems: [expect.objectContaining({ level: 'warning' })] },
    ],
  ])('%s', (_name, topic, payload, expected) => {
    expect(parseDiscoveryMessage(topic, payload, P)).toMatchObject(expected);
  });
});

describe('hostile keys in a discovery config', () => {
  it('a "__proto__" key never becomes the parsed config’s prototype', () => {
    const payload = JSON.stringify({ name: 'Lamp', uniq_id: 'lamp1', stat_t: 'lamp/state' }).replace(
      '{',
      '{"__proto__":{"command_topic":"evil/cmnd","optimistic":true},"constructor":{"x":1},',
    );
    const msg = parseDiscoveryMessage('homeassistant/switch/lamp1/config', payload, P);
    expect(msg.problems).toEqual([]);
    const config = msg.entities[0]!.config as Record<string, unknown>;
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(config.command_topic).toBeUndefined();
    expect(config.optimistic).toBeUndefined();
    expect(Object.hasOwn(config, 'constructor')).toBe(false);
    expect(config).toMatchObject({ name: 'Lamp', unique_id: 'lamp1', state_topic: 'lamp/state' });
  });
});
