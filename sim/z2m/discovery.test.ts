import { describe, expect, it } from 'vitest';
import { ClimateSensor } from '../devices/climate-sensor';
import { ContactSensor } from '../devices/contact';
import type { SimDevice } from '../devices/device';
import { LIGHT_PROFILES, Light } from '../devices/light';
import { MotionSensor } from '../devices/motion';
import { Plug } from '../devices/plug';
import { PresenceSensor } from '../devices/presence';
import { WallThermostat } from '../devices/thermostat';
import { Trv } from '../devices/trv';
import { Random } from '../random';
import { fixture, fixtureJson } from '../testing/fixtures';
import { DEFAULT_DISCOVERY_OPTIONS, discoveryMessages, slug, type DiscoveryOptions } from './discovery';
import { stableStringify } from './json';

const rng = () => new Random(7);
/** Present one of our device models under a fixture's name and IEEE address. */
const as = (device: SimDevice, name: string, ieee: string, info = device.info) => ({
  name,
  ieee,
  info,
  exposes: () => device.exposes(),
});
const opts = (version: string, extra: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({
  ...DEFAULT_DISCOVERY_OPTIONS,
  version,
  ...extra,
});
const V = '<Z2M_VERSION e.g. 2.6.1>';

function find(messages: ReturnType<typeof discoveryMessages>, topic: string) {
  const m = messages.find((x) => x.topic === topic);
  if (!m) throw new Error(`no discovery message on ${topic}; have ${messages.map((x) => x.topic).join(', ')}`);
  return m;
}

describe('discovery configs are byte-identical to zigbee2mqtt fixtures', () => {
  const cases: { file: string; device: () => ReturnType<typeof as>; version: string; extra?: Partial<DiscoveryOptions> }[] = [
    {
      file: 'ha-discovery-sensor-temperature.txt',
      device: () => as(new ClimateSensor('x', 'r', rng()), 'weather_sensor', '0x0017880104e45522'),
      version: V,
    },
    {
      file: 'ha-discovery-sensor-humidity.txt',
      device: () => as(new ClimateSensor('x', 'r', rng()), 'weather_sensor', '0x0017880104e45522'),
      version: V,
    },
    {
      file: 'ha-discovery-sensor-battery.txt',
      device: () => as(new ClimateSensor('x', 'r', rng()), 'weather_sensor', '0x0017880104e45522'),
      version: V,
    },
    {
      file: 'ha-discovery-sensor-temperature-with-device-availability.txt',
      device: () => as(new ClimateSensor('x', 'r', rng()), 'weather_sensor', '0x0017880104e45522'),
      version: V,
      extra: { deviceAvailability: true },
    },
    {
      file: 'ha-discovery-light-color_temp-ikea-bulb.txt',
      device: () => as(new Light('x', 'r', rng(), LIGHT_PROFILES.colorTemp), 'bulb', '0x000b57fffec6a5b2'),
      version: V,
    },
    {
      file: 'ha-discovery-light-brightness-only.txt',
      device: () => as(new Light('x', 'r', rng(), LIGHT_PROFILES.dimmable), 'bulb_enddevice', '0x0017880104e45553'),
      version: V,
    },
    {
      file: 'ha-discovery-climate-trv-ts0601.txt',
      device: () => as(new Trv('x', 'r', rng()), 'TS0601_thermostat', '0x0017882104a44559'),
      version: V,
    },
    {
      file: 'ha-discovery-binary_sensor-occupancy-DERIVED-current.txt',
      device: () => as(new MotionSensor('x', 'r', rng()), 'occupancy_sensor', '0x0017880104e45523'),
      version: '<Z2M_VERSION>',
    },
    {
      file: 'ha-discovery-sensor-illuminance-DERIVED-current.txt',
      device: () => as(new MotionSensor('x', 'r', rng()), 'occupancy_sensor', '0x0017880104e45523'),
      version: '<Z2M_VERSION>',
    },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const f = fixture(c.file);
      const m = find(discoveryMessages(c.device(), opts(c.version, c.extra)), f.topic);
      expect(stableStringify(m.payload)).toBe(f.payload);
    });
  }

  it('colour bulb: same keys and formats as the xy+color_temp light (ha-discovery-light-xy-color_temp-group.txt, minus group-only keys)', () => {
    const f = fixtureJson('ha-discovery-light-xy-color_temp-group.txt').json;
    const light = new Light('Living room ceiling', 'r', rng(), LIGHT_PROFILES.color);
    const m = discoveryMessages(light).find((x) => x.component === 'light')!;
    const groupOnly = ['group', 'icon'];
    expect(Object.keys(m.payload).sort()).toEqual(
      Object.keys(f)
        .filter((k) => !groupOnly.includes(k))
        .concat('device')
        .filter((k, i, a) => a.indexOf(k) === i)
        .sort(),
    );
    expect(m.payload.supported_color_modes).toEqual(f.supported_color_modes);
    expect(m.payload.effect_list).toEqual(f.effect_list);
    expect(m.payload.brightness_scale).toBe(254);
    expect(m.topic).toBe(`homeassistant/light/${light.ieee}/light/config`);
    expect(m.payload.object_id).toBe('living_room_ceiling');
    expect(m.payload.default_entity_id).toBe('light.living_room_ceiling');
    expect(m.payload.device).toMatchObject({
      identifiers: [`zigbee2mqtt_${light.ieee}`],
      manufacturer: 'Philips',
      model: 'Hue Go',
      model_id: '7146060PH',
      name: 'Living room ceiling',
      via_device: 'zigbee2mqtt_bridge_0x00124b00120144ae',
    });
  });

  it('plug switch: same keys and formats as ha-discovery-switch-wall-switch-left.txt (main endpoint: name null)', () => {
    const f = fixtureJson('ha-discovery-switch-wall-switch-left.txt').json;
    const plug = new Plug('Kitchen plug', 'kitchen', rng(), { kind: 'constant', watts: 10 });
    const m = discoveryMessages(plug).find((x) => x.component === 'switch')!;
    expect(Object.keys(m.payload).sort()).toEqual(Object.keys(f).sort());
    expect(m.payload).toMatchObject({
      command_topic: 'zigbee2mqtt/Kitchen plug/set',
      state_topic: 'zigbee2mqtt/Kitchen plug',
      payload_on: 'ON',
      payload_off: 'OFF',
      name: null,
      object_id: 'kitchen_plug',
      default_entity_id: 'switch.kitchen_plug',
      unique_id: `${plug.ieee}_switch_zigbee2mqtt`,
      value_template: '{{ value_json["state"] }}',
    });
    const power = discoveryMessages(plug).find((x) => x.objectKey === 'power')!;
    expect(Object.keys(power.payload).sort()).toEqual(
      Object.keys(fixtureJson('ha-discovery-sensor-temperature.txt').json).sort(),
    );
    expect(power.payload).toMatchObject({ device_class: 'power', unit_of_measurement: 'W', state_class: 'measurement' });
    const energy = discoveryMessages(plug).find((x) => x.objectKey === 'energy')!;
    expect(energy.payload).toMatchObject({ device_class: 'energy', unit_of_measurement: 'kWh', state_class: 'total_increasing' });
  });

  it('wall thermostat: the TRV climate keys plus two-point setpoints, modes off/heat/cool/auto', () => {
    const f = fixtureJson('ha-discovery-climate-trv-ts0601.txt').json;
    const t = new WallThermostat('Living room thermostat', 'r', rng());
    const m = discoveryMessages(t).find((x) => x.component === 'climate')!;
    const presetKeys = Object.keys(f).filter((k) => k.startsWith('preset_'));
    const expected = Object.keys(f).filter((k) => !presetKeys.includes(k));
    expect(
      Object.keys(m.payload)
        .filter((k) => !/^temperature_(low|high)_/.test(k))
        .sort(),
    ).toEqual(expected.sort());
    expect(m.payload).toMatchObject({
      modes: ['off', 'heat', 'cool', 'auto'],
      min_temp: '7',
      max_temp: '30',
      temperature_command_topic: 'zigbee2mqtt/Living room thermostat/set/occupied_heating_setpoint',
      temperature_high_command_topic: 'zigbee2mqtt/Living room thermostat/set/occupied_cooling_setpoint',
      action_template: f.action_template,
    });
  });

  it('presence and contact binary sensors follow the occupancy fixture shape', () => {
    const f = fixtureJson('ha-discovery-binary_sensor-occupancy-DERIVED-current.txt').json;
    const p = discoveryMessages(new PresenceSensor('Office presence', 'o', rng())).find((x) => x.objectKey === 'presence')!;
    expect(Object.keys(p.payload).sort()).toEqual(Object.keys(f).sort());
    expect(p.payload).toMatchObject({
      device_class: 'occupancy',
      payload_on: true,
      payload_off: false,
      value_template: '{{ value_json["presence"] }}',
    });
    const c = discoveryMessages(new ContactSensor('Front door', 'h', rng())).find((x) => x.objectKey === 'contact')!;
    // contact true = closed, so "on" (open) is false.
    expect(c.payload).toMatchObject({
      device_class: 'door',
      payload_on: false,
      payload_off: true,
      default_entity_id: 'binary_sensor.front_door_contact',
    });
  });

  it('slugs friendly names like entity ids', () => {
    expect(slug('Living room ceiling')).toBe('living_room_ceiling');
    expect(slug('TS0601_thermostat')).toBe('ts0601_thermostat');
  });
});
