import { describe, expect, it } from 'vitest';
import { capabilityOwners, describeDevice, deviceIdOf, sanitiseAttributes } from './device';
import { entityOf } from './test-fixtures';

describe('devices from entities', () => {
  it('id = mqtt: + first identifier; connections; else the entity itself', () => {
    expect(deviceIdOf(entityOf('z2m/ha-discovery-sensor-humidity.txt').entity)).toBe('mqtt:zigbee2mqtt_0x0017880104e45522');
    expect(deviceIdOf(entityOf('tasmota/legacy-SetOption19-ha-discovery-switch-real.txt').entity)).toBe('mqtt:D04DF5');
    const cns = entityOf({
      topic: 'homeassistant/sensor/a/config',
      config: { state_topic: 's', dev: { cns: [['mac', '02:5b:26:a8:dc:12']] } },
    });
    expect(deviceIdOf(cns.entity)).toBe('mqtt:mac:02:5b:26:a8:dc:12');
    expect(
      deviceIdOf(entityOf({ topic: 'homeassistant/sensor/b/config', config: { state_topic: 's', uniq_id: 'u1' } }).entity),
    ).toBe('mqtt:u1');
  });

  it('z2m weather sensor: temperature + humidity + battery → one sensor device', () => {
    const records = ['temperature', 'humidity', 'battery'].map((n) => entityOf(`z2m/ha-discovery-sensor-${n}.txt`));
    const d = describeDevice('mqtt:zigbee2mqtt_0x0017880104e45522', records, 'unknown', undefined)!;
    expect(d).toMatchObject({
      name: 'weather_sensor',
      kind: 'sensor',
      manufacturer: 'Aqara',
      model: 'Temperature and humidity sensor',
      integration: 'mqtt',
    });
    expect(Object.keys(d.capabilities).sort()).toEqual(['battery', 'humidity', 'temperature']);
  });

  const plug = (extra: Record<string, unknown>) => [
    entityOf({
      topic: 'homeassistant/switch/p/config',
      config: { name: null, cmd_t: 'p/set', stat_t: 'p', dev: { ids: 'p', name: 'Plug\u202e' } },
    }),
    entityOf({
      topic: 'homeassistant/sensor/p/config',
      config: { name: 'Power', stat_t: 'p', dev_cla: 'power', unit_of_meas: 'W', dev: { ids: 'p' }, ...extra },
    }),
  ];
  it('switch + power metering = plug; names are cleaned', () => {
    expect(describeDevice('mqtt:p', plug({}), 'online', undefined)).toMatchObject({ kind: 'plug', name: 'Plug' });
    expect(describeDevice('mqtt:p', plug({}).slice(0, 1), 'online', undefined)?.kind).toBe('switch');
  });
  it('the main / non-diagnostic entity owns a capability provided twice', () => {
    const room = entityOf({
      topic: 'homeassistant/sensor/t2/config',
      config: { name: 'Room', stat_t: 't', dev_cla: 'temperature', dev: { ids: 'x' } },
    });
    const chip = entityOf({
      topic: 'homeassistant/sensor/t1/config',
      config: { name: 'Chip', stat_t: 't', dev_cla: 'temperature', ent_cat: 'diagnostic', dev: { ids: 'x' } },
    });
    expect(capabilityOwners([chip, room]).get('temperature')).toBe('homeassistant/sensor/t2/config');
  });
  it('a diagnostic device temperature never shows as the room temperature; a diagnostic battery does', () => {
    const chip = entityOf({
      topic: 'homeassistant/sensor/t1/config',
      config: { name: 'Chip', stat_t: 't', dev_cla: 'temperature', ent_cat: 'diagnostic', dev: { ids: 'x' } },
    });
    const battery = entityOf({
      topic: 'homeassistant/sensor/b1/config',
      config: { name: 'Battery', stat_t: 't', dev_cla: 'battery', unit_of_meas: '%', ent_cat: 'diagnostic', dev: { ids: 'x' } },
    });
    const owners = capabilityOwners([chip, battery]);
    expect(owners.has('temperature')).toBe(false);
    expect(owners.get('battery')).toBe('homeassistant/sensor/b1/config');
  });
  it('no understood capability → no device', () => {
    const pressure = entityOf({
      topic: 'homeassistant/sensor/pr/config',
      config: { stat_t: 't', dev_cla: 'pressure', unit_of_meas: 'hPa' },
    });
    expect(describeDevice('mqtt:pr', [pressure], 'online', undefined)).toBeUndefined();
  });
  it('attributes are sanitised', () => {
    expect(sanitiseAttributes({ linkquality: 99, name: 'a\u0000b', nested: { x: 1 }, __proto__x: true })).toEqual({
      linkquality: 99,
      name: 'ab',
      __proto__x: true,
    });
    expect(sanitiseAttributes('x')).toBeUndefined();
  });
});
