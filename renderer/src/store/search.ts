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

/**
 * What grouping, sorting and search need of one device, computed once per change of its name,
 * room, kind or hidden flag (not per state update): the cleaned name, its room's key and the
 * normalised words search looks through.
 */
export type DeviceEntry = {
  id: string;
  roomKey: string;
  name: string;
  hidden: boolean;
  kind: string;
  /** Normalised name, kind and tile kind; the room's title is added per group. */
  haystack: string;
  /** The name folded for sorting (case and accents ignored, numbers by value), compared with `<`. */
  sortKey: string;
};

/** Case- and accent-folded, digit runs padded so "Room 10" sorts after "Room 9" by plain comparison. */
export function sortKey(text: string): string {
  return normalize(text).replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(16, '0'));
}

// Devices are replaced, never mutated: an entry made once per device object holds.
const entries = new WeakMap<Device, DeviceEntry>();

/** The entry of this device object, made once (pages make them as they arrive, the index reuses them). */
export function deviceEntry(device: Device): DeviceEntry {
  let entry = entries.get(device);
  if (!entry) entries.set(device, (entry = makeEntry(device)));
  return entry;
}

function makeEntry(device: Device): DeviceEntry {
  const tileKind = tileKindOf(device);
  const name = deviceName(device);
  return {
    id: device.id,
    roomKey: cleanText(device.roomId ?? '') ? (device.roomId as string) : UNASSIGNED_KEY,
    name,
    hidden: !!device.hidden,
    kind: `${device.kind} ${tileKind}`,
    haystack: normalize([name, device.kind, tileKind, TILE_KIND_LABELS[tileKind]].join(' ')),
    sortKey: sortKey(name),
  };
}

/** Whether two versions of a device agree on every field `deviceEntry` reads (then their entries are equal). */
export function sameEntryInputs(a: Device, b: Device): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.roomId === b.roomId &&
    !!a.hidden === !!b.hidden &&
    a.kind === b.kind &&
    tileKindOf(a) === tileKindOf(b)
  );
}

/** Whether a new version of a device changes anything `deviceEntry` holds. */
export function sameEntry(entry: DeviceEntry, device: Device): boolean {
  const next = deviceEntry(device);
  return (
    entry.roomKey === next.roomKey &&
    entry.name === next.name &&
    entry.hidden === next.hidden &&
    entry.kind === next.kind &&
    entry.haystack === next.haystack
  );
}

const queryWords = (query: string) => normalize(query).split(/\s+/).filter(Boolean);
const roomHaystack = (key: string, names?: RoomNames) => normalize(key ? roomTitle(key, names) : UNASSIGNED_TITLE);
// A word never holds a space, so looking in the two parts apart finds what one joined string would.
const matchesWords = (words: readonly string[], entry: DeviceEntry, room: string) =>
  words.every((word) => entry.haystack.includes(word) || room.includes(word));

/** Every word of the query must appear in the device's name, room or kind. */
export function matchesQuery(device: Device, query: string, names?: RoomNames): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const entry = deviceEntry(device);
  return matchesWords(words, entry, roomHaystack(entry.roomKey, names));
}

export type RoomGroup = { key: string; title: string; ids: string[] };

// One collator for every comparison: `localeCompare` with options builds one per call.
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byName = (a: string, b: string) => collator.compare(a, b);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rooms as the dashboard orders them: by title (from `names`), "Unassigned" last, then by key. */
function compareRooms(ka: string, ta: string, kb: string, tb: string): number {
  if ((ka === UNASSIGNED_KEY) !== (kb === UNASSIGNED_KEY)) return ka === UNASSIGNED_KEY ? 1 : -1;
  return byName(ta, tb) || byName(ka, kb);
}

// Keys made once per device: the comparator does no string work (the locale's collator breaks ties).
const compareEntries = (a: DeviceEntry, b: DeviceEntry) =>
  byKey(a.sortKey, b.sortKey) || byName(a.name, b.name) || byKey(a.id, b.id);

/**
 * Entries grouped by room, rooms by name (from `names`, the rooms people made), "Unassigned" last,
 * devices by name. Hidden devices are left out unless asked for. Sorting compares the names
 * `deviceEntry` cleaned once, never cleaning inside the comparator.
 */
export function groupEntries(entries: Iterable<DeviceEntry>, query = '', names?: RoomNames, showHidden = false): RoomGroup[] {
  const words = queryWords(query);
  const groups = new Map<string, { title: string; room: string; entries: DeviceEntry[] }>();
  for (const entry of entries) {
    if (entry.hidden && !showHidden) continue;
    let group = groups.get(entry.roomKey);
    if (!group) {
      group = { title: roomTitle(entry.roomKey, names), room: roomHaystack(entry.roomKey, names), entries: [] };
      groups.set(entry.roomKey, group);
    }
    if (words.length === 0 || matchesWords(words, entry, group.room)) group.entries.push(entry);
  }
  return [...groups.entries()]
    .filter(([, group]) => group.entries.length > 0)
    .sort(([ka, a], [kb, b]) => compareRooms(ka, a.title, kb, b.title))
    .map(([key, group]) => ({ key, title: group.title, ids: group.entries.sort(compareEntries).map((e) => e.id) }));
}

/**
 * The entries' ids in the order the dashboard lists them with no search (`groupEntries`' rooms, then
 * names), hidden devices last: the order in which held devices are put on screen, top first.
 */
export function listingOrder(entries: Iterable<DeviceEntry>, names?: RoomNames): string[] {
  const list = Array.from(entries);
  const rooms = [...new Set(list.map((e) => e.roomKey))].map((key) => ({ key, title: roomTitle(key, names) }));
  rooms.sort((a, b) => compareRooms(a.key, a.title, b.key, b.title));
  const rank = new Map(rooms.map((r, i) => [r.key, i]));
  return list
    .sort((a, b) => +a.hidden - +b.hidden || rank.get(a.roomKey)! - rank.get(b.roomKey)! || compareEntries(a, b))
    .map((e) => e.id);
}

/** `groupEntries` straight from devices (tests, one-off callers). */
export function groupByRoom(devices: Iterable<Device>, query = '', names?: RoomNames, showHidden = false): RoomGroup[] {
  return groupEntries(Array.from(devices, deviceEntry), query, names, showHidden);
}
