/**
 * The HubApi's room-behaviour part (occupancy, lighting, climate, people, explanations), spread into
 * `methods` and `events` in contract.ts. Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { Decision, Person, RoomBehaviour, RoomStatus } from '../model';
import { event, method } from './contract-row';

const Empty = z.object({}).strict();
const Section = z.record(z.string(), z.unknown());

/** Partial sections, merged over the room's current behaviour and validated as a whole. */
export const RoomBehaviourPatch = z
  .object({
    occupancy: Section.optional(),
    lighting: Section.optional(),
    climate: Section.optional(),
    media: Section.optional(),
    meeting: Section.optional(),
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
  getRoomBehaviour: method({
    description: 'A room’s behaviour settings, every default filled in (defaults when never edited).',
    rest: { method: 'GET', path: '/api/rooms/:roomId/behaviour' },
    access: { level: 'read', rooms: { roomParam: 'roomId' } },
    request: z.object({ roomId: z.string() }).strict(),
    response: RoomBehaviour,
  }),
  updateRoomBehaviour: method({
    description:
      'Merges partial sections over the room’s behaviour, validates the whole and applies it at once, without a restart.',
    rest: { method: 'PATCH', path: '/api/rooms/:roomId/behaviour', body: { into: 'behaviour' } },
    access: { level: 'member' },
    request: z.object({ roomId: z.string(), behaviour: RoomBehaviourPatch }).strict(),
    response: RoomBehaviour,
  }),
  listRoomStatus: method({
    description:
      'Occupancy (state, source, since, until), holds, active preference, overrides and planned changes of every room.',
    rest: { method: 'GET', path: '/api/rooms/status' },
    access: { level: 'read', rooms: { filter: (statuses, scope) => statuses.filter((s) => scope.room(s.roomId)) } },
    request: Empty,
    response: z.array(RoomStatus),
  }),
  getRoomStatus: method({
    description: 'One room’s status.',
    rest: { method: 'GET', path: '/api/rooms/:roomId/status' },
    access: { level: 'read', rooms: { roomParam: 'roomId' } },
    request: z.object({ roomId: z.string() }).strict(),
    response: RoomStatus,
  }),
  setRoomHold: method({
    description:
      '"Occupied for N minutes" (default 60), "vacant now", "pause automations here", or `none` to release (the timers restart).',
    rest: { method: 'POST', path: '/api/rooms/:roomId/hold' },
    access: { level: 'control', rooms: { roomParam: 'roomId' } },
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
  }),
  resumeAutomatic: method({
    description: 'Ends a manual override of a light (or a thermostat hold): the room takes it back now.',
    rest: { method: 'POST', path: '/api/devices/:deviceId/resume', body: 'ignore' },
    access: { level: 'control', rooms: { deviceParam: 'deviceId' } },
    request: z.object({ deviceId: z.string() }).strict(),
    response: RoomStatus,
  }),
  explainDevice: method({
    description: '"Why is it like this?" — read from the arbiter’s record (`why: null`: automations have not touched it).',
    rest: { method: 'GET', path: '/api/devices/:deviceId/why' },
    access: { level: 'read', rooms: { deviceParam: 'deviceId' } },
    request: z.object({ deviceId: z.string() }).strict(),
    response: Explanation,
  }),
  listPeople: method({
    description: 'Everyone with their preferences and the room they are in.',
    rest: { method: 'GET', path: '/api/people' },
    access: { level: 'member' },
    request: Empty,
    response: z.array(Person),
  }),
  updatePerson: method({
    description: 'Creates or replaces a person (preferences included); `roomId` left out keeps where they are.',
    rest: { method: 'PUT', path: '/api/people/:id' },
    access: { level: 'member' },
    request: Person.omit({ roomId: true }).extend({ roomId: z.string().nullable().optional() }).strict(),
    response: Person,
  }),
  deletePerson: method({
    description: 'Removes a person.',
    rest: { method: 'DELETE', path: '/api/people/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: z.object({ id: z.string() }),
  }),
  setPersonRoom: method({
    description: 'Marks a person present in a room (`null`: in no room); their preferences then win there.',
    rest: { method: 'POST', path: '/api/people/:personId/room' },
    access: { level: 'member' },
    request: z.object({ personId: z.string(), roomId: z.string().nullable() }).strict(),
    response: Person,
  }),
} as const;

export const roomEvents = {
  roomStatus: event({
    description: 'A room’s occupancy, holds, overrides, preference or plan changed.',
    payload: RoomStatus,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.room(p.roomId) ? p : undefined) } },
  }),
  decision: event({
    description: 'The arbiter decided something for a device (the "why").',
    payload: Decision,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.room(p.roomId) ? p : undefined) } },
  }),
} as const;
