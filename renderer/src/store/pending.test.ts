import { describe, expect, it } from 'vitest';
import { addPending, flattenCommand, settlePending, shownValue } from './pending';

describe('flattenCommand', () => {
  it.each([
    [{ power: true }, { power: true }],
    [
      { brightness: 40, colorTemperature: 2700 },
      { brightness: 40, colorTemperature: 2700 },
    ],
    [{ climate: { targetTemperature: 21 } }, { 'climate.targetTemperature': 21 }],
    [{ climate: { mode: 'heat' as const, targetTemperature: 20 } }, { 'climate.mode': 'heat', 'climate.targetTemperature': 20 }],
    [{ color: { hue: 10, saturation: 50 } }, { color: { hue: 10, saturation: 50 } }],
    [{ media: { volume: 30 } }, { 'media.volume': 30 }],
  ])('%j → %j', (command, flat) => {
    expect(flattenCommand(command)).toEqual(flat);
  });
});

describe('pending values', () => {
  it('a newer command on the same path survives the older one settling', () => {
    let s = addPending({}, 'd', 1, { brightness: 10 });
    s = addPending(s, 'd', 2, { brightness: 20, power: true });
    s = settlePending(s, 'd', 1);
    expect(s.d).toEqual({ brightness: { value: 20, seq: 2 }, power: { value: true, seq: 2 } });
    s = settlePending(s, 'd', 2);
    expect(s).toEqual({});
  });

  it('settling an unknown command changes nothing (same object)', () => {
    const s = addPending({}, 'd', 1, { power: true });
    expect(settlePending(s, 'd', 9)).toBe(s);
    expect(settlePending(s, 'other', 1)).toBe(s);
  });

  it('shownValue overlays the pending value', () => {
    const s = addPending({}, 'd', 1, { power: true });
    expect(shownValue(false, s.d, 'power')).toEqual({ value: true, pending: true });
    expect(shownValue(50, s.d, 'brightness')).toEqual({ value: 50, pending: false });
  });
});
