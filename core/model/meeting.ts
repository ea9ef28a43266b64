/**
 * What a meeting room shows at its door and in the office view: the board state derived from its bookings and its
 * occupancy (core/automations/meetings), and the weekly utilisation report. Shared by the hub and the renderer.
 */
import { z } from 'zod';
import { bookingSchema } from './booking';

/** free / booked soon (or waiting for check-in) / in use (booked or not) / released (nobody came). */
export const BOARD_STATES = ['free', 'booked-soon', 'in-use', 'in-use-unbooked', 'released'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const BoardRoom = z.object({
  roomId: z.string(),
  name: z.string(),
  state: z.enum(BOARD_STATES),
  /** The meeting the state is about: in use, waiting for check-in, starting soon or released. */
  current: bookingSchema.nullable(),
  /** The next bookings after the current one (at most 3, today and later). */
  next: z.array(bookingSchema),
  /** Until when the room is free (the next booking's start), ISO 8601 UTC; null: nothing booked. */
  freeUntil: z.string().nullable(),
  temperatureC: z.number().nullable(),
  /** ISO 8601 UTC of this answer (the board counts its "time left" from here). */
  at: z.string(),
});
export type BoardRoom = z.infer<typeof BoardRoom>;

/** One room's week: booked hours, hours actually used, ghost meetings released, conditioning hours saved. */
export const UtilisationRow = z.object({
  roomId: z.string(),
  name: z.string(),
  /** Monday 00:00 local of the week, ISO 8601 UTC. */
  weekStart: z.string(),
  bookedHours: z.number(),
  usedHours: z.number(),
  meetings: z.number(),
  released: z.number(),
  endedEarly: z.number(),
  /** Conditioning a fixed schedule (30 min before each start until its end) would have spent and the lifecycle did not. */
  conditioningSavedHours: z.number(),
});
export type UtilisationRow = z.infer<typeof UtilisationRow>;

export const MeetingReleased = z.object({
  roomId: z.string(),
  /** The room's name and the logbook's sentence, for a desktop notification that names both. */
  roomName: z.string(),
  title: z.string(),
  start: z.string(),
  text: z.string(),
});
export type MeetingReleased = z.infer<typeof MeetingReleased>;
