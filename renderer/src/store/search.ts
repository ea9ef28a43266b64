/** Search and room grouping for the dashboard: pure functions over devices. */
import { cleanText, type Device, type Room } from '../../../core/model';
import { tileKindOf, TILE_KIND_LABELS } from './tile-kind';

export const UNASSIGNED_KEY = '';
export const UNASSIGNED_TITLE = 'Unassigned';

/** Room id → name, from the rooms people made. */
export type RoomNames = ReadonlyMap<string, string>;

export function roomNames(rooms: readonly Room[]): RoomNames {
  return new Map(rooms.map((r) => [r.id, cleanText(r.name, 100) || r.id]));
}

export function roomTitle(roomId: string | undefined, names?: RoomNames): string {
  const named = roomId ? names?.get(roomId) : undefined;
  if (named) return named;
  const cleaned = cleanText(roomId ?? '');
  if (!cleaned) return UNASSIGNED_TITLE;
  const words = cleaned.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function deviceName(device: Pick<Device, 'name' | 'id'>): string {
  return cleanText(device.name) || cleanText(device.id) || 'Unnamed device';
}

function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Every word of the query must appear in the device's name, room or kind. */
export function matchesQuery(device: Device, query: string, names?: RoomNames): boolean {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const tileKind = tileKindOf(device);
  const haystack = normalize(
    [
      deviceName(device),
      device.roomId ? roomTitle(device.roomId, names) : UNASSIGNED_TITLE,
      device.kind,
      tileKind,
      TILE_KIND_LABELS[tileKind],
    ].join(' '),
  );
  return words.every((word) => haystack.includes(word));
}

export type RoomGroup = { key: string; title: string; ids: string[] };

/**
 * Devices grouped by room, rooms by name (from `names`, the rooms people made), "Unassigned" last.
 * Hidden devices are left out unless asked for.
 */
export function groupByRoom(devices: Iterable<Device>, query = '', names?: RoomNames, showHidden = false): RoomGroup[] {
  const groups = new Map<string, { title: string; devices: Device[] }>();
  for (const device of devices) {
    if (device.hidden && !showHidden) continue;
    if (!matchesQuery(device, query, names)) continue;
    const key = cleanText(device.roomId ?? '') ? (device.roomId as string) : UNASSIGNED_KEY;
    let group = groups.get(key);
    if (!group) {
      group = { title: roomTitle(key, names), devices: [] };
      groups.set(key, group);
    }
    group.devices.push(device);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => {
      if ((ka === UNASSIGNED_KEY) !== (kb === UNASSIGNED_KEY)) return ka === UNASSIGNED_KEY ? 1 : -1;
      return byName(a.title, b.title) || byName(ka, kb);
    })
    .map(([key, group]) => ({
      key,
      title: group.title,
      ids: group.devices.sort((a, b) => byName(deviceName(a), deviceName(b)) || byName(a.id, b.id)).map((d) => d.id),
    }));
}
