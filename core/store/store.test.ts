import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { exportBackup, importBackup, validateBackup } from './export-import';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function open(dir: string): Store {
  const store = openStore({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 10, 23)), logger: silentLogger });
  cleanup.unshift(() => store.database.main.open && store.close());
  return store;
}
function dir(): string {
  const d = tempDataDir();
  cleanup.push(() => d.remove());
  return d.dir;
}
const stores = (store: Store) => ({ db: store.database.main, ...store });

describe('settings, rooms and overrides', () => {
  it('survive a restart', () => {
    const d = dir();
    const first = open(d);
    const living = first.rooms.create({ name: 'Living room', kind: 'home' });
    const office = first.rooms.create({ name: 'Living room', kind: 'office' });
    expect([living.id, office.id]).toEqual(['living-room', 'living-room-2']);
    first.rooms.update(office.id, { name: 'Office' });
    first.overrides.update('mqtt:lamp', { name: 'Reading lamp', roomId: living.id });
    first.overrides.update('mqtt:plug', { hidden: true, icon: 'plug' });
    first.settings.update({ units: 'fahrenheit', theme: 'dark', location: { latitude: 52.5, longitude: 13.4 } });
    first.close();

    const second = open(d);
    expect(second.rooms.list()).toEqual([
      { id: 'living-room', name: 'Living room', kind: 'home' },
      { id: 'living-room-2', name: 'Office', kind: 'office' },
    ]);
    expect([...second.overrides.all()]).toEqual([
      ['mqtt:lamp', { name: 'Reading lamp', roomId: 'living-room' }],
      ['mqtt:plug', { hidden: true, icon: 'plug' }],
    ]);
    expect(second.settings.all()).toEqual({ units: 'fahrenheit', theme: 'dark', location: { latitude: 52.5, longitude: 13.4 } });
  });

  it('unassigns the devices of a deleted room and clears overrides field by field', () => {
    const store = open(dir());
    const room = store.rooms.create({ name: 'Hall', kind: 'home' });
    store.overrides.update('a', { name: 'A', roomId: room.id });
    store.rooms.delete(room.id);
    expect(store.overrides.get('a')).toEqual({ name: 'A' });
    expect(store.overrides.update('a', { name: null })).toBeUndefined();
    expect(store.overrides.all().size).toBe(0);
  });

  it('rejects invalid settings without writing anything', () => {
    const store = open(dir());
    expect(() => store.settings.update({ units: 'kelvin' as never, theme: 'dark' })).toThrow();
    expect(() => store.settings.update({ mqttUrl: 'mqtt://me:secret@broker:1883' })).toThrow(/without a password/);
    expect(store.settings.all()).toEqual({});
  });
});

describe('backup', () => {
  function populated(): Store {
    const store = open(dir());
    const hall = store.rooms.create({ name: 'Hall', kind: 'home' });
    store.rooms.create({ name: 'Meeting room 1', kind: 'meeting' });
    store.overrides.update('mqtt:lamp', { name: 'Hall lamp', roomId: hall.id });
    store.overrides.update('mqtt:tv', { hidden: true });
    store.settings.update({ units: 'celsius', historyRawDays: 14 });
    store.secrets.set('mqtt.password', 'never-export-me');
    return store;
  }

  it('round-trips settings, rooms and overrides, and never contains a secret', () => {
    const source = populated();
    const backup = exportBackup(stores(source), Date.UTC(2026, 10, 23));
    const text = JSON.stringify(backup);
    expect(text).not.toContain('never-export-me');
    expect(text).not.toContain('mqtt.password');
    expect(backup).toMatchObject({ format: 'homeroom-backup', version: 3, exportedAt: '2026-11-23T00:00:00.000Z' });

    const target = open(dir());
    target.rooms.create({ name: 'Old room', kind: 'office' });
    target.overrides.update('mqtt:old', { name: 'Old' });
    const report = importBackup(stores(target), JSON.parse(text));
    expect(report).toMatchObject({
      ok: true,
      applied: { settings: 2, rooms: 2, devices: 2, behaviours: 0, people: 0, discovery: 0 },
      changes: { rooms: { added: 2, removed: 1, changed: 0 }, devices: { added: 2, removed: 1, changed: 0 } },
    });
    expect(exportBackup(stores(target), Date.UTC(2026, 10, 23))).toEqual(backup);
  });

  it('rejects a malformed backup with precise paths and applies nothing', () => {
    const target = populated();
    const before = exportBackup(stores(target), 0);
    const bad = {
      ...before,
      rooms: [...before.rooms, { id: 'x', name: 'Attic', kind: 'garage' }],
      devices: [...before.devices, { id: 'mqtt:new', name: 'New', roomId: 'nowhere' }, { id: 'mqtt:y', colour: 'red' }],
      settings: { ...before.settings, units: 'kelvin' },
    };
    const report = importBackup(stores(target), bad);
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { path: 'settings.units', message: expect.stringContaining('"celsius"|"fahrenheit"') },
        { path: 'rooms[2].kind', message: expect.stringContaining('"home"|"office"|"meeting"') },
        { path: 'devices[3]', message: 'unknown field "colour"' },
      ]),
    );
    expect(exportBackup(stores(target), 0)).toEqual(before);

    // Structurally valid but inconsistent: a device in a room the backup does not have.
    const dangling = importBackup(stores(target), { ...before, devices: [{ id: 'mqtt:new', roomId: 'nowhere' }] });
    expect(dangling).toEqual({
      ok: false,
      problems: [{ path: 'devices[0].roomId', message: 'room "nowhere" is not among the rooms of this backup' }],
    });
    expect(exportBackup(stores(target), 0)).toEqual(before);
  });

  it('names what is missing in something that is not a backup at all', () => {
    expect(validateBackup([1, 2]).problems[0]).toEqual({ path: '', message: expect.stringMatching(/expected object/) });
    const newer = { format: 'homeroom-backup', version: 4, settings: {}, rooms: [], devices: [], behaviours: [], people: [] };
    const discovery = { added: [], ignored: [] };
    expect(validateBackup({ ...newer, discovery, automations: [], scenes: [] }).problems).toEqual([
      { path: 'version', message: expect.stringContaining('expected 3') },
    ]);
    // Today's format needs every section; only version 1 may leave them out, and version 2 has no automations or scenes.
    expect(validateBackup({ ...newer, version: 3, discovery }).problems).toEqual([
      { path: 'automations', message: expect.any(String) },
      { path: 'scenes', message: expect.any(String) },
    ]);
    expect(validateBackup({ ...newer, version: 2 }).problems).toEqual([{ path: 'discovery', message: expect.any(String) }]);
    expect(validateBackup({ ...newer, version: 2, discovery }).problems).toEqual([]);
    expect(validateBackup({ ...newer, version: 1, behaviours: undefined, people: undefined }).problems).toEqual([]);
  });
});
