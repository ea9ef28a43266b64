/**
 * One JSON backup of what people set up: settings, rooms, device overrides, room behaviours,
 * people and discovery decisions (added and ignored LAN devices). Never secrets, and not the
 * learned heating/cooling rates (they belong to the building, and are relearned in a few days).
 * Restoring validates everything first (zod, then cross-references) and reports every problem
 * with its exact path ("rooms[2].kind: …", "people[1].lighting[0].kelvin: …"); then all of it is
 * applied in ONE SQLite transaction: a crash, kill -9 or error in the middle leaves the old state
 * whole (core/store/hub-crash.test.ts proves it on the real hub process).
 *
 * Versions: 1 (Homeroom 0.1: behaviours and people optional), 2 (no automations or scenes) and 3
 * (everything: people's automations and scenes too; never their traces; meeting rooms' calendars — their source
 * and URL or uploaded file, never the CalDAV username and password — since Homeroom 0.4, optional). Sections a
 * backup does not have (an older one) leave that part of the hub as it is.
 */
import { z } from 'zod';
import {
  Automation,
  CalendarConfig,
  countChanges,
  DeviceOverride,
  Person,
  restoreSummary,
  Room,
  RoomBehaviour,
  Scene,
  type RestoreChange,
  type RestoreCounts,
} from '../model';
import { diffBackup, type DiffNames } from './backup-diff';
import type { AutomationStore, SceneStore } from './automations';
import type { CalendarStore } from './calendars';
import type { SqliteDatabase } from './database';
import type { DeviceOverrideStore } from './device-overrides';
import { DiscoveryDecisions, type DiscoveryDecisionStore } from './discovery-decisions';
import type { RoomBehaviourStore } from './room-behaviours';
import type { RoomStore } from './rooms';
import { legacyCurveLocation } from './legacy-json';
import { Settings, type SettingsStore } from './settings';

export const BACKUP_FORMAT = 'homeroom-backup';
export const BACKUP_VERSION = 3;

const common = {
  format: z.literal(BACKUP_FORMAT),
  exportedAt: z.string().optional(),
  settings: Settings,
  rooms: z.array(Room.strict()).max(1000),
  devices: z.array(DeviceOverride.extend({ id: z.string().min(1).max(300) }).strict()).max(10_000),
};
const Behaviours = z.array(RoomBehaviour.strict()).max(1000);
const People = z.array(Person.strict()).max(1000);

const Automations = z.array(Automation).max(1000);
const Scenes = z.array(Scene).max(1000);
const Calendars = z.array(z.object({ roomId: z.string().min(1).max(100), config: CalendarConfig }).strict()).max(1000);

/** Homeroom 0.1's backup; its behaviours and people sections came later and may be absent. */
const BackupV1 = z
  .object({ ...common, version: z.literal(1), behaviours: Behaviours.optional(), people: People.optional() })
  .strict();

/** Before automations and scenes. */
const BackupV2 = z
  .object({
    ...common,
    version: z.literal(2),
    behaviours: Behaviours,
    people: People,
    discovery: DiscoveryDecisions,
  })
  .strict();

export const Backup = z
  .object({
    ...common,
    version: z.literal(BACKUP_VERSION),
    /** Room behaviours (occupancy, lighting, climate, media). */
    behaviours: Behaviours,
    /** People and their preferences. */
    people: People,
    /** Added LAN devices (address, pairing data; their passwords are secrets and stay out) and ignored ones. */
    discovery: DiscoveryDecisions,
    /** People's automations, in the one JSON form. */
    automations: Automations,
    scenes: Scenes,
    /** Meeting rooms' calendars (no credentials: they are secrets). Absent in backups made before calendars. */
    calendars: Calendars.optional(),
  })
  .strict();
export type Backup = z.infer<typeof Backup>;

/** A validated backup of any known version; an absent section leaves that part as it is. */
export type Restorable = z.infer<typeof BackupV1> | z.infer<typeof BackupV2> | Backup;

export interface ImportProblem {
  /** Where in the backup, e.g. `rooms[2].kind` (empty for the whole file). */
  path: string;
  message: string;
}

/** How many items of each kind the restored backup holds (0 for a section it does not have and so left as it was). */
export interface AppliedCounts {
  settings: number;
  rooms: number;
  devices: number;
  behaviours: number;
  people: number;
  discovery: number;
}

export type ImportReport =
  { ok: true; applied: AppliedCounts; changes: RestoreCounts; summary: string } | { ok: false; problems: ImportProblem[] };

export type RestorePreview =
  | { ok: true; changes: RestoreChange[]; counts: RestoreCounts; summary: string; exportedAt?: string; version: number }
  | { ok: false; problems: ImportProblem[] };

export interface BackupStores {
  db: SqliteDatabase;
  settings: SettingsStore;
  rooms: RoomStore;
  overrides: DeviceOverrideStore;
  roomBehaviours: RoomBehaviourStore;
  discoveryDecisions: DiscoveryDecisionStore;
  automations: AutomationStore;
  scenes: SceneStore;
  /** Room calendars; without it a backup has no calendars section and a restore leaves them as they are. */
  calendars?: CalendarStore;
}

export function exportBackup(stores: BackupStores, now: number): Backup {
  const rooms = stores.rooms.list();
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: stores.settings.all(),
    rooms,
    devices: [...stores.overrides.all()].map(([id, override]) => ({ id, ...override })),
    ...roomsPart(stores.roomBehaviours, new Set(rooms.map((r) => r.id))),
    discovery: stores.discoveryDecisions.load(),
    automations: stores.automations.list(),
    scenes: stores.scenes.list(),
    ...calendarsPart(stores.calendars, new Set(rooms.map((r) => r.id))),
  };
}

/** The calendars of the exported rooms; no section at all for a hub without calendars (its backups stay as they were). */
function calendarsPart(store: CalendarStore | undefined, roomIds: ReadonlySet<string>): Pick<Backup, 'calendars'> {
  const calendars = store?.list().filter((c) => roomIds.has(c.roomId)) ?? [];
  return calendars.length ? { calendars } : {};
}

/**
 * Behaviours and people as a backup holds them, consistent with the rooms exported beside them (so a
 * hub's own backup always imports): behaviours of deleted rooms are left out, a person in a deleted
 * room is in none, and preferences for deleted rooms are left out.
 */
function roomsPart(repository: RoomBehaviourStore, roomIds: ReadonlySet<string>): Pick<Backup, 'behaviours' | 'people'> {
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
): { backup: Restorable; problems: [] } | { backup?: undefined; problems: ImportProblem[] } {
  // A version-1 backup is read as one; anything else is checked against today's format.
  const version = typeof input === 'object' && input !== null && 'version' in input ? input.version : undefined;
  const parsed = (version === 1 ? BackupV1 : version === 2 ? BackupV2 : Backup).safeParse(input);
  // 0.1 kept the home's location on its circadian curves; today it is a setting.
  if (parsed.success && version === 1 && !parsed.data.settings.location) {
    const location = legacyCurveLocation((input as { behaviours?: unknown }).behaviours);
    if (location) parsed.data.settings.location = location;
  }
  const problems: ImportProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) }));
  // Cross-references, checked on whatever is there so one report lists everything.
  const loose = (typeof input === 'object' && input !== null ? input : {}) as Record<
    'rooms' | 'devices' | 'behaviours' | 'people' | 'discovery' | 'automations' | 'scenes' | 'calendars',
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
  const discovery = (typeof loose.discovery === 'object' && loose.discovery !== null ? loose.discovery : {}) as Record<
    'added',
    unknown
  >;
  const addedIds = new Map<unknown, number>();
  items(discovery.added).forEach((device, i) => {
    if (typeof device.id !== 'string') return;
    if (addedIds.has(device.id))
      problems.push({
        path: `discovery.added[${i}].id`,
        message: `duplicate device "${device.id}" (also discovery.added[${addedIds.get(device.id)}])`,
      });
    else addedIds.set(device.id, i);
  });
  const calendarRooms = new Map<unknown, number>();
  items(loose.calendars).forEach((calendar, i) => {
    if (typeof calendar.roomId !== 'string') return;
    if (calendarRooms.has(calendar.roomId))
      problems.push({
        path: `calendars[${i}].roomId`,
        message: `duplicate calendar for room "${calendar.roomId}" (also calendars[${calendarRooms.get(calendar.roomId)}])`,
      });
    else calendarRooms.set(calendar.roomId, i);
    if (notAmongRooms(calendar.roomId))
      problems.push({
        path: `calendars[${i}].roomId`,
        message: `room "${calendar.roomId}" is not among the rooms of this backup`,
      });
  });
  for (const section of ['automations', 'scenes'] as const) {
    const ids = new Map<unknown, number>();
    items(loose[section]).forEach((item, i) => {
      if (typeof item.id !== 'string') return;
      if (ids.has(item.id))
        problems.push({
          path: `${section}[${i}].id`,
          message: `duplicate id "${item.id}" (also ${section}[${ids.get(item.id)}])`,
        });
      else ids.set(item.id, i);
    });
  }
  if (!parsed.success || problems.length) return { problems };
  return { backup: parsed.data, problems: [] };
}

/** What restoring `input` would change, without applying anything; a backup that would be refused lists its problems. */
export function previewBackup(stores: BackupStores, input: unknown, names: DiffNames, now: number): RestorePreview {
  const { backup, problems } = validateBackup(input);
  if (!backup) return { ok: false, problems };
  const changes = diffBackup(exportBackup(stores, now), backup, names);
  return {
    ok: true,
    changes,
    counts: countChanges(changes),
    summary: restoreSummary(changes),
    ...(backup.exportedAt ? { exportedAt: backup.exportedAt } : {}),
    version: backup.version,
  };
}

/**
 * Restores a backup: nothing unless all of it is valid, then everything in one SQLite transaction
 * (FULL-synced: committed when this returns). The in-memory copies (behaviours and people for the
 * rooms runner, Discovery's devices) are refreshed only after the commit, so an error in the middle
 * leaves the hub exactly as it was. The caller refreshes the registry's overrides and rooms.
 */
export function importBackup(
  stores: BackupStores,
  input: unknown,
  names: DiffNames = { device: () => undefined },
  now = Date.now(),
): ImportReport {
  const { backup, problems } = validateBackup(input);
  if (!backup) return { ok: false, problems };
  const changes = diffBackup(exportBackup(stores, now), backup, names);
  const { behaviours, people } = backup;
  const discovery = 'discovery' in backup ? backup.discovery : undefined;
  const automations = 'automations' in backup ? backup.automations : undefined;
  const scenes = 'scenes' in backup ? backup.scenes : undefined;
  const calendars = 'calendars' in backup ? backup.calendars : undefined;
  const withRooms = behaviours !== undefined || people !== undefined;
  stores.db.transaction(() => {
    stores.overrides.replaceAll([]);
    stores.rooms.replaceAll(backup.rooms);
    stores.settings.replaceAll(backup.settings);
    stores.overrides.replaceAll(backup.devices.map(({ id, ...override }) => [id, override]));
    if (withRooms)
      stores.roomBehaviours.writeAll({
        behaviours: behaviours ?? stores.roomBehaviours.behaviours(),
        people: people ?? stores.roomBehaviours.people(),
      });
    if (discovery) stores.discoveryDecisions.writeAll(discovery);
    if (automations) stores.automations.writeAll(automations);
    if (scenes) stores.scenes.writeAll(scenes);
    if (calendars && stores.calendars) stores.calendars.replaceAll(calendars);
  })();
  if (withRooms) stores.roomBehaviours.reload();
  if (discovery) stores.discoveryDecisions.replaced();
  if (automations) stores.automations.reload();
  if (scenes) stores.scenes.reload();
  return {
    ok: true,
    applied: {
      settings: Object.keys(backup.settings).length,
      rooms: backup.rooms.length,
      devices: backup.devices.length,
      behaviours: behaviours?.length ?? 0,
      people: people?.length ?? 0,
      discovery: discovery ? discovery.added.length + discovery.ignored.length : 0,
    },
    changes: countChanges(changes),
    summary: restoreSummary(changes, 'done'),
  };
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}
