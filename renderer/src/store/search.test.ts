import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { light, sensor } from '../test/fixtures';
import { deviceEntry, groupByRoom, listingOrder, matchesQuery, roomNames, roomTitle } from './search';

const kitchen = light('k', { name: 'Kitchen ceiling', roomId: 'kitchen' });
const lamp = light('l', { name: 'Reading lamp', roomId: 'living-room' });
const thermo = sensor('t', { name: 'Café sensor', roomId: 'living-room' });
const loose = sensor('u', { name: 'Garage', roomId: undefined });

describe('matchesQuery', () => {
  it.each([
    ['', kitchen, true],
    ['  ', kitchen, true],
    ['kitchen', kitchen, true],
    ['CEIL', kitchen, true],
    ['living', lamp, true], // room
    ['living room', lamp, true], // room title, two words
    ['light', lamp, true], // kind
    ['sensor', thermo, true],
    ['cafe', thermo, true], // diacritics-insensitive
    ['lamp kitchen', lamp, false], // every word must match
    ['unassigned', loose, true],
    ['bedroom', kitchen, false],
  ])('%j matches %s: %s', (query, device, expected) => {
    expect(matchesQuery(device, query)).toBe(expected);
  });
});

describe('groupByRoom', () => {
  it('groups by room, sorted by title, Unassigned last, devices by name', () => {
    const a = light('a', { name: 'Zed', roomId: 'kitchen' });
    const groups = groupByRoom([loose, kitchen, lamp, thermo, a]);
    expect(groups).toEqual([
      { key: 'kitchen', title: 'Kitchen', ids: ['k', 'a'] },
      { key: 'living-room', title: 'Living room', ids: ['t', 'l'] },
      { key: '', title: 'Unassigned', ids: ['u'] },
    ]);
  });

  it('sorts names by number value, ignoring case and accents', () => {
    const names = ['Room 10 lamp', 'room 9 lamp', 'Élan', 'eclair', 'Room 010b', 'Zed'];
    const devices = names.map((name, i) => light(`d${i}`, { name, roomId: 'r' }));
    const [group] = groupByRoom(devices);
    expect(group!.ids.map((id) => names[Number(id.slice(1))])).toEqual([
      'eclair',
      'Élan',
      'room 9 lamp',
      'Room 10 lamp',
      'Room 010b',
      'Zed',
    ]);
  });

  it('drops empty groups when filtering', () => {
    expect(groupByRoom([loose, kitchen, lamp], 'lamp')).toEqual([{ key: 'living-room', title: 'Living room', ids: ['l'] }]);
  });

  it('titles strip control characters from room ids', () => {
    expect(roomTitle('bed\u202eroom')).toBe('Bedroom');
    expect(roomTitle(undefined)).toBe('Unassigned');
  });
});

describe('listingOrder', () => {
  it('is the order the dashboard lists devices in, hidden devices after all the others', () => {
    const device = fc.record({
      name: fc.constantFrom('Lamp', 'lamp 2', 'Lamp 10', 'Élan', 'eclair', '', 'Zed'),
      roomId: fc.constantFrom('kitchen', 'hall', 'b', '', undefined),
      hidden: fc.boolean(),
    });
    const names = roomNames([
      { id: 'b', name: 'Attic', kind: 'home' },
      { id: 'hall', name: 'hall', kind: 'home' },
    ]);
    fc.assert(
      fc.property(fc.array(device, { maxLength: 30 }), (specs) => {
        const devices = specs.map((spec, i) => light(`d${String(i).padStart(2, '0')}`, spec));
        const order = listingOrder(devices.map(deviceEntry), names);
        const visible = groupByRoom(devices, '', names).flatMap((g) => g.ids);
        const all = groupByRoom(devices, '', names, true).flatMap((g) => g.ids);
        const hidden = new Set(devices.filter((d) => d.hidden).map((d) => d.id));
        expect(order.slice(0, visible.length)).toEqual(visible);
        // The hidden ones after, in their own listing order.
        expect(order.slice(visible.length)).toEqual(all.filter((id) => hidden.has(id)));
      }),
    );
  });
});
