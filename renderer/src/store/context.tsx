import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Device } from '../../../core/model';
import type { Units } from '../units/temperature';
import { clockFormat, type ClockFormat } from '../units/time';
import type { HubState, HubStore } from './hub-store';
import type { DevicePending } from './pending';
import { groupByRoom, roomNames, type RoomGroup } from './search';

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
  return useMemo(() => clockFormat(setting, globalThis.navigator?.language), [setting]);
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

/**
 * The dashboard's room groups, computed once per (devices, rooms, query, showHidden) however many
 * sections ask in one render. Hooks narrow it further with `useShallow`.
 */
const selectRoomGroups = memoLast(
  (devices: HubState['devices'], rooms: HubState['rooms'], query: string, showHidden: boolean): RoomGroup[] =>
    groupByRoom(Object.values(devices), query, roomNames(rooms), showHidden),
);

const NO_IDS: readonly string[] = [];

/** The keys of the room groups shown, in order; changes only when a group appears, goes or moves. */
export function useRoomGroupKeys(query: string, showHidden = false): string[] {
  return useHub(useShallow((s) => selectRoomGroups(s.devices, s.rooms, query, showHidden).map((g) => g.key)));
}

/** Which room group a component shows, under which search (the dashboard's sections and its jump list). */
export type RoomGroupProps = { groupKey: string; query: string; showHidden: boolean };

/** One room group's title and device ids; changes only when its title or membership does, not a device's state. */
export function useRoomGroup(key: string, query: string, showHidden = false): { title: string; ids: readonly string[] } {
  const find = (s: HubState) => selectRoomGroups(s.devices, s.rooms, query, showHidden).find((g) => g.key === key);
  const title = useHub((s) => find(s)?.title ?? '');
  const ids = useHub(useShallow((s) => find(s)?.ids ?? NO_IDS));
  return { title, ids };
}
