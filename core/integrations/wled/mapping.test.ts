import { describe as group, expect, it } from 'vitest';
import { protocolJson } from '../lan/test-support';
import { candidateFromInfo, claimService, commandToState, describe, Info, stateFromJson } from './mapping';

const info = Info.parse(protocolJson('wled/GET-json-info-0.15.3.json'));
const state = protocolJson('wled/GET-json-state-0.15.3.json');
const cctInfo: Info = { ...info, leds: { ...info.leds, lc: 5, cct: 1 } };

group('WLED mapping (recorded 0.15.3 fixtures)', () => {
  it('info → candidate and an RGB light', () => {
    expect(candidateFromInfo(info, '10.0.0.9', 80)).toMatchObject({
      uniqueId: '8813bf0455f0',
      kind: 'light',
      manufacturer: 'WLED',
      model: 'WLED 0.15.3 (esp32)',
    });
    const d = describe(info);
    expect(d.id).toBe('wled:8813bf0455f0');
    expect(Object.keys(d.capabilities).sort()).toEqual(['brightness', 'color', 'power']);
    expect(Object.keys(describe(cctInfo).capabilities)).toContain('colorTemperature');
  });

  it('state → power, brightness %, colour of segment 0', () => {
    expect(stateFromJson(state, info)).toEqual({ power: true, brightness: 50.2, color: { hue: 37.6, saturation: 100 } });
  });

  it.each([
    ['cct 0 → warmest', 0, 1900],
    ['cct 255 → coldest', 255, 10091],
    ['kelvin stays kelvin', 2700, 2700],
  ])('colour temperature: %s', (_name, cct, kelvin) => {
    const seg = [{ id: 0, cct }];
    expect(stateFromJson({ seg }, cctInfo).colorTemperature).toBe(kelvin);
  });

  it('ignores garbage', () => {
    expect(stateFromJson({ on: 'yes', bri: 9000 }, info)).toEqual({});
    expect(stateFromJson('<html>', info)).toEqual({});
  });

  it.each([
    ['on', { power: true }, { on: true }],
    ['off', { power: false }, { on: false }],
    ['40 %', { brightness: 40 }, { bri: 102 }],
    ['red', { color: { hue: 0, saturation: 100 } }, { seg: [{ id: 0, col: [[255, 0, 0]] }] }],
    ['2700 K', { colorTemperature: 2700 }, { seg: [{ id: 0, cct: 2700 }] }],
    ['on + 100 %', { power: true, brightness: 100 }, { on: true, bri: 255 }],
  ])('command → POST /json/state: %s', (_name, command, body) => {
    expect(commandToState(command)).toEqual(body);
  });

  it('a transition goes as this call’s own `tt` (tenths of a second), never alone', () => {
    expect(commandToState({ power: true, brightness: 40 }, { transitionS: 2.5 })).toEqual({ on: true, bri: 102, tt: 25 });
    expect(commandToState({ power: false }, { transitionS: 0 })).toEqual({ on: false, tt: 0 });
    expect(commandToState({ media: { action: 'play' } }, { transitionS: 2 })).toBeUndefined();
  });

  it('claims _wled._tcp by TXT mac only', () => {
    const s = { fqdn: 'wled-0455f0._wled._tcp.local', name: 'wled-0455f0', type: 'wled', addresses: ['10.0.0.9'], port: 80 };
    expect(claimService({ ...s, txt: { mac: '8813bf0455f0' } })).toMatchObject({ uniqueId: '8813bf0455f0' });
    expect(claimService({ ...s, txt: { mac: '<script>' } })).toBeUndefined();
    expect(claimService({ ...s, type: 'http', txt: { mac: '8813bf0455f0' } })).toBeUndefined();
  });
});
