import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Device } from '../../../core/model';
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

const SEP = '\u0000';

/**
 * Room groups of the devices matching `query`. The selector returns a flat list of strings
 * ('g' + room key/title for a heading, 'd' + id for a device) compared shallowly, so the
 * dashboard re-renders only when membership or order changes, not when a device's state does.
 */
export function useRoomGroups(query: string, showHidden = false): RoomGroup[] {
  const flat = useHub(
    useShallow((s) => {
      const out: string[] = [];
      for (const group of groupByRoom(Object.values(s.devices), query, roomNames(s.rooms), showHidden)) {
        out.push(`g${group.key}${SEP}${group.title}`);
        for (const id of group.ids) out.push(`d${id}`);
      }
      return out;
    }),
  );
  return useMemo(() => {
    const groups: RoomGroup[] = [];
    for (const entry of flat) {
      if (entry.startsWith('g')) {
        const cut = entry.lastIndexOf(SEP);
        groups.push({ key: entry.slice(1, cut), title: entry.slice(cut + 1), ids: [] });
      } else {
        groups.at(-1)?.ids.push(entry.slice(1));
      }
    }
    return groups;
  }, [flat]);
}
