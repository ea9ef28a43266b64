/**
 * One JSON backup of what people set up: settings, rooms, device overrides, and — from the rooms
 * repository (core/automations/rooms/repository.ts) — room behaviours and people. Never secrets.
 * Restoring validates everything first (zod, then cross-references) and reports every problem
 * with its exact path ("rooms[2].kind: …", "people[1].lighting[0].kelvin: …"); nothing is applied
 * unless all of it is valid. Then the store part is applied in one transaction and the rooms
 * repository part right after it (see importBackup for what happens if that second write fails).
 * Backups from before behaviours and people were included (no such sections) stay importable:
 * they leave behaviours and people as they are.
 */
import { z } from 'zod';
import type { RoomBehaviourRepository } from '../automations/rooms/repository';
import { DeviceOverride, Person, Room, RoomBehaviour } from '../model';
import type { SqliteDatabase } from './database';
import type { DeviceOverrideStore } from './device-overrides';
import type { RoomStore } from './rooms';
import { Settings, type SettingsStore } from './settings';

export const BACKUP_FORMAT = 'homeroom-backup';
export const BACKUP_VERSION = 1;

export const Backup = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    exportedAt: z.string().optional(),
    settings: Settings,
    rooms: z.array(Room.strict()).max(1000),
    devices: z.array(DeviceOverride.extend({ id: z.string().min(1).max(300) }).strict()).max(10_000),
    /** Room behaviours (occupancy, lighting, climate, media); absent in older backups. */
    behaviours: z.array(RoomBehaviour.strict()).max(1000).optional(),
    /** People and their preferences; absent in older backups. */
    people: z.array(Person.strict()).max(1000).optional(),
  })
  .strict();
export type Backup = z.infer<typeof Backup>;

export interface ImportProblem {
  /** Where in the backup, e.g. `rooms[2].kind` (empty for the whole file). */
  path: string;
  message: string;
}

export type ImportReport =
  { ok: true; applied: { settings: number; rooms: number; devices: number } } | { ok: false; problems: ImportProblem[] };

export interface BackupStores {
  db: SqliteDatabase;
  settings: SettingsStore;
  rooms: RoomStore;
  overrides: DeviceOverrideStore;
  /** Room behaviours and people. Without it they are neither exported nor restored. */
  roomBehaviours?: RoomBehaviourRepository;
}

/** Thrown when the store part was restored but the rooms repository part could not be written. */
export class PartialImportError extends Error {
  override name = 'PartialImportError';
}

export function exportBackup(stores: BackupStores, now: number): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: stores.settings.all(),
    rooms: stores.rooms.list(),
    devices: [...stores.overrides.all()].map(([id, override]) => ({ id, ...override })),
    ...(stores.roomBehaviours ? roomsPart(stores.roomBehaviours, new Set(stores.rooms.list().map((r) => r.id))) : {}),
  };
}

/**
 * Behaviours and people as a backup holds them, consistent with the rooms exported beside them (so a
 * hub's own backup always imports): behaviours of deleted rooms are left out, a person in a deleted
 * room is in none, and preferences for deleted rooms are left out.
 */
function roomsPart(repository: RoomBehaviourRepository, roomIds: ReadonlySet<string>): Pick<Backup, 'behaviours' | 'people'> {
  return {
    behaviours: repository.behaviours().filter((b) => roomIds.has(b.roomId)),
    people: repository.people().map((person) => ({
      ...person,
      roomId: person.roomId !== null && roomIds.has(person.roomId) ? person.roomId : null,
      lighting: person.lighting.filter((pref) => pref.roomId === undefined || roomIds.has(pref.roomId)),
    })),
  };
}

/** `rooms[2].kind`, `devices[0]["name"]`… */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** Validates without applying. */
export function validateBackup(
  input: unknown,
): { backup: Backup; problems: [] } | { backup?: undefined; problems: ImportProblem[] } {
  const parsed = Backup.safeParse(input);
  const problems: ImportProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) }));
  // Cross-references, checked on whatever is there so one report lists everything.
  const loose = (typeof input === 'object' && input !== null ? input : {}) as Record<
    'rooms' | 'devices' | 'behaviours' | 'people',
    unknown
  >;
  const items = (value: unknown) =>
    (Array.isArray(value) ? value : []).map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}));
  const roomIds = new Map<unknown, number>();
  items(loose.rooms).forEach((room, i) => {
    if (typeof room.id !== 'string') return;
    if (roomIds.has(room.id))
      problems.push({ path: `rooms[${i}].id`, message: `duplicate room id "${room.id}" (also rooms[${roomIds.get(room.id)}])` });
    else roomIds.set(room.id, i);
    if (typeof room.name === 'string' && room.name.length > 0 && !room.name.trim())
      problems.push({ path: `rooms[${i}].name`, message: 'a room needs a name' });
  });
  const deviceIds = new Map<unknown, number>();
  items(loose.devices).forEach((device, i) => {
    if (typeof device.id === 'string') {
      if (deviceIds.has(device.id))
        problems.push({
          path: `devices[${i}].id`,
          message: `duplicate device "${device.id}" (also devices[${deviceIds.get(device.id)}])`,
        });
      else deviceIds.set(device.id, i);
    }
    if (typeof device.roomId === 'string' && !roomIds.has(device.roomId))
      problems.push({ path: `devices[${i}].roomId`, message: `room "${device.roomId}" is not among the rooms of this backup` });
  });
  const notAmongRooms = (roomId: unknown) => typeof roomId === 'string' && !roomIds.has(roomId);
  const behaviourRooms = new Map<unknown, number>();
  items(loose.behaviours).forEach((behaviour, i) => {
    if (typeof behaviour.roomId !== 'string') return;
    if (behaviourRooms.has(behaviour.roomId))
      problems.push({
        path: `behaviours[${i}].roomId`,
        message: `duplicate behaviour for room "${behaviour.roomId}" (also behaviours[${behaviourRooms.get(behaviour.roomId)}])`,
      });
    else behaviourRooms.set(behaviour.roomId, i);
    if (notAmongRooms(behaviour.roomId))
      problems.push({
        path: `behaviours[${i}].roomId`,
        message: `room "${behaviour.roomId}" is not among the rooms of this backup`,
      });
  });
  const personIds = new Map<unknown, number>();
  items(loose.people).forEach((person, i) => {
    if (typeof person.id === 'string') {
      if (personIds.has(person.id))
        problems.push({
          path: `people[${i}].id`,
          message: `duplicate person "${person.id}" (also people[${personIds.get(person.id)}])`,
        });
      else personIds.set(person.id, i);
    }
    if (typeof person.name === 'string' && person.name.length > 0 && !person.name.trim())
      problems.push({ path: `people[${i}].name`, message: 'a person needs a name' });
    if (notAmongRooms(person.roomId))
      problems.push({
        path: `people[${i}].roomId`,
        message: `room "${String(person.roomId)}" is not among the rooms of this backup`,
      });
    items(person.lighting).forEach((pref, j) => {
      if (notAmongRooms(pref.roomId))
        problems.push({
          path: `people[${i}].lighting[${j}].roomId`,
          message: `room "${String(pref.roomId)}" is not among the rooms of this backup`,
        });
    });
  });
  if (!parsed.success || problems.length) return { problems };
  return { backup: parsed.data, problems: [] };
}

/**
 * Restores a backup: nothing unless all of it is valid. The store part (settings, rooms, device
 * overrides) is applied in one SQLite transaction; the rooms repository part (behaviours, people)
 * right after it, as one write of room-behaviours.json (temporary file, fsync, rename).
 *
 * The two cannot share one transaction, so this is as safe as that allows: both parts are fully
 * validated before either is applied (the zod schemas above are the ones the repository parses
 * with, and every cross-reference is checked), so the second part can fail only on I/O (disk full,
 * permissions). If it does, the store part stays restored, the repository keeps its previous
 * behaviours and people both on disk (the old file is only ever replaced by a rename) and in memory,
 * and a PartialImportError says exactly that. A crash between the two leaves the same state.
 * A backup without these sections leaves the repository as it is.
 */
export function importBackup(stores: BackupStores, input: unknown): ImportReport {
  const { backup, problems } = validateBackup(input);
  if (!backup) return { ok: false, problems };
  stores.db.transaction(() => {
    stores.overrides.replaceAll([]);
    stores.rooms.replaceAll(backup.rooms);
    stores.settings.replaceAll(backup.settings);
    stores.overrides.replaceAll(backup.devices.map(({ id, ...override }) => [id, override]));
  })();
  if (stores.roomBehaviours && (backup.behaviours !== undefined || backup.people !== undefined)) {
    const repository = stores.roomBehaviours;
    try {
      repository.replaceAll({
        behaviours: backup.behaviours ?? repository.behaviours(),
        people: backup.people ?? repository.people(),
      });
    } catch (error) {
      throw new PartialImportError(
        `Settings, rooms and devices were restored, but room behaviours and people could not be saved ` +
          `(${error instanceof Error ? error.message : String(error)}); they are unchanged`,
        { cause: error },
      );
    }
  }
  return {
    ok: true,
    applied: { settings: Object.keys(backup.settings).length, rooms: backup.rooms.length, devices: backup.devices.length },
  };
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}
