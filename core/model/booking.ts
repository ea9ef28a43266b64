import { z } from 'zod';

/**
 * A meeting room's bookings, as the calendar sources deliver them and the meeting lifecycle
 * consumes them. One occurrence of a (possibly recurring) event is one booking; times are epoch ms.
 */

export const CALENDAR_SOURCES = ['ics-url', 'ics-file', 'caldav'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

export const BOOKING_STATES = ['booked', 'preparing', 'in-use', 'released', 'ended', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** One occurrence of an event in a room's calendar, after recurrence expansion. */
export interface CalendarEvent {
  /** The event's UID. */
  uid: string;
  /** The occurrence's original start (RECURRENCE-ID), ISO 8601 UTC; equals `start` for a single event. */
  occurrence: string;
  /** Shown as "Private" when the event is CLASS:PRIVATE (the real summary never leaves the parser). */
  title: string;
  start: number;
  end: number;
  /** The organiser's e-mail address, lower case, without `mailto:`. */
  organizer?: string;
  private: boolean;
  allDay: boolean;
  cancelled: boolean;
}

/** What the API answers for `GET /api/rooms/:id/bookings`. */
export const bookingSchema = z.object({
  uid: z.string(),
  occurrence: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  organizer: z.string().optional(),
  private: z.boolean(),
  state: z.enum(BOOKING_STATES),
});
export type Booking = z.infer<typeof bookingSchema>;

/** A booking's identity across polls: a moved occurrence keeps its key. */
export function bookingKey(event: Pick<CalendarEvent, 'uid' | 'occurrence'>): string {
  return `${event.uid}\u0000${event.occurrence}`;
}

/**
 * What the meeting lifecycle needs from the calendars (implemented by `core/calendars`). Events are the last good
 * sync's occurrences, cancelled ones included and flagged, soonest first.
 */
export interface RoomCalendarFeed {
  eventsFor(roomId: string): readonly CalendarEvent[];
  /** Called after a sync that changed a room's events; returns the unsubscribe. */
  onChange(listener: (roomId: string) => void): () => void;
  /** Whether the room's calendar can be written (CalDAV with write-back allowed). */
  canWrite(roomId: string): boolean;
  /** Opt-in CalDAV write-back of a released meeting: note it in the description, or decline it for the room. */
  markReleased(roomId: string, event: CalendarEvent, how: 'describe' | 'decline'): Promise<void>;
  /** Opt-in "book now": writes a new event over CalDAV and answers it as the feed will list it. */
  bookNow(roomId: string, slot: { start: number; end: number; title: string }): Promise<CalendarEvent>;
}
