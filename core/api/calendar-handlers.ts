/**
 * The HubApi methods of room calendars (core/calendars/room-calendars.ts). Part of createHandlers (handlers.ts).
 * Input that makes no sense (a URL that is not http/https, an ics-file without ics) is a 400 naming the field, in
 * the same words as a schema problem.
 */
import { CalendarInputError, type RoomCalendars } from '../calendars/room-calendars';
import { MAX_CALENDAR_BYTES } from '../model';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

type CalendarMethod = 'getRoomCalendar' | 'setRoomCalendar' | 'deleteRoomCalendar' | 'syncRoomCalendar';

export function createCalendarHandlers(calendars: RoomCalendars | undefined): Pick<Handlers, CalendarMethod> {
  const need = () => {
    if (!calendars) throw new ApiError('unavailable', 'This hub does not keep room calendars');
    return calendars;
  };
  const status = (roomId: string) => {
    const found = need().status(roomId);
    if (!found) throw new ApiError('not_found', `The room "${roomId}" has no calendar`);
    return found;
  };
  return {
    getRoomCalendar: handle('getRoomCalendar', async ({ roomId }) => status(roomId)),
    setRoomCalendar: handle('setRoomCalendar', async ({ roomId, ...input }) => {
      if (input.ics !== undefined && Buffer.byteLength(input.ics, 'utf8') > MAX_CALENDAR_BYTES)
        throw new ApiError(
          'invalid',
          `Invalid setRoomCalendar request: ics: the file is larger than ${MAX_CALENDAR_BYTES / 1024 / 1024} MB`,
        );
      try {
        return await need().configure(roomId, input);
      } catch (error) {
        if (error instanceof CalendarInputError) {
          if (error.field === 'roomId') throw new ApiError('not_found', error.reason);
          throw new ApiError('invalid', `Invalid setRoomCalendar request: ${error.message}`);
        }
        throw error;
      }
    }),
    deleteRoomCalendar: handle('deleteRoomCalendar', async ({ roomId }) => ({ roomId, removed: need().remove(roomId) })),
    syncRoomCalendar: handle('syncRoomCalendar', async ({ roomId }) => {
      status(roomId);
      await need().syncNow(roomId);
      return status(roomId);
    }),
  };
}
