/**
 * The HubApi methods of the meeting rooms (core/automations/meetings/runner.ts): bookings, boards and the utilisation
 * report. Part of createHandlers (handlers.ts).
 */
import type { MeetingRunner } from '../automations/meetings/runner';
import { weekStart } from '../automations/meetings/views';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

export interface MeetingHandlerDeps {
  runner: MeetingRunner;
  now: () => number;
}

type MeetingMethod = 'listRoomBookings' | 'listBoards' | 'getBoard' | 'getOfficeUtilisation';

const DAY = 86_400_000;
/** A request longer than this is refused (a year of bookings is plenty for one answer). */
const MAX_RANGE = 366 * DAY;

export function createMeetingHandlers(deps: MeetingHandlerDeps | undefined): Pick<Handlers, MeetingMethod> {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub does not run meeting rooms');
    return deps;
  };
  const range = (from: number, to: number) => {
    if (to <= from) throw new ApiError('invalid', 'Invalid request: to: must be after from');
    if (to - from > MAX_RANGE) throw new ApiError('invalid', 'Invalid request: to: at most 366 days after from');
    return { from, to };
  };
  const meetingRoom = (roomId: string) => {
    const room = need()
      .runner.meetingRooms()
      .find((r) => r.id === roomId);
    if (!room) throw new ApiError('not_found', `No meeting room with id "${roomId}"`);
    return room;
  };
  return {
    listRoomBookings: handle('listRoomBookings', async ({ roomId, from, to }) => {
      const { runner, now } = need();
      meetingRoom(roomId);
      const start = from ?? now();
      const r = range(start, to ?? start + 30 * DAY);
      return runner.bookings(roomId, r.from, r.to);
    }),
    listBoards: handle('listBoards', async () => need().runner.boards()),
    getBoard: handle('getBoard', async ({ roomId }) => need().runner.board(meetingRoom(roomId).id)!),
    getOfficeUtilisation: handle('getOfficeUtilisation', async ({ from, to }) => {
      const { runner, now } = need();
      const end = to ?? now();
      const r = range(from ?? weekStart(weekStart(end) - 21 * DAY), end);
      return runner.utilisation(r.from, r.to);
    }),
  };
}
