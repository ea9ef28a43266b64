/** The restore preview's diff and sentence, table-tested on small backups. */
import { describe, expect, it } from 'vitest';
import { countChanges, Person, restoreSummary, RoomBehaviour, type RestoreChange } from '../model';
import { changedFields, diffBackup } from './backup-diff';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, type Restorable } from './export-import';

const office = { id: 'office', name: 'Office', kind: 'office' as const };
const study = { id: 'study', name: 'Study', kind: 'home' as const };
const den = { id: 'den', name: 'Den', kind: 'home' as const };
const alice = Person.parse({ id: 'alice', name: 'Alice' });
const bob = Person.parse({ id: 'bob', name: 'Bob', roomId: 'study' });

function backup(over: Partial<Backup> = {}): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    settings: { units: 'celsius' },
    rooms: [office, study],
    devices: [{ id: 'mqtt:lamp', roomId: 'office' }],
    behaviours: [RoomBehaviour.parse({ roomId: 'office' })],
    people: [alice, bob],
    discovery: { added: [], ignored: [] },
    automations: [],
    scenes: [],
    ...over,
  };
}

const names = { device: (id: string) => ({ 'mqtt:lamp': 'Desk lamp', 'mqtt:fan': 'Ceiling fan' })[id] };
const brief = (changes: RestoreChange[]) =>
  changes.map((c) => `${c.change} ${c.section} ${c.name}${c.fields ? ` [${c.fields}]` : ''}`);

describe('diffBackup', () => {
  const officeWarm = RoomBehaviour.parse({ roomId: 'office', climate: { comfortHeatC: 22.5 }, lighting: { mode: 'off' } });
  it.each<[string, Partial<Backup>, Partial<Backup>, string[]]>([
    ['nothing differs', {}, {}, []],
    [
      'a room made since is removed, with the person in it',
      {},
      { rooms: [office], people: [alice] },
      ['removed rooms Study', 'removed people Bob'],
    ],
    [
      'an older room comes back',
      { rooms: [office], people: [alice] },
      { rooms: [office, den], people: [alice] },
      ['added rooms Den'],
    ],
    ['a renamed room is changed, by field', {}, { rooms: [{ ...office, name: 'Work' }, study] }, ['changed rooms Work [name]']],
    [
      'room behaviours: changed fields by path, a missing one goes back to defaults',
      { behaviours: [RoomBehaviour.parse({ roomId: 'office' }), RoomBehaviour.parse({ roomId: 'study' })] },
      { behaviours: [officeWarm] },
      ['changed behaviours Office [climate.comfortHeatC,lighting.mode]', 'removed behaviours Study'],
    ],
    [
      'device overrides named by the registry, or by the override',
      {},
      {
        devices: [
          { id: 'mqtt:lamp', roomId: 'study' },
          { id: 'mqtt:fan', name: 'Fan' },
        ],
      },
      ['changed devices Desk lamp [roomId]', 'added devices Fan'],
    ],
    ['a device override dropped', {}, { devices: [] }, ['removed devices Desk lamp']],
    [
      'settings by their label',
      {},
      { settings: { units: 'fahrenheit', timeFormat: '12h' } },
      ['changed settings Units [value]', 'added settings Time format'],
    ],
    [
      'discovery decisions: added devices and ignored ids',
      { discovery: { added: [], ignored: ['elgato:A1'] } },
      {
        discovery: {
          added: [
            {
              id: 'wled:1',
              integration: 'wled',
              uniqueId: '1',
              host: '10.0.0.9',
              port: 80,
              kind: 'light',
              name: 'Strip',
              addedAt: 1,
            },
          ],
          ignored: [],
        },
      },
      ['added discovery Strip', 'removed discovery elgato:A1 (ignored)'],
    ],
  ])('%s', (_title, now, incoming, expected) => {
    expect(brief(diffBackup(backup(now), backup(incoming), names))).toEqual(expected);
  });

  it('a 0.1 backup without people or behaviours leaves them as they are', () => {
    const old: Restorable = {
      format: BACKUP_FORMAT,
      version: 1,
      settings: { units: 'celsius' },
      rooms: [office, study],
      devices: [{ id: 'mqtt:lamp', roomId: 'office' }],
    };
    expect(diffBackup(backup({ people: [], behaviours: [] }), old, names)).toEqual([]);
  });

  it('compares objects regardless of key order', () => {
    expect(changedFields({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
    expect(changedFields({ a: [1, 2] }, { a: [2, 1] })).toEqual(['a']);
    expect(changedFields({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } })).toEqual(['a.b']);
  });
});

describe('restoreSummary', () => {
  const change = (section: RestoreChange['section'], kind: RestoreChange['change'], name: string): RestoreChange => ({
    section,
    change: kind,
    id: name,
    name,
  });
  it.each<[RestoreChange[], string]>([
    [[], 'This backup matches the hub as it is: restoring it changes nothing.'],
    [
      [change('rooms', 'removed', 'Study'), change('people', 'removed', 'Bob')],
      'This backup removes the room Study and the person Bob.',
    ],
    [
      [
        change('rooms', 'removed', 'Study'),
        change('people', 'removed', 'Bob'),
        change('behaviours', 'changed', 'Office'),
        change('behaviours', 'changed', 'Hall'),
        change('behaviours', 'removed', 'Den'),
      ],
      'This backup removes the room Study and the person Bob and changes 3 room settings.',
    ],
    [
      [
        change('rooms', 'added', 'Den'),
        change('rooms', 'added', 'Loft'),
        change('behaviours', 'changed', 'Office'),
        change('settings', 'changed', 'Units'),
      ],
      'This backup adds the rooms Den and Loft and changes the room settings of Office and the setting Units.',
    ],
    [
      [change('rooms', 'removed', 'A'), change('rooms', 'added', 'B'), change('devices', 'changed', 'Lamp')],
      'This backup removes the room A, adds the room B and changes the device Lamp.',
    ],
  ])('%#', (changes, sentence) => {
    expect(restoreSummary(changes)).toBe(sentence);
  });

  it('reads as a report once applied', () => {
    expect(restoreSummary([change('people', 'removed', 'Bob')], 'done')).toBe('Restored: removed the person Bob.');
  });

  it('counts every kind', () => {
    const counts = countChanges([
      change('rooms', 'removed', 'A'),
      change('rooms', 'added', 'B'),
      change('discovery', 'changed', 'C'),
    ]);
    expect(counts.rooms).toEqual({ added: 1, removed: 1, changed: 0 });
    expect(counts.discovery).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(counts.people).toEqual({ added: 0, removed: 0, changed: 0 });
  });
});
