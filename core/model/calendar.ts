import { z } from 'zod';
import { CALENDAR_SOURCES } from './booking';

/**
 * A meeting room's calendar source as people set it up, and what the hub says about it. Pure (shared with the
 * renderer). The CalDAV username and password are not part of the config: they live in the hub's encrypted secrets.
 */

/** Polled sources (ICS URL, CalDAV) are fetched this often unless the room says otherwise. */
export const DEFAULT_CALENDAR_POLL_SECONDS = 60;
export const MIN_CALENDAR_POLL_SECONDS = 15;
export const MAX_CALENDAR_POLL_SECONDS = 86_400;
/** A calendar larger than this is refused (its last good events are kept). */
export const MAX_CALENDAR_BYTES = 10 * 1024 * 1024;

export const CalendarSourceSchema = z.enum(CALENDAR_SOURCES);

/** What a room's calendar went wrong with, so the UI and diagnostics can say it in words. */
export const CALENDAR_PROBLEMS = [
  'unreachable',
  'unauthorized',
  'not-found',
  'http',
  'malformed',
  'too-large',
  'timeout',
  'secret',
] as const;
export type CalendarProblemKind = (typeof CALENDAR_PROBLEMS)[number];

/** The stored config of a room's calendar (no credentials). */
export const CalendarConfig = z
  .object({
    source: CalendarSourceSchema,
    /** ICS URL or the CalDAV calendar collection's own URL; absent for an uploaded file. */
    url: z.string().max(2000).optional(),
    /** The uploaded file's text (ics-file only). */
    ics: z.string().optional(),
    pollSeconds: z.number().int().min(MIN_CALENDAR_POLL_SECONDS).max(MAX_CALENDAR_POLL_SECONDS),
  })
  .strict();
export type CalendarConfig = z.infer<typeof CalendarConfig>;

/** A room calendar's health, as `GET /api/rooms/:id/calendar` answers it. Times are ISO 8601 UTC. */
export const CalendarStatus = z.object({
  roomId: z.string(),
  source: CalendarSourceSchema,
  /** The calendar's URL without any user:password@ (null for an uploaded file). */
  url: z.string().nullable(),
  status: z.enum(['ok', 'error']),
  /** Why the last sync failed, in words ("The server refused the username or password (401)"). */
  error: z.string().optional(),
  problem: z.enum(CALENDAR_PROBLEMS).optional(),
  /** The last sync that delivered events (null: none yet; the events shown are from before a restart or none). */
  lastSyncAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  pollSeconds: z.number(),
  /** Occurrences in the window (cancelled ones included). */
  events: z.number(),
  /** Whether a username and password are stored for this calendar (never the values). */
  hasCredentials: z.boolean(),
  /** Events the parser had to skip (no start, an unreadable rule), with the first reason. */
  skipped: z.number(),
  skippedReason: z.string().optional(),
});
export type CalendarStatus = z.infer<typeof CalendarStatus>;

/** The sentence a room page shows under its calendar. */
export function calendarStatusText(status: CalendarStatus, formatTime: (ms: number) => string): string {
  const synced = status.lastSyncAt ? `last synced ${formatTime(Date.parse(status.lastSyncAt))}` : 'not synced yet';
  if (status.status === 'error')
    return status.lastSyncAt
      ? `${status.error ?? 'The calendar could not be read'}. Showing the bookings from ${formatTime(Date.parse(status.lastSyncAt))}.`
      : `${status.error ?? 'The calendar could not be read'}.`;
  const count = `${status.events} ${status.events === 1 ? 'booking' : 'bookings'}`;
  return `${count}, ${synced}.`;
}
