/**
 * The store's device map is replaced, never mutated: each change makes a new object. Made through
 * `patchDevices`, the new map also remembers which ids it changed against the map it came from,
 * so whatever is derived from the previous map (the dashboard's index) checks those ids only,
 * not two thousand devices per frame.
 */
import type { Device } from '../../../core/model';

export type DeviceMap = Readonly<Record<string, Device>>;

// A serial per map, and per patched map its base's serial: never the base itself, which would
// keep every earlier map (and every device version) alive through the chain of bases.
const serials = new WeakMap<DeviceMap, number>();
let nextSerial = 1;
const serialOf = (map: DeviceMap): number => {
  let serial = serials.get(map);
  if (serial === undefined) serials.set(map, (serial = nextSerial++));
  return serial;
};
const origins = new WeakMap<DeviceMap, { base: number; ids: readonly string[] }>();

/** A new map: `base` with these devices put (a `null` removes the id). Returns `base` when nothing changes. */
export function patchDevices(base: DeviceMap, changes: Iterable<readonly [string, Device | null]>): DeviceMap {
  let next: Record<string, Device> | null = null;
  const ids: string[] = [];
  for (const [id, device] of changes) {
    const current = Object.hasOwn(next ?? base, id) ? (next ?? base)[id] : undefined;
    if (device === null ? current === undefined : current === device) continue;
    next ??= { ...base };
    if (device === null) delete next[id];
    else next[id] = device;
    ids.push(id);
  }
  if (!next) return base;
  origins.set(next, { base: serialOf(base), ids });
  return next;
}

/**
 * The ids whose device differs between `previous` and `next`, when `next` was made from `previous`
 * by one `patchDevices`; null when that is not known (then compare everything).
 */
export function changedIds(next: DeviceMap, previous: DeviceMap): readonly string[] | null {
  const origin = origins.get(next);
  return origin && origin.base === serials.get(previous) ? origin.ids : null;
}
