import { describe, expect, it } from 'vitest';
import type { Device, Scene } from '../../model';
import { captureState, expandScene, sceneCycle } from './scenes';

const device = (capabilities: Device['capabilities']): Device => ({
  id: 'd',
  name: 'D',
  kind: 'light',
  integration: 'fake',
  availability: 'online',
  capabilities,
});

describe('captureState', () => {
  it.each([
    [
      'a light that is on: its level and colour temperature',
      device({
        power: { value: true, writable: true },
        brightness: { value: 40.4, writable: true },
        colorTemperature: { value: 2702, writable: true },
      }),
      { power: true, brightness: 40, colorTemperature: 2702 },
    ],
    [
      'a colour light that reports a colour: the colour, not the temperature',
      device({
        power: { value: true, writable: true },
        colorTemperature: { value: 2702, writable: true },
        color: { value: { hue: 30.2, saturation: 80 }, writable: true },
      }),
      { power: true, color: { hue: 30, saturation: 80 } },
    ],
    [
      'a light that is off: only off',
      device({ power: { value: false, writable: true }, brightness: { value: 40, writable: true } }),
      { power: false },
    ],
    [
      'a thermostat: mode and target (no target when off)',
      device({
        climate: {
          value: { mode: 'heat', targetTemperature: 21, currentTemperature: 19, action: 'idle', preset: null },
          writable: true,
        },
      }),
      { climate: { mode: 'heat', targetTemperature: 21 } },
    ],
    [
      'a speaker: playback, volume and mute',
      device({
        media: {
          value: { state: 'paused', volume: 35, muted: false, track: null, source: null },
          writable: true,
        },
      }),
      { media: { action: 'pause', volume: 35, muted: false } },
    ],
    ['a sensor: nothing', device({ motion: { value: true, writable: false } }), null],
    ['a light that never reported: nothing', device({ power: { value: null, writable: true } }), null],
  ])('%s', (_name, d, expected) => {
    expect(captureState(d)).toEqual(expected);
  });
});

const scene = (id: string, states: Scene['states']): Scene => ({ id, name: id.toUpperCase(), states });

describe('scene includes', () => {
  const scenes = new Map<string, Scene>([
    [
      'down',
      scene('down', [
        { device: 'a', command: { power: false } },
        { device: 'b', command: { power: false } },
      ]),
    ],
    ['bed', scene('bed', [{ device: 'b', command: { power: true, brightness: 10 } }])],
    ['night', scene('night', [{ scene: 'down' }, { scene: 'bed' }, { scene: 'gone' }])],
  ]);

  it('expands includes in order, a later state for a device winning; unknown includes are skipped', () => {
    expect(expandScene(scenes, 'night')).toEqual([
      { device: 'a', command: { power: false } },
      { device: 'b', command: { power: true, brightness: 10 } },
    ]);
    expect(expandScene(scenes, 'gone')).toEqual([]);
  });

  it('finds a cycle through includes, with its path, and none where there is none', () => {
    expect(sceneCycle(scenes, 'night')).toBeNull();
    const cyclic = new Map(scenes);
    cyclic.set('down', scene('down', [{ device: 'a', command: { power: false } }, { scene: 'night' }]));
    expect(sceneCycle(cyclic, 'night')).toEqual(['night', 'down', 'night']);
    expect(sceneCycle(cyclic, 'bed')).toBeNull();
    cyclic.set('self', scene('self', [{ scene: 'self' }]));
    expect(sceneCycle(cyclic, 'self')).toEqual(['self', 'self']);
    // Expanding a cycle still ends.
    expect(expandScene(cyclic, 'night').map((s) => s.device)).toEqual(['a', 'b']);
  });
});
