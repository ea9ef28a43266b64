/** A hub without calendars: no room has bookings, nothing can be written. */
import type { RoomCalendarFeed } from '../../model/booking';

export const NO_CALENDARS: RoomCalendarFeed = {
  eventsFor: () => [],
  onChange: () => () => undefined,
  canWrite: () => false,
  markReleased: () => Promise.reject(new Error('this hub has no calendars')),
  bookNow: () => Promise.reject(new Error('this hub has no calendars')),
};
