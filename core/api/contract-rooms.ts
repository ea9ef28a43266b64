/**
 * The HubApi's room-behaviour part (occupancy, lighting, climate, people, explanations), spread into
 * `methods` and `events` in contract.ts. Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { Decision, Person, RoomBehaviour, RoomStatus } from '../model';

const Empty = z.object({}).strict();
const Section = z.record(z.string(), z.unknown());

/** Partial sections, merged over the room's current behaviour and validated as a whole. */
export const RoomBehaviourPatch = z
  .object({
    occupancy: Section.optional(),
    lighting: Section.optional(),
    climate: Section.optional(),
    media: Section.optional(),
  })
  .strict();
export type RoomBehaviourPatch = z.infer<typeof RoomBehaviourPatch>;

export const RoomHoldKind = z.enum(['occupied', 'vacant', 'paused', 'none']);
export type RoomHoldKind = z.infer<typeof RoomHoldKind>;

export const Explanation = z.object({
  /** The newest arbiter decision for the device (null: automations have not touched it). */
  why: Decision.nullable(),
  history: z.array(Decision),
});
export type Explanation = z.infer<typeof Explanation>;

export const roomMethods = {
  /** A room's behaviour settings (defaults when never edited). */
  getRoomBehaviour: { request: z.object({ roomId: z.string() }).strict(), response: RoomBehaviour },
  /** Applies at once, without a restart. */
  updateRoomBehaviour: {
    request: z.object({ roomId: z.string(), behaviour: RoomBehaviourPatch }).strict(),
    response: RoomBehaviour,
  },
  /** Occupancy (state, source, since, until), holds, active preference, overrides and planned changes of every room. */
  listRoomStatus: { request: Empty, response: z.array(RoomStatus) },
  getRoomStatus: { request: z.object({ roomId: z.string() }).strict(), response: RoomStatus },
  /** "Occupied for N minutes", "vacant now", "pause automations here", or `none` to release (timers restart). */
  setRoomHold: {
    request: z
      .object({
        roomId: z.string(),
        hold: RoomHoldKind,
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .optional(),
      })
      .strict(),
    response: RoomStatus,
  },
  /** Ends a manual override of a light (or a thermostat hold): the room takes it back now. */
  resumeAutomatic: { request: z.object({ deviceId: z.string() }).strict(), response: RoomStatus },
  /** "Why is it like this?" — read from the arbiter's record. */
  explainDevice: { request: z.object({ deviceId: z.string() }).strict(), response: Explanation },
  listPeople: { request: Empty, response: z.array(Person) },
  /** Creates or replaces a person (preferences included). */
  updatePerson: {
    request: Person.omit({ roomId: true }).extend({ roomId: z.string().nullable().optional() }).strict(),
    response: Person,
  },
  deletePerson: { request: z.object({ id: z.string() }).strict(), response: z.object({ id: z.string() }) },
  /** Marks a person present in a room (null: not in any room); their preferences then apply there. */
  setPersonRoom: { request: z.object({ personId: z.string(), roomId: z.string().nullable() }).strict(), response: Person },
} as const;

export const roomEvents = {
  /** A room's occupancy, holds, overrides or plan changed. */
  roomStatus: RoomStatus,
  /** The arbiter decided something for a device (the explanation). */
  decision: Decision,
} as const;
