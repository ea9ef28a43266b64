import { describe as group, expect, it } from 'vitest';
import { protocolJson } from '../lan/test-support';
import { AccessoryInfo, candidateFromInfo, claimService, commandToLights, describe, Lights, stateFromLights } from './mapping';

const keyLight = AccessoryInfo.parse(protocolJson('elgato/info-key-light.json'));
const strip = AccessoryInfo.parse(protocolJson('elgato/info-light-strip.json'));
const temperature = protocolJson('elgato/state-temperature.json');
const color = protocolJson('elgato/state-color.json');

group('Elgato mapping (python-elgato fixtures)', () => {
  it('accessory-info → candidate', () => {
    expect(candidateFromInfo(keyLight, '10.0.0.7', 9123)).toMatchObject({
      integration: 'elgato',
      kind: 'light',
      manufacturer: 'Elgato',
      model: keyLight.productName,
      port: 9123,
    });
  });

  it('Key Light: power, brightness, colour temperature 2907–6993 K', () => {
    const d = describe(keyLight, Lights.parse(temperature));
    expect(d.capabilities.colorTemperature).toMatchObject({ min: 2907, max: 6993 });
    expect(d.capabilities.color).toBeUndefined();
    expect(Object.keys(describe(strip, Lights.parse(color)).capabilities).sort()).toEqual([
      'brightness',
      'color',
      'colorTemperature',
      'power',
    ]);
  });

  it.each([
    ['temperature state', temperature, { power: true, brightness: 21, colorTemperature: 3367 }],
    ['colour state', color, { power: true, brightness: 50, color: { hue: 358, saturation: 6 } }],
    ['off', { numberOfLights: 1, lights: [{ on: 0 }] }, { power: false }],
    ['out of range', { lights: [{ on: 2, temperature: 9000 }] }, {}],
  ])('%s', (_name, lights, state) => {
    expect(stateFromLights(lights)).toEqual(state);
  });

  it.each([
    ['on', { power: true }, { on: 1 }],
    ['brightness', { brightness: 55 }, { brightness: 55 }],
    ['4000 K', { colorTemperature: 4000 }, { temperature: 250 }],
    ['2700 K clamps to 344', { colorTemperature: 2700 }, { temperature: 344 }],
    ['7000 K clamps to 143', { colorTemperature: 7000 }, { temperature: 143 }],
    [
      'colour wins over temperature',
      { color: { hue: 120, saturation: 50 }, colorTemperature: 4000 },
      { hue: 120, saturation: 50 },
    ],
  ])('command → PUT /elgato/lights: %s', (_name, command, light) => {
    expect(commandToLights(command)).toEqual({ numberOfLights: 1, lights: [light] });
  });

  it('claims _elg._tcp with TXT id = MAC', () => {
    const s = { fqdn: 'x', name: 'Elgato Key Light 1234', type: 'elg', addresses: ['10.0.0.7'], port: 9123 };
    expect(claimService({ ...s, txt: { id: '3C:6A:9D:14:2B:7E', md: 'Elgato Key Light 20LAB9901' } })).toMatchObject({
      uniqueId: '3c6a9d142b7e',
      model: 'Elgato Key Light 20LAB9901',
    });
    expect(claimService({ ...s, txt: { id: 'not a mac' } })).toBeUndefined();
  });
});
