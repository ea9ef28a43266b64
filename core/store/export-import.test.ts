/**
 * The backup with the rooms repository part (room behaviours and people): export from one hub,
 * import into a fresh hub, the same behaviours and people; malformed people rejected with the
 * exact path and message, nothing applied; older backups without these sections still import.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryRepository } from '../automations/rooms/repository';
import { startHub, type Hub } from '../hub';
import { silentLogger } from '../util/logger';
import { exportBackup, importBackup, PartialImportError, type Backup } from './export-import';
import { openStore } from './store';
import { systemClock } from '../util/clock';
import { tempDataDir } from './test-support';

const dirs: { remove(): void }[] = [];
const hubs: Hub[] = [];
afterAll(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  for (const dir of dirs.splice(0)) dir.remove();
});

async function freshHub(dataDir?: string): Promise<Hub> {
  let dir = dataDir;
  if (!dir) {
    const made = tempDataDir();
    dirs.push(made);
    dir = made.dir;
  }
  const hub = await startHub({ dataDir: dir, embeddedBrokerPort: 0 }, { logger: silentLogger });
  hubs.push(hub);
  return hub;
}

async function populatedHub(): Promise<Hub> {
  const hub = await freshHub();
  const office = await hub.handlers.createRoom({ name: 'Office', kind: 'office' });
  const living = await hub.handlers.createRoom({ name: 'Living room', kind: 'home' });
  await hub.handlers.updateRoomBehaviour({
    roomId: office.id,
    behaviour: { climate: { comfortHeatC: 21.5, vacantDelayMin: 12 } },
  });
  await hub.handlers.updateRoomBehaviour({ roomId: living.id, behaviour: { media: { pauseWhenVacant: true } } });
  await hub.handlers.updatePerson({
    id: 'alice',
    name: 'Alice',
    comfortHeatC: 22,
    lighting: [{ at: '07:00', brightness: 70, kelvin: 4000, roomId: office.id }],
  });
  await hub.handlers.updatePerson({ id: 'bob', name: 'Bob', lighting: [{ at: '21:00', brightness: 20, kelvin: 2200 }] });
  await hub.handlers.setPersonRoom({ personId: 'bob', roomId: living.id });
  return hub;
}

describe('backup of room behaviours and people', () => {
  it('round-trips behaviours and people into a fresh hub, and they survive its restart', async () => {
    const source = await populatedHub();
    const backup = (await source.handlers.exportSettings({})) as Backup;
    expect(backup.behaviours).toHaveLength(2);
    expect(backup.behaviours?.[0]?.climate).toMatchObject({ comfortHeatC: 21.5, vacantDelayMin: 12 });
    expect(backup.people?.map((p) => p.name)).toEqual(['Alice', 'Bob']);

    const targetDir = tempDataDir();
    dirs.push(targetDir);
    const target = await freshHub(targetDir.dir);
    await target.handlers.updatePerson({ id: 'carol', name: 'Carol' });
    const report = await target.handlers.importSettings({ backup: JSON.parse(JSON.stringify(backup)) });
    expect(report).toEqual({ ok: true, applied: { settings: 0, rooms: 2, devices: 0 } });

    const sameAsSource = async (hub: Hub) => {
      expect(await hub.handlers.listPeople({})).toEqual(await source.handlers.listPeople({}));
      for (const room of await source.handlers.listRooms({}))
        expect(await hub.handlers.getRoomBehaviour({ roomId: room.id })).toEqual(
          await source.handlers.getRoomBehaviour({ roomId: room.id }),
        );
      const again = (await hub.handlers.exportSettings({})) as Backup;
      expect({ ...again, exportedAt: undefined }).toEqual({ ...backup, exportedAt: undefined });
    };
    await sameAsSource(target);

    await target.stop();
    hubs.splice(hubs.indexOf(target), 1);
    await sameAsSource(await freshHub(targetDir.dir));
  });

  it('rejects malformed people with the exact path and message and applies nothing', async () => {
    const hub = await populatedHub();
    const before = (await hub.handlers.exportSettings({})) as Backup;
    const people = structuredClone(before.people!);
    people[1]!.lighting[0]!.kelvin = 9000;
    const bad = { ...before, rooms: before.rooms.slice(0, 1), people };
    const report = await hub.handlers.importSettings({ backup: bad });
    expect(report).toEqual({
      ok: false,
      problems: [
        { path: 'people[1].lighting[0].kelvin', message: 'Too big: expected number to be <=6500' },
        { path: 'behaviours[1].roomId', message: `room "${before.rooms[1]!.id}" is not among the rooms of this backup` },
        { path: 'people[1].roomId', message: `room "${before.rooms[1]!.id}" is not among the rooms of this backup` },
      ],
    });
    const after = (await hub.handlers.exportSettings({})) as Backup;
    expect({ ...after, exportedAt: undefined }).toEqual({ ...before, exportedAt: undefined });

    const duplicate = await hub.handlers.importSettings({
      backup: { ...before, people: [...before.people!, { id: 'alice', name: 'Alice again', shoeSize: 42 }] },
    });
    expect(duplicate).toEqual({
      ok: false,
      problems: [
        { path: 'people[2]', message: 'unknown field "shoeSize"' },
        { path: 'people[2].id', message: 'duplicate person "alice" (also people[0])' },
      ],
    });
  });

  it('imports an older backup without behaviours and people, leaving them as they are', async () => {
    const hub = await populatedHub();
    const full = (await hub.handlers.exportSettings({})) as Backup;
    const { behaviours: _b, people: _p, ...old } = full;
    const report = await hub.handlers.importSettings({ backup: { ...old, rooms: [...old.rooms] } });
    expect(report.ok).toBe(true);
    const after = (await hub.handlers.exportSettings({})) as Backup;
    expect(after.people).toEqual(full.people);
    expect(after.behaviours).toEqual(full.behaviours);
  });

  it('says so when the store part was restored but the rooms repository part could not be saved', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = openStore({ dataDir: dir.dir, clock: systemClock, logger: silentLogger });
    try {
      class FullDisk extends InMemoryRepository {
        protected override persist(): void {
          throw new Error('ENOSPC: no space left on device');
        }
      }
      const repository = new FullDisk({ people: [{ id: 'old', name: 'Old' }] });
      const stores = { db: store.database.main, ...store, roomBehaviours: repository };
      const backup = {
        ...exportBackup(stores, 0),
        rooms: [{ id: 'hall', name: 'Hall', kind: 'home' }],
        people: [{ id: 'new', name: 'New', roomId: 'hall' }],
      };
      expect(() => importBackup(stores, backup)).toThrow(PartialImportError);
      expect(() => importBackup(stores, backup)).toThrow(
        'Settings, rooms and devices were restored, but room behaviours and people could not be saved ' +
          '(ENOSPC: no space left on device); they are unchanged',
      );
      expect(store.rooms.list().map((r) => r.id)).toEqual(['hall']);
      expect(repository.people().map((p) => p.id)).toEqual(['old']);
    } finally {
      store.close();
    }
  });
});
