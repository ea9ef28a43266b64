import { describe, expect, it } from 'vitest';
import { entityOf, fixture } from './test-fixtures';

describe('sensor (zigbee2mqtt weather sensor, occupancy sensor)', () => {
  it.each([
    ['z2m/ha-discovery-sensor-temperature.txt', 'z2m/state-weather-sensor.txt', { temperature: -0.85 }],
    ['z2m/ha-discovery-sensor-humidity.txt', 'z2m/state-weather-sensor.txt', { humidity: null }],
    ['z2m/ha-discovery-sensor-battery.txt', 'z2m/state-occupancy-sensor-rtcgq11lm-illuminance.txt', { battery: 100 }],
    [
      'z2m/ha-discovery-sensor-illuminance-DERIVED-current.txt',
      'z2m/state-occupancy-sensor-rtcgq11lm-illuminance.txt',
      { illuminance: 381 },
    ],
    [
      'z2m/ha-discovery-sensor-illuminance-LEGACY-z2m-1.14-reallog.txt',
      'z2m/state-occupancy-sensor-reallog-legacy.txt',
      { illuminance: 7 },
    ],
    ['z2m/ha-discovery-sensor-temperature.txt', 'z2m/state-light-after-set-brightness.txt', {}],
  ])('%s + %s', (config, state, expected) => {
    const { mapped } = entityOf(config);
    const s = fixture(state);
    expect(mapped.parseState(mapped.stateTopics[0]!, s.payload, {})).toEqual(expected);
  });

  it('capability descriptors', () => {
    expect(entityOf('z2m/ha-discovery-sensor-temperature.txt').mapped.capabilities).toEqual({
      temperature: { value: null, writable: false, unit: '°C' },
    });
  });

  const sensor = (device_class: string, unit: string | undefined, template = '{{ value }}') =>
    entityOf({
      topic: 'homeassistant/sensor/x/config',
      config: { state_topic: 's', device_class, unit_of_measurement: unit, value_template: template },
    }).mapped;
  it.each([
    ['temperature', '°F', '68', { temperature: 20 }],
    ['temperature', 'K', '293.15', { temperature: 20 }],
    ['energy', 'Wh', '1500', { energy_kwh: 1.5 }],
    ['energy', 'kWh', '2.25', { energy_kwh: 2.25 }],
    ['power', 'W', '11.5', { power_w: 11.5 }],
    ['power', 'kW', '1.2', { power_w: 1200 }],
    ['humidity', '%', 'unknown', { humidity: null }],
    ['humidity', '%', 'garbage', {}],
  ])('%s in %s: %s', (dc, unit, payload, expected) => {
    expect(sensor(dc, unit).parseState('s', payload, {})).toEqual(expected);
  });
  it('device classes outside our vocabulary (pressure, voltage) map to nothing', () => {
    expect(sensor('pressure', 'hPa').capabilities).toEqual({});
    expect(sensor('temperature', 'furlongs').capabilities).toEqual({});
  });
  it('Tasmota DS18B20 via a nested template', () => {
    const m = sensor('temperature', '°C', '{{ value_json["DS18B20-1"].Temperature }}');
    expect(
      m.parseState(
        's',
        fixture('tasmota/discovery-sensors-real-13.4.0.txt')
          .payload.replace(/^{"sn":/, '')
          .replace(/,"ver":1}$/, ''),
        {},
      ),
    ).toEqual({ temperature: 18.4 });
  });
});

describe('binary_sensor', () => {
  it.each([
    [
      'z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt',
      'z2m/state-occupancy-sensor-reallog-legacy.txt',
      { occupancy: true },
    ],
    ['z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt', 'z2m/state-occupancy-sensor-rtcgq11lm-illuminance.txt', {}],
    [
      'z2m/ha-discovery-binary_sensor-occupancy-LEGACY-z2m-1.20-reallog.txt',
      'z2m/state-occupancy-sensor-sonoff-snzb06p-reallog.txt',
      { motion: true },
    ],
  ])('%s + %s', (config, state, expected) => {
    const { mapped } = entityOf(config);
    expect(mapped.parseState(mapped.stateTopics[0]!, fixture(state).payload, {})).toEqual(expected);
  });
  it('occupancy false', () => {
    const { mapped } = entityOf('z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt');
    expect(mapped.parseState('zigbee2mqtt/occupancy_sensor', '{"occupancy":false}', {})).toEqual({ occupancy: false });
  });
  const contact = (device_class: string) =>
    entityOf({ topic: 'homeassistant/binary_sensor/d/config', config: { state_topic: 'door', device_class } }).mapped;
  it.each(['door', 'window', 'opening', 'garage_door'])('%s: HA ON (open) → contact false (our contact true = closed)', (dc) => {
    expect(contact(dc).parseState('door', 'ON', {})).toEqual({ contact: false });
    expect(contact(dc).parseState('door', 'OFF', {})).toEqual({ contact: true });
  });
  it('presence → occupancy; unknown classes → nothing', () => {
    expect(Object.keys(contact('presence').capabilities)).toEqual(['occupancy']);
    expect(contact('smoke').capabilities).toEqual({});
  });
});

describe('switch', () => {
  it('z2m wall switch left channel (value_template on a shared JSON state)', () => {
    const { mapped } = entityOf('z2m/ha-discovery-switch-wall-switch-left.txt');
    expect(mapped.parseState('zigbee2mqtt/wall_switch_double', '{"state_left":"ON","state_right":"OFF"}', {})).toEqual({
      power: true,
    });
    expect(mapped.parseState('zigbee2mqtt/wall_switch_double', '{"state_right":"OFF"}', {})).toEqual({});
    expect(mapped.command!({ power: true })).toEqual([
      { topic: 'zigbee2mqtt/wall_switch_double/left/set', payload: 'ON', retain: false, qos: 0 },
    ]);
  });
  it('Tasmota legacy discovery (real log) + tele STATE', () => {
    const { mapped } = entityOf('tasmota/legacy-SetOption19-ha-discovery-switch-real.txt');
    expect(mapped.parseState('XefilHome/GARDEN02/STATE', '{"POWER1":"OFF"}', {})).toEqual({ power: false });
    expect(mapped.command!({ power: false })).toEqual([
      { topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF', retain: false, qos: 0 },
    ]);
  });
  it('plain ON/OFF payloads (Tasmota stat/POWER) and read-only switches', () => {
    const { mapped } = entityOf({ topic: 'homeassistant/switch/t/config', config: { state_topic: 'stat/tasmota_switch/POWER' } });
    expect(mapped.parseState('stat/tasmota_switch/POWER', fixture('tasmota/stat-power-on.txt').payload, {})).toEqual({
      power: true,
    });
    expect(mapped.capabilities.power?.writable).toBe(false);
    expect(() => mapped.command!({ power: true })).toThrow(/read-only/);
  });
});
