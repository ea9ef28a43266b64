/**
 * The device list in pages, spread into `methods` in contract.ts: a UI loads its first screen from
 * the first page and the rest after, each page its own message (so no one task parses and
 * validates two thousand devices). Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { Device } from '../model';
import { method } from './contract-row';

export const MAX_DEVICE_PAGE = 1000;

export const DevicePage = z.object({
  devices: z.array(Device),
  /** The cursor for the next page (pass it as `after`); null after the last page. */
  next: z.string().nullable(),
  /** How many devices the hub has in all, this page's included. */
  total: z.number().int().nonnegative(),
});
export type DevicePage = z.infer<typeof DevicePage>;

export const deviceMethods = {
  listDevicePage: method({
    description:
      'Devices in pages, ordered by id: up to `limit` (default 250, at most 1000) devices whose ids sort after `after`. ' +
      'Devices added or changed while a client pages through arrive as `devicesChanged` events, as always.',
    rest: { method: 'GET', path: '/api/device-pages' },
    request: z
      .object({
        after: z.string().max(500).optional(),
        // Query parameters arrive as text.
        limit: z.coerce.number().int().min(1).max(MAX_DEVICE_PAGE).optional(),
      })
      .strict(),
    response: DevicePage,
    // A guest's pages hold only its rooms' devices (as `listDevices`).
    access: {
      level: 'read',
      rooms: { filter: (page, scope) => ({ ...page, devices: page.devices.filter((d) => scope.room(d.roomId)) }) },
    },
  }),
};
