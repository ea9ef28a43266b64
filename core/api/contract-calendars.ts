/**
 * The HubApi's room-calendar part (core/calendars), spread into `methods` and `events` in contract.ts. Pure: imported
 * by core and renderer alike. The CalDAV username and password go in, never out: they are kept in the hub's
 * encrypted secrets and the status only says whether they are set.
 */
import { z } from 'zod';
import {
  CalendarSourceSchema,
  CalendarStatus,
  DEFAULT_CALENDAR_POLL_SECONDS,
  MAX_CALENDAR_BYTES,
  MAX_CALENDAR_POLL_SECONDS,
  MIN_CALENDAR_POLL_SECONDS,
} from '../model';
import { event, method } from './contract-row';

const RoomId = z.object({ roomId: z.string().min(1).max(100) }).strict();

export const CalendarSetup = z
  .object({
    roomId: z.string().min(1).max(100),
    source: CalendarSourceSchema,
    url: z.string().max(2000).optional(),
    ics: z.string().optional(),
    username: z.string().min(1).max(500).optional(),
    password: z.string().max(1000).optional(),
    pollSeconds: z.number().int().min(MIN_CALENDAR_POLL_SECONDS).max(MAX_CALENDAR_POLL_SECONDS).optional(),
  })
  .strict();
export type CalendarSetup = z.infer<typeof CalendarSetup>;

export const calendarMethods = {
  getRoomCalendar: method({
    description:
      'The room’s calendar: its source, URL (without any password), `status` "ok" or "error" with the reason in words, and `lastSyncAt` (ISO 8601, the last sync that delivered events). 404 when the room has none.',
    rest: { method: 'GET', path: '/api/rooms/:roomId/calendar' },
    request: RoomId,
    response: CalendarStatus,
  }),
  setRoomCalendar: method({
    description: `Sets the room’s calendar and syncs it once before answering. \`source\`: "ics-url" (\`url\`, http/https, polled every \`pollSeconds\`, default ${DEFAULT_CALENDAR_POLL_SECONDS} s, with ETag/Last-Modified), "ics-file" (\`ics\`: the file’s text) or "caldav" (\`url\`: the calendar collection’s own URL, \`username\` + \`password\`, kept encrypted; leave both out to keep the stored ones). Calendars over ${MAX_CALENDAR_BYTES / 1024 / 1024} MB are refused. A source that cannot be read is still saved and answers status "error" with the reason; the last good bookings are kept. 400 names the field (a bad URL scheme, a missing ics…).`,
    rest: { method: 'PUT', path: '/api/rooms/:roomId/calendar', maxBodyBytes: MAX_CALENDAR_BYTES + 1024 * 1024 },
    request: CalendarSetup,
    response: CalendarStatus,
  }),
  deleteRoomCalendar: method({
    description: 'Removes the room’s calendar, its saved bookings and its stored username and password.',
    rest: { method: 'DELETE', path: '/api/rooms/:roomId/calendar' },
    request: RoomId,
    response: z.object({ roomId: z.string(), removed: z.boolean() }),
  }),
  syncRoomCalendar: method({
    description: 'Reads the room’s calendar now (instead of at the next poll) and answers its status.',
    rest: { method: 'POST', path: '/api/rooms/:roomId/calendar/sync', body: 'ignore' },
    request: RoomId,
    response: CalendarStatus,
  }),
} as const;

export const calendarEvents = {
  bookingsChanged: event({
    description: 'A room’s bookings changed (a sync found changes, the calendar was set or removed).',
    payload: z.object({ roomId: z.string() }),
  }),
  calendarStatus: event({
    description: 'A room calendar’s status after each sync attempt (ok, or the error in words).',
    payload: CalendarStatus,
  }),
} as const;
