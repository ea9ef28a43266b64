/**
 * First start on a data folder written by Homeroom 0.1 (core/store/fixtures/release-0.1-data: its
 * homeroom.db at schema 1, room-behaviours.json, discovery.json, all written by that release's
 * code): the real hub starts with every room behaviour, person and discovery decision, the JSON
 * files become `*.migrated`, and nothing is imported twice. Files that do not migrate are kept
 * aside and reported.
 */
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../hub';
import { silentLogger } from '../util/logger';
import type { Backup } from './export-import';
import { LEGACY_DISCOVERY_FILE, LEGACY_ROOMS_FILE } from './legacy-json';
import { MIGRATIONS } from './migrations';
import { tempDataDir } from './test-support';

const FIXTURE = new URL('./fixtures/release-0.1-data/', import.meta.url);
const release = {
  rooms: JSON.parse(readFileSync(new URL(LEGACY_ROOMS_FILE, FIXTURE), 'utf8')) as {
    behaviours: { roomId: string }[];
    people: { id: string; name: string }[];
  },
  discovery: JSON.parse(readFileSync(new URL(LEGACY_DISCOVERY_FILE, FIXTURE), 'utf8')) as { added: unknown[]; ignored: string[] },
  backup: JSON.parse(readFileSync(new URL('../backup-0.1.json', FIXTURE), 'utf8')) as Backup,
};

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function releaseFolder(): string {
  const data = tempDataDir();
  cleanup.push(() => data.remove());
  cpSync(FIXTURE, data.dir, { recursive: true, filter: (src) => !src.endsWith('README.md') });
  return data.dir;
}

async function hubOn(dataDir: string): Promise<Hub> {
  const hub = await startHub({ dataDir, embeddedBrokerPort: 0 }, { logger: silentLogger });
  cleanup.push(() => hub.stop());
  return hub;
}

/** The release's behaviour as this version keeps it: the curve's latitude/longitude moved to the settings. */
function withoutCurveLocation<T>(behaviour: T): T {
  const copy = structuredClone(behaviour) as { lighting?: { curve?: Record<string, unknown> } };
  if (copy.lighting?.curve) {
    delete copy.lighting.curve.latitude;
    delete copy.lighting.curve.longitude;
  }
  return copy as T;
}

const storeDiagnostics = (hub: Hub) => hub.registry.listDiagnostics().filter((d) => d.subject === 'Store');

async function expectEverythingFromTheRelease(hub: Hub): Promise<void> {
  // Every field the release wrote is there (fields added since then may appear beside them, with defaults).
  expect(release.rooms.behaviours).toHaveLength(4);
  for (const behaviour of release.rooms.behaviours)
    expect(await hub.handlers.getRoomBehaviour({ roomId: behaviour.roomId })).toMatchObject(withoutCurveLocation(behaviour));
  // 0.1 kept the location on the circadian curve; it is the home's location setting now.
  expect((await hub.handlers.getSettings({})).location).toEqual({ latitude: 48.14, longitude: 11.58 });
  expect(release.rooms.people).toHaveLength(3);
  expect(await hub.handlers.listPeople({})).toMatchObject(release.rooms.people);
  expect(release.discovery.added).toHaveLength(3);
  expect(hub.store!.discoveryDecisions.load()).toEqual({ added: release.discovery.added, ignored: release.discovery.ignored });
  // The parts that were in SQLite already (schema 1) are untouched by the upgrade.
  const exported = (await hub.handlers.exportSettings({})) as Backup;
  for (const key of ['settings', 'rooms', 'devices', 'people'] as const)
    expect(exported[key], key).toMatchObject(release.backup[key]);
  expect(exported.behaviours).toMatchObject(release.backup.behaviours.map(withoutCurveLocation));
}

describe('a data folder written by Homeroom 0.1', () => {
  it('starts the hub with every room behaviour, person and discovery decision, and renames the JSON files *.migrated', async () => {
    const dir = releaseFolder();
    const hub = await hubOn(dir);
    await expectEverythingFromTheRelease(hub);
    expect(storeDiagnostics(hub)).toEqual([]);
    expect(hub.store!.database.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    for (const file of [LEGACY_ROOMS_FILE, LEGACY_DISCOVERY_FILE]) {
      expect(existsSync(join(dir, file)), file).toBe(false);
      expect(readFileSync(join(dir, `${file}.migrated`), 'utf8')).toBe(readFileSync(new URL(file, FIXTURE), 'utf8'));
    }

    // A change after the upgrade stays; the migrated files are never read again.
    await hub.handlers.updatePerson({ id: 'bob', name: 'Robert' });
    await hub.stop();
    cleanup.pop();
    const again = await hubOn(dir);
    expect((await again.handlers.listPeople({})).map((p) => p.name)).toEqual(['Alice', 'Robert', 'Chloé Müller']);
  });

  it('imports nothing twice when the hub died between the import and the rename', async () => {
    const dir = releaseFolder();
    const hub = await hubOn(dir);
    await hub.handlers.updatePerson({ id: 'bob', name: 'Robert' });
    await hub.stop();
    cleanup.pop();
    // As if the process had been killed after the import committed but before the file was renamed.
    renameSync(join(dir, `${LEGACY_ROOMS_FILE}.migrated`), join(dir, LEGACY_ROOMS_FILE));
    const again = await hubOn(dir);
    expect((await again.handlers.listPeople({})).map((p) => p.name)).toEqual(['Alice', 'Robert', 'Chloé Müller']);
    expect(existsSync(join(dir, LEGACY_ROOMS_FILE))).toBe(false);
    expect(existsSync(join(dir, `${LEGACY_ROOMS_FILE}.migrated`))).toBe(true);
  });

  it('keeps a file that cannot be read aside, reports it, and imports the valid entries of a partly damaged one', async () => {
    const dir = releaseFolder();
    writeFileSync(join(dir, LEGACY_ROOMS_FILE), '{"behaviours": [ broken');
    const discovery = structuredClone(release.discovery) as { added: Record<string, unknown>[]; ignored: string[] };
    discovery.added[1]!.port = 'eighty';
    writeFileSync(join(dir, LEGACY_DISCOVERY_FILE), JSON.stringify(discovery));
    const hub = await hubOn(dir);

    const messages = storeDiagnostics(hub)
      .map((d) => d.message)
      .sort((a, b) => b.localeCompare(a));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^The room behaviours and people in .*room-behaviours\.json could not be read \(.*JSON.*\); the file was kept as .*room-behaviours\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z and nothing from it was imported\.$/,
    );
    expect(messages[1]).toMatch(
      /^Some added and ignored devices in .*discovery\.json could not be read and were left out \(added\[1\]: port: .*\); the rest moved into the store/,
    );
    const kept = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    expect(kept).toHaveLength(2);
    expect(
      readFileSync(
        join(
          dir,
          kept.find((f) => f.startsWith(LEGACY_ROOMS_FILE))!,
        ),
        'utf8',
      ),
    ).toBe('{"behaviours": [ broken');
    expect(await hub.handlers.listPeople({})).toEqual([]);
    expect(hub.store!.discoveryDecisions.load()).toEqual({
      added: [release.discovery.added[0], release.discovery.added[2]],
      ignored: release.discovery.ignored,
    });
  });
});
