/**
 * What restoring a backup would change: the hub as it is now (its own export) against a validated
 * backup, section by section, with the names a person knows. Pure: previewRestore shows it before
 * anything is applied, and the restore report counts the same changes afterwards.
 *
 * A section the backup does not have (a 0.1 backup without people) leaves that part of the hub as it
 * is, exactly as importBackup does, so it contributes no changes.
 */
import type { Automation, DeviceOverride, Person, RestoreChange, Room, RoomBehaviour, Scene, Settings } from '../model';
import type { DiscoveryDecisions } from './discovery-decisions';

/** What the diff reads of a backup (export-import.ts's Backup); `incoming` may lack the sections 0.1 did not have. */
export interface BackupContent {
  settings: Settings;
  rooms: readonly Room[];
  devices: readonly (DeviceOverride & { id: string })[];
  behaviours?: readonly RoomBehaviour[];
  people?: readonly Person[];
  discovery?: DiscoveryDecisions;
  automations?: readonly Automation[];
  scenes?: readonly Scene[];
}
type Backup = Required<BackupContent>;

export interface DiffNames {
  /** The device's name as the hub knows it (the registry), when the override does not name it. */
  device(id: string): string | undefined;
}

const SETTING_LABELS: Record<keyof Settings, string> = {
  mqttUrl: 'Broker URL',
  mqttUsername: 'Broker username',
  units: 'Units',
  location: 'Home location',
  theme: 'Theme',
  historyRawDays: 'History kept in full',
  timeFormat: 'Time format',
  traceDays: 'Automation traces kept',
  timeZone: 'Time zone',
  brokerLan: 'Broker on the network',
};

/** Stable JSON (keys sorted), so two objects that differ only in key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted paths of the fields that differ, descending into objects `depth` levels (arrays compare whole). */
export function changedFields(before: unknown, after: unknown, depth = 2, prefix = ''): string[] {
  if (canonical(before) === canonical(after)) return [];
  if (depth === 0 || !isPlainObject(before) || !isPlainObject(after)) return prefix ? [prefix] : [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => changedFields(before[key], after[key], depth - 1, prefix ? `${prefix}.${key}` : key));
}

/** Added, removed and changed items of one section, matched by id, in the backup's order then the hub's. */
function diffById<T>(
  section: RestoreChange['section'],
  current: readonly T[],
  incoming: readonly T[],
  id: (item: T) => string,
  name: (item: T, side: 'current' | 'incoming') => string,
  compare: (before: T, after: T) => string[] = (before, after) => changedFields(before, after),
): RestoreChange[] {
  const now = new Map(current.map((item) => [id(item), item]));
  const next = new Map(incoming.map((item) => [id(item), item]));
  const out: RestoreChange[] = [];
  for (const [key, item] of next) {
    const before = now.get(key);
    if (before === undefined) out.push({ section, change: 'added', id: key, name: name(item, 'incoming') });
    else {
      const fields = compare(before, item);
      if (fields.length) out.push({ section, change: 'changed', id: key, name: name(item, 'incoming'), fields });
    }
  }
  for (const [key, item] of now)
    if (!next.has(key)) out.push({ section, change: 'removed', id: key, name: name(item, 'current') });
  return out;
}

/** Every change restoring `incoming` would make to a hub whose own export is `current`. */
export function diffBackup(current: Backup, incoming: BackupContent, names: DiffNames): RestoreChange[] {
  const roomName = (id: string) =>
    incoming.rooms.find((r) => r.id === id)?.name ?? current.rooms.find((r) => r.id === id)?.name ?? id;
  const changes: RestoreChange[] = [];
  changes.push(
    ...diffById(
      'rooms',
      current.rooms,
      incoming.rooms,
      (r) => r.id,
      (r) => r.name,
    ),
  );
  if (incoming.people)
    changes.push(
      ...diffById(
        'people',
        current.people,
        incoming.people,
        (p) => p.id,
        (p) => p.name,
      ),
    );
  if (incoming.behaviours)
    changes.push(
      ...diffById(
        'behaviours',
        current.behaviours,
        incoming.behaviours,
        (b) => b.roomId,
        (b) => roomName(b.roomId),
        (before, after) => changedFields(before, after, 2).filter((f) => f !== 'roomId'),
      ),
    );
  type Override = DeviceOverride & { id: string };
  const deviceName = (d: Override) => d.name ?? names.device(d.id) ?? d.id;
  changes.push(...diffById<Override>('devices', current.devices, incoming.devices, (d) => d.id, deviceName));
  const settingsOf = (s: Settings) =>
    (Object.keys(s) as (keyof Settings)[]).filter((k) => s[k] !== undefined).map((key) => ({ key, value: s[key] }));
  changes.push(
    ...diffById(
      'settings',
      settingsOf(current.settings),
      settingsOf(incoming.settings),
      (s) => s.key,
      (s) => SETTING_LABELS[s.key] ?? s.key,
      (before, after) => (canonical(before.value) === canonical(after.value) ? [] : ['value']),
    ),
  );
  if (incoming.discovery) {
    changes.push(
      ...diffById(
        'discovery',
        current.discovery.added,
        incoming.discovery.added,
        (d) => d.id,
        (d) => d.name || d.id,
      ),
    );
    const ignored = (ids: readonly string[]) => ids.map((id) => ({ id }));
    changes.push(
      ...diffById(
        'discovery',
        ignored(current.discovery.ignored),
        ignored(incoming.discovery.ignored),
        (d) => `ignored:${d.id}`,
        (d) => `${d.id} (ignored)`,
      ),
    );
  }
  for (const section of ['automations', 'scenes'] as const) {
    const incomingItems = incoming[section];
    if (!incomingItems) continue;
    changes.push(
      ...diffById<Automation | Scene>(
        section,
        current[section],
        incomingItems,
        (a) => a.id,
        (a) => a.name,
      ),
    );
  }
  return changes;
}
