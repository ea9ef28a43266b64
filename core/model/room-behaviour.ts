/**
 * How a room behaves (occupancy, lighting, climate) and what people prefer. Every field has a
 * default, so `RoomBehaviour.parse({ roomId })` gives a room that works the moment it has a
 * motion sensor and a light.
 */
import { z } from 'zod';

/** "HH:MM", local time. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 07:30');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

export const LightLevel = z.object({ brightness: z.number().min(1).max(100), kelvin: z.number().min(1500).max(6500) });
export type LightLevel = z.infer<typeof LightLevel>;

export const CurveStep = LightLevel.extend({ at: TimeOfDay, label: z.string().max(40).optional() });
export type CurveStep = z.infer<typeof CurveStep>;

export const LightingCurve = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('steps'), steps: z.array(CurveStep).min(1).max(24) }),
  /** Follows the sun between limits, as Adaptive Lighting does; the sun of the home's location (the settings). */
  z.object({
    kind: z.literal('circadian'),
    minKelvin: z.number().min(1500).max(6500).default(2200),
    maxKelvin: z.number().min(1500).max(6500).default(5000),
    minBrightness: z.number().min(1).max(100).default(20),
    maxBrightness: z.number().min(1).max(100).default(100),
  }),
]);
export type LightingCurve = z.infer<typeof LightingCurve>;

export const DEFAULT_STEPS: CurveStep[] = [
  { at: '06:00', brightness: 80, kelvin: 4000, label: 'morning' },
  { at: '12:00', brightness: 100, kelvin: 4500, label: 'day' },
  { at: '18:00', brightness: 60, kelvin: 2700, label: 'evening' },
  { at: '22:30', brightness: 10, kelvin: 2200, label: 'night' },
];

export const OverridePolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('untilOff') }),
  z.object({
    kind: z.literal('minutes'),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  z.object({ kind: z.literal('untilVacant') }),
]);
export type OverridePolicy = z.infer<typeof OverridePolicy>;

export const MultiPersonPolicy = z.enum(['room', 'warmest', 'coolest', 'owner']);
export type MultiPersonPolicy = z.infer<typeof MultiPersonPolicy>;

export const OccupancySettings = z.object({
  /** How long after the last sign of life the room starts to clear. */
  vacancyTimeoutS: z
    .number()
    .int()
    .min(10)
    .max(6 * 3600)
    .default(600),
  /** A presence sensor that reports "clear" is trusted sooner than a motion sensor's silence. */
  presenceTimeoutS: z.number().int().min(0).max(3600).default(60),
  /**
   * The room's maximum hold: a source stuck at "active" (presence "detected", motion that never clears,
   * a speaker that never stops, a closed own door) holds the room at most this long without any other
   * sign of life. (Named for presence sensors, the first source it capped; it caps every source.)
   */
  presenceMaxHoldS: z
    .number()
    .int()
    .min(600)
    .max(48 * 3600)
    .default(12 * 3600),
  /** The "leaving" grace state between occupied and vacant (lights dim in it). */
  leavingGraceS: z.number().int().min(0).max(600).default(45),
  /**
   * "Wasp in a box": the room's own doors all closed with someone inside keep it occupied until one
   * opens. Only doors listed in `ownDoors` count, so a door is never trusted by default.
   */
  waspInBox: z.boolean().default(true),
  /**
   * Contact sensors (device ids) on doors that close only this room. An entrance shared with the
   * outside (role `entrance`, or a name such as "Front door") never counts, even when listed.
   */
  ownDoors: z.array(z.string().max(200)).max(50).default([]),
  /** N distinct sources must agree within windowS before a vacant room becomes occupied. */
  agreement: z
    .object({ n: z.number().int().min(1).max(5).default(1), windowS: z.number().int().min(5).max(600).default(60) })
    .default({ n: 1, windowS: 60 }),
  /**
   * Contact sensor id → its role; unlisted contacts are windows or entrances when their name says so,
   * doors otherwise. An entrance is a door to the outside: it never holds a room.
   */
  contactRoles: z.record(z.string(), z.enum(['door', 'entrance', 'window', 'ignore'])).default({}),
});
export type OccupancySettings = z.infer<typeof OccupancySettings>;

export type ContactRole = 'door' | 'entrance' | 'window' | 'ignore';
const WINDOW_NAME = /window|fenster|fenêtre|raam/i;
const ENTRANCE_NAME = /front door|entrance|entry|main door|haustür|eingang|porte d.entrée|voordeur/i;

/**
 * What a contact sensor is: set by the user (`contactRoles`), else guessed from its name (windows
 * and entrances say so). The room automations and the room settings page read it the same way.
 */
export function contactRole(d: { id: string; name: string }, settings: Pick<OccupancySettings, 'contactRoles'>): ContactRole {
  const set = Object.hasOwn(settings.contactRoles, d.id) ? settings.contactRoles[d.id] : undefined;
  return set ?? (WINDOW_NAME.test(d.name) ? 'window' : ENTRANCE_NAME.test(d.name) ? 'entrance' : 'door');
}

export const LightingSettings = z.object({
  /** auto: on and off by occupancy; vacancyOnly: people switch on, the room switches off; off: hands off. */
  mode: z.enum(['auto', 'vacancyOnly', 'off']).default('auto'),
  curve: LightingCurve.default({ kind: 'steps', steps: DEFAULT_STEPS }),
  /** Lights switch on automatically only when the room is darker than this. */
  luxThreshold: z.number().min(0).max(100_000).default(60),
  /** Dim to this share of the level when the room starts to clear ("dim before off"). 0 disables. */
  dimPercent: z.number().min(0).max(90).default(40),
  overridePolicy: OverridePolicy.default({ kind: 'untilOff' }),
  multiPerson: MultiPersonPolicy.default('room'),
  ownerId: z.string().max(100).optional(),
});
export type LightingSettings = z.infer<typeof LightingSettings>;

export const SchedulePeriod = z.object({
  /** 0 = Sunday … 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).min(1),
  from: TimeOfDay,
  to: TimeOfDay,
});
export type SchedulePeriod = z.infer<typeof SchedulePeriod>;

/**
 * The period the settings editor proposes for a room's "usually occupied" schedule: office hours
 * for offices and meeting rooms (Mo–Fr 08:00–18:00), evenings for a home (Mo–Fr 17:00–23:00).
 */
export function defaultUsualOccupancy(kind: 'home' | 'office' | 'meeting'): SchedulePeriod {
  return kind === 'home'
    ? { days: [1, 2, 3, 4, 5], from: '17:00', to: '23:00' }
    : { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' };
}

/**
 * Which way the room conditions: `heat` only (the default), `cool` only, or `auto` (heat below the heat
 * setpoint, cool above the cool one). Cooling reaches only thermostats whose supported modes include `cool`.
 */
export const ClimateRoomMode = z.enum(['heat', 'cool', 'auto']);
export type ClimateRoomMode = z.infer<typeof ClimateRoomMode>;

/**
 * How long a temperature or mode set by hand holds: until the next change of the room's schedule (or
 * 3 h without one), or until someone changes it again (or presses "Resume automatic").
 */
export const ClimateHoldPolicy = z.enum(['nextChange', 'untilChanged']);
export type ClimateHoldPolicy = z.infer<typeof ClimateHoldPolicy>;

export const ClimateSettings = z.object({
  enabled: z.boolean().default(true),
  mode: ClimateRoomMode.default('heat'),
  comfortHeatC: z.number().min(5).max(30).default(21),
  economyHeatC: z.number().min(5).max(30).default(17),
  comfortCoolC: z.number().min(16).max(32).default(24),
  economyCoolC: z.number().min(16).max(35).default(28),
  /** Vacant longer than this → economy. */
  vacantDelayMin: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** In a scheduled period, a room nobody has used for this long falls back to economy (smart away). */
  noShowMin: z
    .number()
    .int()
    .min(10)
    .max(24 * 60)
    .default(90),
  /** Expected occupancy: the room pre-conditions to reach comfort at each period's start. */
  schedule: z.array(SchedulePeriod).max(28).default([]),
  /** °C per hour when nothing has been learned yet (heating and cooling alike). */
  fallbackRateCPerHour: z.number().min(0.1).max(20).default(1.5),
  windowOpenMin: z.number().int().min(0).max(120).default(5),
  minOnMin: z.number().int().min(0).max(60).default(5),
  minOffMin: z.number().int().min(0).max(60).default(5),
  /** Never let the room fall below this. */
  frostC: z.number().min(3).max(12).default(7),
  manualHold: ClimateHoldPolicy.default('nextChange'),
});
export type ClimateSettings = z.infer<typeof ClimateSettings>;

export const MediaSettings = z.object({
  /** Pause the room's playing speakers when it goes vacant; resume those (if still paused) when it is occupied again. */
  pauseWhenVacant: z.boolean().default(false),
});
export type MediaSettings = z.infer<typeof MediaSettings>;

/**
 * A meeting room's lifecycle (core/automations/meetings): a booking checks in when the room is occupied within
 * `checkInMinutes` of its start, is released when nobody came by then, and ends early when the room has been
 * empty for `earlyEndMinutes` before its end. Pre-conditioning starts by the learned rate, at most
 * `preconditionMaxMinutes` before the start.
 */
export const MeetingSettings = z.object({
  checkInMinutes: z.number().int().min(1).max(60).default(10),
  earlyEndMinutes: z.number().int().min(1).max(120).default(10),
  preconditionMaxMinutes: z.number().int().min(0).max(360).default(120),
  /** Opt-in CalDAV write-back of a released meeting: note it in the description, or decline it for the room. */
  writeBack: z.enum(['off', 'describe', 'decline']).default('off'),
  /** Opt-in: unbooked use of a free room books it for 30 minutes (CalDAV calendars only). */
  bookUnbookedUse: z.boolean().default(false),
  /** The lights of a checked-in meeting (the organiser's own preference for this room wins when they are known). */
  lighting: LightLevel.default({ brightness: 90, kelvin: 4000 }),
});
export type MeetingSettings = z.infer<typeof MeetingSettings>;

export const RoomBehaviour = z.object({
  roomId: z.string().min(1).max(100),
  occupancy: OccupancySettings.default(OccupancySettings.parse({})),
  lighting: LightingSettings.default(LightingSettings.parse({})),
  climate: ClimateSettings.default(ClimateSettings.parse({})),
  media: MediaSettings.default(MediaSettings.parse({})),
  meeting: MeetingSettings.default(MeetingSettings.parse({})),
});
export type RoomBehaviour = z.infer<typeof RoomBehaviour>;
export type RoomBehaviourInput = z.input<typeof RoomBehaviour>;

export const LightPreference = LightLevel.extend({
  roomId: z.string().optional(),
  at: TimeOfDay,
  label: z.string().max(40).optional(),
});
export type LightPreference = z.infer<typeof LightPreference>;

/** A person and what they like; their preferences win while they are marked present in a room. */
export const Person = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  /** Matches a meeting's organiser (lower case compared), so their preference lights the meetings they organise. */
  email: z.string().max(254).optional(),
  lighting: z.array(LightPreference).max(48).default([]),
  comfortHeatC: z.number().min(5).max(30).optional(),
  /** The room the person is in, chosen in the UI (calendar attendees later). */
  roomId: z.string().nullable().default(null),
});
export type Person = z.infer<typeof Person>;
