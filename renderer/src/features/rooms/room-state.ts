/**
 * The room automations as the UI sees them. Their state (each room's status, the newest arbiter
 * decision per device, people) lives in the hub store, whose `start()` owns the `roomStatus` and
 * `decision` subscriptions; a component that shows it asks the hub once, after mounting.
 */
import { useEffect } from 'react';
import { useHub, useHubStoreApi } from '../../store/context';
import type { HubState } from '../../store/hub-store';

export function useRoomAutomations<T>(selector: (state: HubState) => T): T {
  const store = useHubStoreApi();
  useEffect(() => {
    store.getState().loadRoomAutomations();
  }, [store]);
  return useHub(selector);
}

/** "in 4 min", "in 1 h 5 min", "now". */
export function inWords(ms: number): string {
  if (ms <= 30_000) return 'now';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `in ${min} min`;
  const h = Math.floor(min / 60);
  return `in ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
}
