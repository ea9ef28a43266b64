import { describe, expect, it } from 'vitest';
import type { Device } from '../../../core/model';
import { light, sensor } from '../test/fixtures';
import { createDeviceIndexer } from './context';

const byId = (...devices: Device[]) => Object.fromEntries(devices.map((d) => [d.id, d]));

describe('the device index grouping reads', () => {
  const lamp = light('l', { name: 'Lamp', roomId: 'kitchen' });
  const probe = sensor('s', { name: 'Probe', roomId: 'hall' });

  it('stays the same object through state updates: grouping is not redone per frame, command or confirmation', () => {
    const index = createDeviceIndexer();
    const first = index(byId(lamp, probe));
    const on = { ...lamp, capabilities: { ...lamp.capabilities, power: { value: true, writable: true } } };
    expect(index(byId(on, probe))).toBe(first);
    expect(index(byId(on, { ...probe, lastSeen: 5 }))).toBe(first);
    expect(first.entries.map((e) => e.id)).toEqual(['l', 's']);
  });

  it('changes when a name, room, hidden flag or membership changes', () => {
    const index = createDeviceIndexer();
    const first = index(byId(lamp, probe));
    const renamed = index(byId({ ...lamp, name: 'Pendant' }, probe));
    expect(renamed).not.toBe(first);
    expect(renamed.entries[0]!.name).toBe('Pendant');
    const moved = index(byId({ ...lamp, name: 'Pendant' }, { ...probe, roomId: 'kitchen' }));
    expect(moved.entries[1]!.roomKey).toBe('kitchen');
    const hidden = index(byId({ ...lamp, name: 'Pendant', hidden: true }, { ...probe, roomId: 'kitchen' }));
    expect(hidden.hidden).toBe(1);
    expect(index(byId(probe)).entries.map((e) => e.id)).toEqual(['s']);
    expect(index(byId(probe, light('n'))).entries.map((e) => e.id)).toEqual(['s', 'n']);
  });
});
