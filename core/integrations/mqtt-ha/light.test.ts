import { describe, expect, it } from 'vitest';
import type { Command } from '../../model';
import { CommandError } from '../integration';
import { entityOf, fixture, fixtureJson } from './test-fixtures';

const ikea = () => entityOf('z2m/ha-discovery-light-color_temp-ikea-bulb.txt').mapped; // source: zigbee2mqtt homeassistant.test.ts
const group = () => entityOf('z2m/ha-discovery-light-xy-color_temp-group.txt').mapped;
const dimmer = () => entityOf('z2m/ha-discovery-light-brightness-only.txt').mapped;

function withChange(path: string, change: Record<string, unknown>) {
  const f = fixture(path);
  return entityOf({ topic: f.topic, config: { ...fixtureJson(path), ...change } }).mapped;
}

describe('JSON-schema light capabilities (zigbee2mqtt)', () => {
  it('IKEA colour-temperature bulb: mireds 250–454 → 2203–4000 K, no colour', () => {
    expect(ikea().capabilities).toEqual({
      power: { value: null, writable: true },
      brightness: { value: null, writable: true, min: 0, max: 100, step: 1, unit: '%' },
      colorTemperature: { value: null, writable: true, min: 2203, max: 4000, unit: 'K' },
    });
  });
  it('group with xy + color_temp has colour', () => {
    expect(Object.keys(group().capabilities)).toEqual(['power', 'brightness', 'colorTemperature', 'color']);
  });
  it('brightness-only bulb', () => {
    expect(Object.keys(dimmer().capabilities)).toEqual(['power', 'brightness']);
  });
  it('color_temp_kelvin with min/max kelvin', () => {
    const m = withChange('z2m/ha-discovery-light-color_temp-ikea-bulb.txt', {
      color_temp_kelvin: true,
      min_kelvin: 2200,
      max_kelvin: 4000,
    });
    expect(m.capabilities.colorTemperature).toMatchObject({ min: 2200, max: 4000 });
  });
});

describe('JSON-schema light state → StateReport', () => {
  it.each([
    ['z2m/state-light-bulb-full-republish.txt', ikea, { power: true, brightness: 20, colorTemperature: 2703 }],
    ['z2m/state-light-after-set-brightness.txt', group, { power: true, brightness: 91 }],
    ['z2m/state-light-after-set-color_temp.txt', group, { colorTemperature: 4505 }],
    // xy (0.2717, 0.6585) lies outside the sRGB gamut: it clamps to the green primary.
    ['z2m/state-light-after-set-rgb.txt', group, { color: { hue: 120, saturation: 100 } }],
    ['z2m/state-light-hs-report.txt', group, { power: null, color: { hue: 0, saturation: 100 } }],
  ])('%s', (path, make, expected) => {
    expect(make().parseState(fixture(path).topic, fixture(path).payload, {})).toEqual(expected);
  });
  it('nonsense xy from the z2m test fixture does not produce NaN', () => {
    const r = group().parseState(
      'zigbee2mqtt/bulb_color',
      fixture('z2m/state-light-after-set-xy-brightness-state.txt').payload,
      {},
    );
    expect(r.color!.hue).toBeGreaterThanOrEqual(0);
    expect(r.color!.saturation).toBeLessThanOrEqual(100);
  });
  it('brightness_scale 100 (Tasmota) and ESPHome default 255', () => {
    const tasmota = withChange('z2m/ha-discovery-light-brightness-only.txt', { brightness_scale: 100, origin: undefined });
    expect(tasmota.parseState('t', '{"state":"ON","brightness":40}', {})).toEqual({ power: true, brightness: 40 });
    const esphome = withChange('z2m/ha-discovery-light-brightness-only.txt', { brightness_scale: undefined });
    expect(esphome.parseState('t', '{"state":"ON","brightness":255}', {})).toEqual({ power: true, brightness: 100 });
  });
  it('non-JSON state is an error (reported as a diagnostic by the integration)', () => {
    expect(() => ikea().parseState('zigbee2mqtt/bulb', 'ON', {})).toThrow(/not valid JSON/);
  });
});

describe('JSON-schema light commands: exactly what zigbee2mqtt expects', () => {
  const pub = (topic: string, payload: unknown) => ({ topic, payload: JSON.stringify(payload), retain: false, qos: 0 });
  it.each<[string, () => ReturnType<typeof ikea>, Command, unknown[]]>([
    ['on', ikea, { power: true }, [pub('zigbee2mqtt/bulb/set', { state: 'ON' })]],
    ['off', ikea, { power: false }, [pub('zigbee2mqtt/bulb/set', { state: 'OFF' })]],
    ['brightness 40 % of 254', ikea, { brightness: 40 }, [pub('zigbee2mqtt/bulb/set', { state: 'ON', brightness: 102 })]],
    ['brightness 0 = off', ikea, { brightness: 0 }, [pub('zigbee2mqtt/bulb/set', { state: 'OFF' })]],
    [
      'colour temperature in mireds',
      ikea,
      { power: true, colorTemperature: 2700 },
      [pub('zigbee2mqtt/bulb/set', { state: 'ON', color_temp: 370 })],
    ],
    [
      'colour as xy for an xy light',
      group,
      { color: { hue: 0, saturation: 100 } },
      [pub('zigbee2mqtt/ha_discovery_group/set', { state: 'ON', color: { x: 0.64, y: 0.33 } })],
    ],
  ])('%s', (_name, make, command, expected) => {
    expect(make().command!(command)).toEqual(expected);
  });
  it('kelvin when color_temp_kelvin: true', () => {
    const m = withChange('z2m/ha-discovery-light-color_temp-ikea-bulb.txt', {
      color_temp_kelvin: true,
      min_kelvin: 2200,
      max_kelvin: 4000,
    });
    expect(m.command!({ colorTemperature: 2700 })[0]!.payload).toBe('{"state":"ON","color_temp":2700}');
  });
  it('a transition rides along as the JSON schema’s `transition` (seconds), turning on and off', () => {
    const m = withChange('z2m/ha-discovery-light-color_temp-ikea-bulb.txt', {});
    expect(m.command!({ power: true, brightness: 40 }, { transitionS: 3 })[0]!.payload).toMatch(
      /^\{"state":"ON","brightness":\d+,"transition":3\}$/,
    );
    expect(m.command!({ power: false }, { transitionS: 1.5 })[0]!.payload).toBe('{"state":"OFF","transition":1.5}');
    expect(m.command!({ power: false })[0]!.payload).toBe('{"state":"OFF"}');
  });
  it('hs lights: {hue, saturation} for zigbee2mqtt, {h, s} for other producers', () => {
    const z2m = withChange('z2m/ha-discovery-light-xy-color_temp-group.txt', { supported_color_modes: ['hs'] });
    expect(z2m.command!({ color: { hue: 120, saturation: 50 } })[0]!.payload).toBe(
      '{"state":"ON","color":{"hue":120,"saturation":50}}',
    );
    const other = withChange('z2m/ha-discovery-light-xy-color_temp-group.txt', {
      supported_color_modes: ['hs'],
      origin: { name: 'esphome' },
      device: { identifiers: ['e1'], name: 'E' },
    });
    expect(other.command!({ color: { hue: 120, saturation: 50 } })[0]!.payload).toBe('{"state":"ON","color":{"h":120,"s":50}}');
  });
  it.each<[string, () => ReturnType<typeof ikea>, Command, RegExp]>([
    ['below the warmest supported', ikea, { colorTemperature: 2000 }, /outside this light's range 2203–4000 K/],
    ['above the coolest supported', ikea, { colorTemperature: 6500 }, /outside/],
    ['colour on a white-only bulb', ikea, { color: { hue: 1, saturation: 1 } }, /cannot show colours/],
    ['brightness while turning off', ikea, { power: false, brightness: 30 }, /while turning the light off/],
    ['colour temperature on a dimmer', dimmer, { colorTemperature: 3000 }, /no adjustable colour temperature/],
  ])('rejects %s with CommandError invalid', (_name, make, command, message) => {
    const run = () => make().command!(command);
    expect(run).toThrow(CommandError);
    expect(run).toThrow(message);
  });
});

describe('default-schema light (separate topics)', () => {
  const config = {
    '~': 'tasmota/desk',
    name: 'Desk',
    uniq_id: 'desk1',
    cmd_t: '~/cmnd/POWER',
    stat_t: '~/stat/POWER',
    bri_cmd_t: '~/cmnd/Dimmer',
    bri_stat_t: '~/stat/RESULT',
    bri_val_tpl: '{{ value_json.Dimmer }}',
    bri_scl: 100,
    clr_temp_cmd_t: '~/cmnd/CT',
    clr_temp_stat_t: '~/stat/RESULT',
    clr_temp_val_tpl: '{{ value_json.CT }}',
    min_mirs: 153,
    max_mirs: 500,
    rgb_cmd_t: '~/cmnd/Color2',
    rgb_stat_t: '~/stat/RESULT',
    rgb_val_tpl: "{{ value_json.Color.split(',') }}",
  };
  const { mapped } = entityOf({
    topic: 'homeassistant/light/desk/config',
    config: { ...config, rgb_stat_t: undefined, rgb_val_tpl: undefined },
  });
  it('capabilities', () =>
    expect(Object.keys(mapped.capabilities)).toEqual(['power', 'brightness', 'colorTemperature', 'color']));
  it('state from separate topics', () => {
    expect(mapped.parseState('tasmota/desk/stat/POWER', 'ON', {})).toEqual({ power: true });
    expect(mapped.parseState('tasmota/desk/stat/RESULT', '{"Dimmer":40,"CT":370}', {})).toEqual({
      brightness: 40,
      colorTemperature: 2703,
    });
  });
  it('commands: attributes first, then ON (on_command_type last)', () => {
    expect(mapped.command!({ power: true, brightness: 40, colorTemperature: 2700, color: { hue: 0, saturation: 100 } })).toEqual([
      { topic: 'tasmota/desk/cmnd/Dimmer', payload: '40', retain: false, qos: 0 },
      { topic: 'tasmota/desk/cmnd/CT', payload: '370', retain: false, qos: 0 },
      { topic: 'tasmota/desk/cmnd/Color2', payload: '255,0,0', retain: false, qos: 0 },
      { topic: 'tasmota/desk/cmnd/POWER', payload: 'ON', retain: false, qos: 0 },
    ]);
    expect(mapped.command!({ power: false })).toEqual([
      { topic: 'tasmota/desk/cmnd/POWER', payload: 'OFF', retain: false, qos: 0 },
    ]);
  });
  it('on_command_type first and brightness', () => {
    const first = entityOf({
      topic: 'homeassistant/light/d2/config',
      config: { ...config, rgb_stat_t: undefined, rgb_val_tpl: undefined, on_command_type: 'first' },
    }).mapped;
    expect(first.command!({ brightness: 10 }).map((p) => p.topic)).toEqual([
      'tasmota/desk/cmnd/POWER',
      'tasmota/desk/cmnd/Dimmer',
    ]);
    const bri = entityOf({
      topic: 'homeassistant/light/d3/config',
      config: { ...config, rgb_stat_t: undefined, rgb_val_tpl: undefined, on_command_type: 'brightness' },
    }).mapped;
    expect(bri.command!({ power: true })).toEqual([{ topic: 'tasmota/desk/cmnd/Dimmer', payload: '100', retain: false, qos: 0 }]);
  });
});
