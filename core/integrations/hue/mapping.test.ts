import { describe, expect, it } from 'vitest';
import { protocolFile } from '../../../fixtures';
import { protocolJson } from '../lan/test-support';
import {
  candidateFromConfig,
  claimService,
  commandToBody,
  devicesFrom,
  parseResources,
  reportsFromEvents,
  stateOf,
} from './mapping';
import { SseParser } from './sse';

const data = (file: string) => parseResources(protocolJson<{ data: unknown }>(`hue/${file}`).data);
const full = parseResources(protocolJson('hue/v2_resources_full_aiohue_fixture.json'));

describe('Hue mapping (recorded CLIP v2 resources)', () => {
  it('a colour bulb in colour mode: xy → hue/saturation, no colour temperature', () => {
    const [light] = data('GET-clip-v2-resource-light-color-bulb.json');
    const state = stateOf(light!);
    expect(state.colorTemperature).toBeUndefined();
    expect(state.color).toEqual({ hue: expect.any(Number), saturation: expect.any(Number) });
    expect(state.power).toBe(light!.on!.on);
  });

  it.each([
    ['motion', 'GET-clip-v2-resource-motion.json', { motion: false }],
    ['light level 0 → 0 lx', 'GET-clip-v2-resource-light_level.json', { illuminance: 0 }],
  ])('%s', (_name, file, state) => {
    expect(stateOf(data(file)[0]!)).toEqual(state);
  });

  it('lux from light_level (10000·log10(lux)+1)', () => {
    expect(stateOf({ id: 'x', type: 'light_level', light: { light_level: 20001 } }).illuminance).toBe(99);
  });

  it('a real bridge: every light, every room/zone group, every sensor device', () => {
    const devices = devicesFrom(full);
    const kinds = devices.map((d) => d.description.kind);
    expect(kinds.filter((k) => k === 'light').length).toBe(
      8 + 4 - full.filter((r) => r.type === 'grouped_light' && r.owner?.rtype === 'bridge_home').length,
    );
    expect(devices.filter((d) => d.description.kind === 'sensor').length).toBeGreaterThanOrEqual(4);
    for (const { description } of devices) expect(description.id).toMatch(/^hue:[0-9a-f-]{36}$/);
    const sensor = devices.find((d) => d.description.kind === 'sensor')!;
    expect(Object.keys(sensor.description.capabilities).sort()).toEqual(['illuminance', 'motion', 'temperature']);
    const light = devices.find((d) => d.description.capabilities.colorTemperature)!;
    expect(light.description.capabilities.colorTemperature).toMatchObject({
      min: expect.any(Number),
      max: expect.any(Number),
      unit: 'K',
    });
  });

  it('the real eventstream capture → state per device', () => {
    const text = protocolFile('hue/eventstream-sse-real-capture.txt')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    const reports: Map<string, unknown>[] = [];
    const parser = new SseParser((d) => {
      try {
        reports.push(reportsFromEvents(JSON.parse(d)));
      } catch {
        // the capture's third record is truncated
      }
    });
    parser.push(text.slice(0, 100));
    parser.push(text.slice(100));
    expect(reports[0]?.get('hue:e0e9ee52-7344-422b-a952-c81c6f995261')).toEqual({ power: true });
    expect(reports[1]?.get('hue:e0e9ee52-7344-422b-a952-c81c6f995261')).toEqual({ brightness: 1.57 });
  });

  it.each([
    ['on', { power: true }, { on: { on: true } }],
    ['dim', { brightness: 42.5 }, { dimming: { brightness: 42.5 } }],
    ['2700 K = 370 mirek', { colorTemperature: 2700 }, { color_temperature: { mirek: 370 } }],
    ['10000 K clamps to 153', { colorTemperature: 10000 }, { color_temperature: { mirek: 153 } }],
    ['red → xy', { color: { hue: 0, saturation: 100 } }, { color: { xy: { x: 0.64, y: 0.33 } } }],
  ])('command → PUT body: %s', (_name, command, body) => {
    expect(commandToBody(command, { min: 153, max: 500 })).toEqual(body);
  });

  it('a transition goes as dynamics.duration in milliseconds', () => {
    expect(commandToBody({ power: true, brightness: 40 }, undefined, { transitionS: 2.5 })).toEqual({
      on: { on: true },
      dimming: { brightness: 40 },
      dynamics: { duration: 2500 },
    });
    expect(commandToBody({ media: { volume: 3 } }, undefined, { transitionS: 1 })).toBeUndefined();
  });

  it('claims _hue._tcp by TXT bridgeid; needs the link button', () => {
    const s = { fqdn: 'x', name: 'Hue Bridge - 6A6C72', type: 'hue', addresses: ['10.0.0.3'], port: 443 };
    expect(claimService({ ...s, txt: { bridgeid: '001788fffe6a6c72', modelid: 'BSB002' } }, () => false)).toMatchObject({
      uniqueId: '001788fffe6a6c72',
      needsPairing: true,
      pairingHint: 'Press the link button on the bridge, then click Pair',
    });
    expect(claimService({ ...s, txt: { bridgeid: '<img src=x>' } }, () => false)).toBeUndefined();
    expect(candidateFromConfig({ bridgeid: '001788FFFE6A6C72', name: 'Hue Bridge' }, 'h', 443, true).needsPairing).toBe(false);
  });
});
