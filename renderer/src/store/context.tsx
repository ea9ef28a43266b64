import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Device } from '../../../core/model';
import type { Units } from '../units/temperature';
import { clockFormat, type ClockFormat } from '../units/time';
import type { HubState, HubStore } from './hub-store';
import { changedIds } from './device-map';
import type { DevicePending } from './pending';
import { deviceEntry, groupEntries, roomNames, sameEntry, sameEntryInputs, type DeviceEntry, type RoomGroup } from './search';

const HubStoreContext = createContext<HubStore | null>(null);

export function HubStoreProvider({ store, children }: { store: HubStore; children: ReactNode }) {
  return <HubStoreContext.Provider value={store}>{children}</HubStoreContext.Provider>;
}

export function useHubStoreApi(): HubStore {
  const store = useContext(HubStoreContext);
  if (!store) throw new Error('useHub outside HubStoreProvider');
  return store;
}

/**
 * A selector over the hub store. Select what the component shows: a primitive, an object the store
 * keeps (`s.devices[id]`), or a fresh array/object wrapped in `useShallow` — never the whole device map.
 */
export function useHub<T>(selector: (state: HubState) => T): T {
  return useStore(useHubStoreApi(), selector);
}

/** One device; re-renders only when this device object is replaced. */
export function useDevice(id: string): Device | undefined {
  return useHub((s) => s.devices[id]);
}

export function useDevicePending(id: string): DevicePending | undefined {
  return useHub((s) => s.pending[id]);
}

export function useUnits(): Units {
  return useHub((s) => s.units);
}

/** Every clock time shown goes through this: the hub's time format (12 h, 24 h, the browser's locale). */
export function useClock(): ClockFormat {
  const setting = useHub((s) => s.timeFormat);
  return clockFor(setting, globalThis.navigator?.language);
}

// One format per setting and language: resolving "system" builds an Intl.DateTimeFormat, and every tile asks.
const clocks = new Map<string, ClockFormat>();
function clockFor(setting: HubState['timeFormat'], language: string | undefined): ClockFormat {
  const key = `${setting}\u0000${language ?? ''}`;
  let clock = clocks.get(key);
  if (!clock) clocks.set(key, (clock = clockFormat(setting, language)));
  return clock;
}

/** The last arguments and result: a selector called with the same inputs again gives the same object. */
function memoLast<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A) => {
    if (last && args.length === last.args.length && args.every((a, i) => Object.is(a, last!.args[i]))) return last.result;
    last = { args, result: compute(...args) };
    return last.result;
  };
}

/** The device index and how many of its devices are hidden; a new object only when a name, room, kind or hidden flag changed. */
export type DeviceIndex = { entries: readonly DeviceEntry[]; hidden: number };

/**
 * Turns each new device map (one per applied batch, command, confirmation) into the index grouping
 * needs, and keeps the previous index while no device changed what grouping looks at. A map made
 * by `patchDevices` from the last one costs a look at the ids it changed; any other map one pass
 * comparing object identities. A replaced device is compared by the fields its entry reads.
 */
export function createDeviceIndexer(): (devices: HubState['devices']) => DeviceIndex {
  let lastDevices: HubState['devices'] | null = null;
  let byId = new Map<string, { device: Device; entry: DeviceEntry }>();
  let index: DeviceIndex = { entries: [], hidden: 0 };
  /** Whether this id's device changes what the index holds (a new object with the same entry is remembered). */
  const differs = (id: string, device: Device | undefined): boolean => {
    const known = byId.get(id);
    if (!known || !device) return known !== undefined || device !== undefined;
    if (known.device === device) return false;
    // Same entry: remember the new object, so the next pass compares identities only.
    if (!sameEntryInputs(known.device, device) && !sameEntry(known.entry, device)) return true;
    known.device = device;
    return false;
  };
  return (devices) => {
    if (devices === lastDevices) return index;
    const previous = lastDevices;
    lastDevices = devices;
    // Made from the map seen last (a frame's batch, a command, a page): only its changed ids can differ.
    const ids = previous && changedIds(devices, previous);
    if (ids) {
      let changed = false;
      for (const id of ids) if (differs(id, Object.hasOwn(devices, id) ? devices[id] : undefined)) changed = true;
      if (!changed) return index;
    } else {
      let changed = false;
      let count = 0;
      for (const id in devices) {
        count++;
        if (differs(id, devices[id])) changed = true;
      }
      if (!changed && count === byId.size) return index;
    }
    const next = new Map<string, { device: Device; entry: DeviceEntry }>();
    let hidden = 0;
    for (const id in devices) {
      const device = devices[id]!;
      const known = byId.get(id);
      const slot = known && known.device === device ? known : { device, entry: deviceEntry(device) };
      if (slot.entry.hidden) hidden++;
      next.set(id, slot);
    }
    byId = next;
    index = { entries: Array.from(next.values(), (slot) => slot.entry), hidden };
    return index;
  };
}

/** One index per store (the dashboard, its jump list and its sections share it). */
const indexers = new WeakMap<HubStore, (devices: HubState['devices']) => DeviceIndex>();
function indexerFor(store: HubStore) {
  let indexer = indexers.get(store);
  if (!indexer) indexers.set(store, (indexer = createDeviceIndexer()));
  return indexer;
}

/** The index of the devices' names, rooms and kinds; a new object only when one of those changes. */
export function useDeviceIndex(): DeviceIndex {
  const indexer = indexerFor(useHubStoreApi());
  return useHub((s) => indexer(s.devices));
}

/**
 * The dashboard's room groups, computed once per (index, rooms, query, showHidden): per change of
 * names or rooms, never per state update, however many sections ask.
 */
const groupSelectors = new WeakMap<HubStore, (s: HubState, query: string, showHidden: boolean) => RoomGroup[]>();
function groupSelectorFor(store: HubStore) {
  let select = groupSelectors.get(store);
  if (!select) {
    const indexer = indexerFor(store);
    const group = memoLast((index: DeviceIndex, rooms: HubState['rooms'], query: string, showHidden: boolean): RoomGroup[] =>
      groupEntries(index.entries, query, roomNames(rooms), showHidden),
    );
    select = (s, query, showHidden) => group(indexer(s.devices), s.rooms, query, showHidden);
    groupSelectors.set(store, select);
  }
  return select;
}

/** Every room group shown, in order; the same array until a name, room or membership changes. */
export function useRoomGroups(query: string, showHidden = false): RoomGroup[] {
  const select = groupSelectorFor(useHubStoreApi());
  return useHub((s) => select(s, query, showHidden));
}

const NO_IDS: readonly string[] = [];

/** The keys of the room groups shown, in order; changes only when a group appears, goes or moves. */
export function useRoomGroupKeys(query: string, showHidden = false): string[] {
  const select = groupSelectorFor(useHubStoreApi());
  return useHub(useShallow((s) => select(s, query, showHidden).map((g) => g.key)));
}

/** Which room group a component shows, under which search (the dashboard's sections and its jump list). */
export type RoomGroupProps = { groupKey: string; query: string; showHidden: boolean };

/** One room group's title and device ids; changes only when its title or membership does, not a device's state. */
export function useRoomGroup(key: string, query: string, showHidden = false): { title: string; ids: readonly string[] } {
  const select = groupSelectorFor(useHubStoreApi());
  const find = (s: HubState) => select(s, query, showHidden).find((g) => g.key === key);
  const title = useHub((s) => find(s)?.title ?? '');
  const ids = useHub(useShallow((s) => find(s)?.ids ?? NO_IDS));
  return { title, ids };
}
