/** The paged device list (contract-devices.ts). Part of createHandlers (handlers.ts). */
import type { Device } from '../model';
import type { Registry } from '../registry/registry';
import type { DevicePage } from './contract-devices';
import { handle, type Handlers } from './dispatch';

export const DEFAULT_DEVICE_PAGE = 250;

const byId = (a: Device, b: Device) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pure: the page of `devices` after the cursor `after` (an id; absent: from the start). */
export function devicePage(devices: readonly Device[], after: string | undefined, limit: number): DevicePage {
  const sorted = [...devices].sort(byId);
  let start = 0;
  if (after !== undefined) {
    // The first id after the cursor (binary search: the list is sorted).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.id <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { devices: page, next: more && page.length ? page[page.length - 1]!.id : null, total: sorted.length };
}

export function createDeviceHandlers(registry: Registry): Pick<Handlers, 'listDevicePage'> {
  return {
    listDevicePage: handle('listDevicePage', async ({ after, limit }) =>
      devicePage(registry.list(), after, limit ?? DEFAULT_DEVICE_PAGE),
    ),
  };
}
