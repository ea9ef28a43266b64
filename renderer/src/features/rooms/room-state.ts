/**
 * The room automations as the UI sees them: each room's status (occupancy, holds, overrides, next
 * changes) and the newest arbiter decision per device, kept fresh by the `roomStatus` and `decision`
 * events. One small store per hub client, created on first use.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HubClient } from '../../../../core/api/contract';
import type { Decision, Person, RoomStatus } from '../../../../core/model';
import { useHubStoreApi } from '../../store/context';

export type RoomState = {
  statuses: Readonly<Record<string, RoomStatus>>;
  decisions: Readonly<Record<string, Decision>>;
  people: readonly Person[];
  /** False while the hub has not answered, or does not run room automations. */
  available: boolean;
  refresh(): Promise<void>;
};

const stores = new WeakMap<HubClient, StoreApi<RoomState>>();

function create(client: HubClient): StoreApi<RoomState> {
  const store = createStore<RoomState>()((set) => ({
    statuses: {},
    decisions: {},
    people: [],
    available: false,
    async refresh() {
      try {
        const [statuses, people] = await Promise.all([client.call('listRoomStatus', {}), client.call('listPeople', {})]);
        set({ statuses: Object.fromEntries(statuses.map((s) => [s.roomId, s])), people, available: true });
      } catch {
        set({ available: false });
      }
    },
  }));
  client.on('roomStatus', (status) => store.setState((s) => ({ statuses: { ...s.statuses, [status.roomId]: status } })));
  client.on('decision', (decision) => store.setState((s) => ({ decisions: { ...s.decisions, [decision.deviceId]: decision } })));
  void store.getState().refresh();
  return store;
}

export function useRoomStore(): StoreApi<RoomState> {
  const { client } = useHubStoreApi();
  let store = stores.get(client);
  if (!store) stores.set(client, (store = create(client)));
  return store;
}

export function useRooms<T>(selector: (state: RoomState) => T): T {
  return useStore(useRoomStore(), selector);
}

/** "in 4 min", "in 1 h 5 min", "now". */
export function inWords(ms: number): string {
  if (ms <= 30_000) return 'now';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `in ${min} min`;
  const h = Math.floor(min / 60);
  return `in ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
}
