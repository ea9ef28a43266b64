/**
 * Homeroom 0.1 kept room behaviours and people in `<data>/room-behaviours.json` and discovery
 * decisions in `<data>/discovery.json`. On the first start of a newer hub they move into SQLite:
 * every entry is validated with today's schemas and written in one transaction, together with a
 * `legacy_imports` row, and only then is the file renamed `*.migrated` (a crash in between imports
 * nothing twice: the row says it is done). A file that is not readable at all, or has entries that
 * do not validate, is kept aside by set-aside.ts as `*.corrupt-<time>` (its valid entries are
 * imported) and reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AddedDeviceSchema } from '../discovery/repository';
import { Location, Person, RoomBehaviour } from '../model';
import type { SqliteDatabase } from './database';
import { zodSummary, type ProblemSink } from './json-rows';
import { setAside } from './set-aside';

export const LEGACY_ROOMS_FILE = 'room-behaviours.json';
export const LEGACY_DISCOVERY_FILE = 'discovery.json';

const RoomsFile = z.object({ behaviours: z.array(z.unknown()).default([]), people: z.array(z.unknown()).default([]) });
const DiscoveryFile = z.object({
  version: z.literal(1),
  added: z.array(z.unknown()),
  ignored: z.array(z.unknown()),
});
const IgnoredId = z.string().min(1).max(300);

interface Valid<T> {
  items: T[];
  skipped: string[];
}

/** Each entry through its schema; the invalid ones named by where they were in the file. */
function sortOut<S extends z.ZodType>(entries: readonly unknown[], schema: S, label: string): Valid<z.infer<S>> {
  const out: Valid<z.infer<S>> = { items: [], skipped: [] };
  entries.forEach((entry, i) => {
    const parsed = schema.safeParse(entry);
    if (parsed.success) out.items.push(parsed.data);
    else out.skipped.push(`${label}[${i}]: ${zodSummary(parsed.error)}`);
  });
  return out;
}

interface LegacyFile<Shape> {
  name: string;
  /** What the person lost if it does not migrate, for the message. */
  what: string;
  shape: z.ZodType<Shape>;
  /** Writes the valid entries (inside the migration's transaction); returns what was skipped. */
  write(db: SqliteDatabase, data: Shape, now: number): string[];
}

const ROOMS: LegacyFile<z.infer<typeof RoomsFile>> = {
  name: LEGACY_ROOMS_FILE,
  what: 'room behaviours and people',
  shape: RoomsFile,
  write(db, data, now) {
    carryCurveLocation(db, data.behaviours);
    const behaviours = sortOut(data.behaviours, RoomBehaviour, 'behaviours');
    const people = sortOut(data.people, Person, 'people');
    const behaviour = db.prepare(
      `INSERT INTO room_behaviours (room_id, behaviour, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET behaviour = excluded.behaviour, updated_at = excluded.updated_at`,
    );
    for (const b of behaviours.items) behaviour.run(b.roomId, JSON.stringify(b), now);
    const person = db.prepare(
      `INSERT INTO people (id, person, position, updated_at)
       VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM people), ?)
       ON CONFLICT (id) DO UPDATE SET person = excluded.person, updated_at = excluded.updated_at`,
    );
    for (const p of people.items) person.run(p.id, JSON.stringify(p), now);
    return [...behaviours.skipped, ...people.skipped];
  },
};

/**
 * 0.1 kept a latitude/longitude on each circadian curve; the home's location is one setting now.
 * The first valid pair found in 0.1 behaviours (a file or a version-1 backup) becomes it.
 */
export function legacyCurveLocation(behaviours: unknown): Location | undefined {
  if (!Array.isArray(behaviours)) return undefined;
  for (const entry of behaviours) {
    const curve = LegacyCurve.safeParse(entry);
    if (curve.success) return { latitude: curve.data.lighting.curve.latitude, longitude: curve.data.lighting.curve.longitude };
  }
  return undefined;
}

/** Unless the person has already set a location. */
function carryCurveLocation(db: SqliteDatabase, behaviours: readonly unknown[]): void {
  if (db.prepare("SELECT 1 FROM settings WHERE key = 'location'").get() !== undefined) return;
  const location = legacyCurveLocation(behaviours);
  if (location) db.prepare("INSERT INTO settings (key, value) VALUES ('location', ?)").run(JSON.stringify(location));
}

const LegacyCurve = z.object({
  lighting: z.object({
    curve: z.object({ kind: z.literal('circadian'), latitude: Location.shape.latitude, longitude: Location.shape.longitude }),
  }),
});

const DISCOVERY: LegacyFile<z.infer<typeof DiscoveryFile>> = {
  name: LEGACY_DISCOVERY_FILE,
  what: 'added and ignored devices',
  shape: DiscoveryFile,
  write(db, data, now) {
    const added = sortOut(data.added, AddedDeviceSchema, 'added');
    const ignored = sortOut(data.ignored, IgnoredId, 'ignored');
    const device = db.prepare(
      `INSERT INTO discovery_added (id, device, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET device = excluded.device, updated_at = excluded.updated_at`,
    );
    for (const d of added.items) device.run(d.id, JSON.stringify(d), now);
    const ignore = db.prepare('INSERT OR IGNORE INTO discovery_ignored (id) VALUES (?)');
    for (const id of ignored.items) ignore.run(id);
    return [...added.skipped, ...ignored.skipped];
  },
};

/** Moves every JSON file from before into the store; problems go to `report`. */
export function migrateLegacyJson(db: SqliteDatabase, dataDir: string, now: () => number, report: ProblemSink): void {
  migrateOne(db, dataDir, ROOMS, now, report);
  migrateOne(db, dataDir, DISCOVERY, now, report);
}

function migrateOne<Shape>(
  db: SqliteDatabase,
  dataDir: string,
  file: LegacyFile<Shape>,
  now: () => number,
  report: ProblemSink,
): void {
  const path = join(dataDir, file.name);
  if (!existsSync(path)) return;
  const done = db.prepare('SELECT 1 FROM legacy_imports WHERE file = ?').get(file.name) !== undefined;
  if (done) {
    setAside(path, 'migrated', now());
    return;
  }
  let data: Shape | undefined;
  let why: string | undefined;
  try {
    const parsed = file.shape.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) data = parsed.data;
    else why = zodSummary(parsed.error);
  } catch (error) {
    why = error instanceof Error ? error.message : String(error);
  }
  if (data === undefined) {
    const aside = setAside(path, 'corrupt', now());
    report({
      kind: 'damaged',
      setAsidePath: aside,
      message: `The ${file.what} in ${path} could not be read (${why}); the file was kept as ${aside} and nothing from it was imported.`,
    });
    return;
  }
  const skipped = db.transaction(() => {
    const out = file.write(db, data, now());
    db.prepare('INSERT INTO legacy_imports (file, imported_at) VALUES (?, ?)').run(file.name, now());
    return out;
  })();
  if (skipped.length === 0) {
    setAside(path, 'migrated', now());
    return;
  }
  const aside = setAside(path, 'corrupt', now());
  report({
    kind: 'damaged',
    setAsidePath: aside,
    message:
      `Some ${file.what} in ${path} could not be read and were left out (${skipped.slice(0, 5).join('; ')}` +
      `${skipped.length > 5 ? `; and ${skipped.length - 5} more` : ''}); the rest moved into the store and the file was kept as ${aside}.`,
  });
}
