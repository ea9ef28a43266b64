import { describe, expect, it } from 'vitest';
import { light, sensor } from '../test/fixtures';
import { createDeviceIndexer } from './context';
import { changedIds, patchDevices } from './device-map';

describe('patchDevices', () => {
  const a = light('a');
  const b = sensor('b');

  it('makes a new map with the changes and says which ids changed against the map it came from', () => {
    const base = patchDevices({}, [
      ['a', a],
      ['b', b],
    ]);
    const on = { ...a, name: 'Lamp' };
    const next = patchDevices(base, [
      ['a', on],
      ['b', null],
      ['c', null], // not there: nothing to remove
    ]);
    expect(next).toEqual({ a: on });
    expect(base).toEqual({ a, b }); // never mutated
    expect(changedIds(next, base)).toEqual(['a', 'b']);
    // Only against its own base: any other map is unknown, so a reader compares everything.
    expect(changedIds(next, {})).toBeNull();
    expect(changedIds({ ...next }, next)).toBeNull();
  });

  it('returns the same map when nothing changes (the same objects, removals of absent ids)', () => {
    const base = patchDevices({}, [['a', a]]);
    expect(patchDevices(base, [['a', a]])).toBe(base);
    expect(patchDevices(base, [['x', null]])).toBe(base);
    expect(patchDevices(base, [])).toBe(base);
  });

  it('never reads an inherited property as a device', () => {
    const next = patchDevices({}, [['toString', null]]);
    expect(next).toEqual({});
    expect(Object.keys(patchDevices(next, [['constructor', a]]))).toEqual(['constructor']);
  });
});

describe('the device index over patched maps', () => {
  it('checks only the changed ids, and still sees a rename, an addition and a removal among them', () => {
    const index = createDeviceIndexer();
    const lamp = light('l', { name: 'Lamp', roomId: 'kitchen' });
    const probe = sensor('s', { name: 'Probe', roomId: 'hall' });
    let devices = patchDevices({}, [
      ['l', lamp],
      ['s', probe],
    ]);
    const first = index(devices);

    devices = patchDevices(devices, [['l', { ...lamp, lastSeen: 9 }]]);
    expect(index(devices)).toBe(first);

    devices = patchDevices(devices, [['s', { ...probe, name: 'Sonde' }]]);
    const renamed = index(devices);
    expect(renamed).not.toBe(first);
    expect(renamed.entries.map((e) => e.name)).toEqual(['Lamp', 'Sonde']);

    devices = patchDevices(devices, [
      ['l', null],
      ['n', light('n')],
    ]);
    expect(index(devices).entries.map((e) => e.id)).toEqual(['s', 'n']);
    // A map made any other way is compared in full.
    expect(index({ s: devices.s! }).entries.map((e) => e.id)).toEqual(['s']);
  });
});
