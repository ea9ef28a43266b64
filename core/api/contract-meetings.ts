/**
 * The HubApi's meeting-room part (core/automations/meetings): a room's bookings with their lifecycle states, the
 * board at the door, the office's utilisation report and the lifecycle's events. Spread into `methods` and `events`
 * in contract.ts. Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { bookingSchema } from '../model/booking';
import { BoardRoom, MeetingReleased, UtilisationRow } from '../model/meeting';
import { event, method, Time } from './contract-row';

export const meetingMethods = {
  listRoomBookings: method({
    description:
      'A room’s bookings overlapping `from`–`to` (ISO 8601 or ms; defaults: now to 30 days ahead), soonest first, each ' +
      'with its lifecycle state (booked, preparing, in-use, released, ended, cancelled) and ISO 8601 UTC times; a private ' +
      'event is titled "Private" and has no organiser.',
    rest: { method: 'GET', path: '/api/rooms/:roomId/bookings' },
    access: { level: 'read', rooms: { roomParam: 'roomId' } },
    request: z.object({ roomId: z.string(), from: Time.optional(), to: Time.optional() }).strict(),
    response: z.array(bookingSchema),
  }),
  listBoards: method({
    description:
      'The board of every meeting room: free / booked-soon / in-use / in-use-unbooked / released, the current meeting ' +
      '(title or "Private"), the next bookings, until when it is free and the temperature. Read-only.',
    rest: { method: 'GET', path: '/api/boards' },
    // A wall tablet's one call: a board or guest sees the boards of its own rooms.
    access: { level: 'read', rooms: { filter: (boards, scope) => boards.filter((b) => scope.room(b.roomId)) } },
    request: z.object({}).strict(),
    response: z.array(BoardRoom),
  }),
  getBoard: method({
    description: 'One meeting room’s board (as in `listBoards`).',
    rest: { method: 'GET', path: '/api/boards/:roomId' },
    access: { level: 'read', rooms: { roomParam: 'roomId' } },
    request: z.object({ roomId: z.string() }).strict(),
    response: BoardRoom,
  }),
  getOfficeUtilisation: method({
    description:
      'Per meeting room and week (weeks start on Monday, local time) between `from` and `to` (defaults: the last four ' +
      'weeks up to now): booked hours, hours actually used (check-in to end), meetings, ghost meetings released, early ' +
      'ends and hours of conditioning saved against a fixed schedule (30 min before each start until its end).',
    rest: { method: 'GET', path: '/api/office/utilisation' },
    request: z.object({ from: Time.optional(), to: Time.optional() }).strict(),
    response: z.array(UtilisationRow),
  }),
} as const;

export const meetingEvents = {
  meetingState: event({
    description:
      'A meeting room’s board changed (a booking prepared, checked in, released or ended; unbooked use; the next bookings).',
    payload: BoardRoom,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.room(p.roomId) ? p : undefined) } },
  }),
  meetingReleased: event({
    description: 'Nobody came to a booked meeting within its check-in time: the room was released (a desktop notification).',
    payload: MeetingReleased,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.room(p.roomId) ? p : undefined) } },
  }),
} as const;
