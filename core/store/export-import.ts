/**
 * One JSON backup of what people set up: settings, rooms and device overrides. Never secrets.
 * Restoring validates everything first (zod, then cross-references) and reports every problem
 * with its exact path ("rooms[2].kind: …"); nothing is applied unless all of it is valid, and
 * then all of it is applied in one transaction.
 */
import { z } from 'zod';
import { DeviceOverride, Room } from '../model';
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
}

export function exportBackup(stores: BackupStores, now: number): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: stores.settings.all(),
    rooms: stores.rooms.list(),
    devices: [...stores.overrides.all()].map(([id, override]) => ({ id, ...override })),
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
  const loose = (typeof input === 'object' && input !== null ? input : {}) as { rooms?: unknown; devices?: unknown };
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
  if (!parsed.success || problems.length) return { problems };
  return { backup: parsed.data, problems: [] };
}

export function importBackup(stores: BackupStores, input: unknown): ImportReport {
  const { backup, problems } = validateBackup(input);
  if (!backup) return { ok: false, problems };
  stores.db.transaction(() => {
    stores.overrides.replaceAll([]);
    stores.rooms.replaceAll(backup.rooms);
    stores.settings.replaceAll(backup.settings);
    stores.overrides.replaceAll(backup.devices.map(({ id, ...override }) => [id, override]));
  })();
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
