/**
 * The whole backup through the real hub: export from one hub, import into a fresh hub, the same
 * behaviours, people and discovery decisions; malformed people rejected with the exact path and
 * message, nothing applied; a failure inside the restore's transaction changes nothing; older
 * backups (Homeroom 0.1's, with or without behaviours and people) still import.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../hub';
import { silentLogger } from '../util/logger';
import type { Backup } from './export-import';
import { legacyCurveLocation } from './legacy-json';
import { tempDataDir, withoutCurveLocation } from './test-support';

const RELEASE_BACKUP = new URL('./fixtures/backup-0.1.json', import.meta.url);

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
  // What Discovery records when a LAN device is added or ignored.
  hub.store!.discoveryDecisions.saveAdded({
    id: 'wled:a8032a4b5c6d',
    integration: 'wled',
    uniqueId: 'a8032a4b5c6d',
    host: '127.0.0.1',
    port: 9,
    kind: 'light',
    name: 'Desk strip',
    addedAt: 1_700_000_000_000,
  });
  hub.store!.discoveryDecisions.setIgnored('elgato:CW12A1B2C3D4', true);
  return hub;
}

/** Everything a restore touches, as the running hub sees it (memory and API, not just the file). */
async function everything(hub: Hub) {
  const rooms = await hub.handlers.listRooms({});
  return {
    backup: { ...((await hub.handlers.exportSettings({})) as Backup), exportedAt: undefined },
    people: await hub.handlers.listPeople({}),
    behaviours: await Promise.all(rooms.map((r) => hub.handlers.getRoomBehaviour({ roomId: r.id }))),
    discovery: hub.store!.discoveryDecisions.load(),
  };
}

describe('backup of room behaviours and people', () => {
  it('round-trips behaviours and people into a fresh hub, and they survive its restart', async () => {
    const source = await populatedHub();
    const backup = (await source.handlers.exportSettings({})) as Backup;
    expect(backup.behaviours).toHaveLength(2);
    expect(backup.behaviours?.[0]?.climate).toMatchObject({ comfortHeatC: 21.5, vacantDelayMin: 12 });
    expect(backup.people?.map((p) => p.name)).toEqual(['Alice', 'Bob']);
    expect(backup).toMatchObject({
      version: 3,
      discovery: { added: [{ id: 'wled:a8032a4b5c6d' }], ignored: ['elgato:CW12A1B2C3D4'] },
    });

    const targetDir = tempDataDir();
    dirs.push(targetDir);
    const target = await freshHub(targetDir.dir);
    await target.handlers.updatePerson({ id: 'carol', name: 'Carol' });
    const report = await target.handlers.importSettings({ backup: JSON.parse(JSON.stringify(backup)) });
    expect(report).toMatchObject({
      ok: true,
      applied: { settings: 0, rooms: 2, devices: 0, behaviours: 2, people: 2, discovery: 2 },
      changes: {
        rooms: { added: 2, removed: 0, changed: 0 },
        people: { added: 2, removed: 1, changed: 0 },
        behaviours: { added: 2, removed: 0, changed: 0 },
        discovery: { added: 2, removed: 0, changed: 0 },
      },
    });

    const sameAsSource = async (hub: Hub) => {
      expect(await hub.handlers.listPeople({})).toEqual(await source.handlers.listPeople({}));
      for (const room of await source.handlers.listRooms({}))
        expect(await hub.handlers.getRoomBehaviour({ roomId: room.id })).toEqual(
          await source.handlers.getRoomBehaviour({ roomId: room.id }),
        );
      const again = (await hub.handlers.exportSettings({})) as Backup;
      expect({ ...again, exportedAt: undefined }).toEqual({ ...backup, exportedAt: undefined });
      expect(hub.store!.discoveryDecisions.load()).toEqual(backup.discovery);
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
    const { behaviours: _b, people: _p, discovery: _d, automations: _a, scenes: _s, ...old } = full;
    const report = await hub.handlers.importSettings({ backup: { ...old, version: 1, rooms: [...old.rooms] } });
    expect(report.ok).toBe(true);
    const after = (await hub.handlers.exportSettings({})) as Backup;
    expect(after.people).toEqual(full.people);
    expect(after.behaviours).toEqual(full.behaviours);
    expect(after.discovery).toEqual(full.discovery);
  });

  it('restores the backup Homeroom 0.1 exported, with its behaviours and people', async () => {
    const release = JSON.parse(readFileSync(RELEASE_BACKUP, 'utf8')) as Record<string, unknown> & {
      behaviours: { roomId: string }[];
      people: unknown[];
    };
    expect(release.version).toBe(1);
    const hub = await populatedHub();
    const report = await hub.handlers.importSettings({ backup: release });
    expect(report).toMatchObject({
      ok: true,
      applied: { settings: 4, rooms: 4, devices: 2, behaviours: 4, people: 3, discovery: 0 },
      changes: { people: { added: 1, removed: 0, changed: 1 }, discovery: { added: 0, removed: 0, changed: 0 } },
    });
    expect(await hub.handlers.listPeople({})).toEqual(release.people);
    // Every field 0.1 wrote survives (fields added since appear with their defaults); the circadian curve's
    // latitude/longitude became the home's location setting.
    for (const behaviour of release.behaviours)
      expect(await hub.handlers.getRoomBehaviour({ roomId: behaviour.roomId })).toMatchObject(withoutCurveLocation(behaviour));
    expect(legacyCurveLocation(release.behaviours)).toBeDefined();
    expect((await hub.handlers.getSettings({})).location).toEqual(legacyCurveLocation(release.behaviours));
    // A 0.1 backup has no discovery section: the devices added here stay added.
    expect(hub.store!.discoveryDecisions.load().added.map((d) => d.id)).toEqual(['wled:a8032a4b5c6d']);
  });

  it('changes nothing — in the file or in the running hub — when the restore fails inside its transaction', async () => {
    const hub = await populatedHub();
    const before = await everything(hub);
    const backup = JSON.parse(readFileSync(RELEASE_BACKUP, 'utf8')) as unknown;
    // The last table the restore writes refuses the write, as a full disk would.
    hub.store!.database.main.exec(
      `CREATE TEMP TRIGGER refuse BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
    );
    await expect(hub.handlers.importSettings({ backup })).rejects.toThrow(/disk is full/);
    hub.store!.database.main.exec('DROP TRIGGER refuse');
    expect(await everything(hub)).toEqual(before);
  });
});
