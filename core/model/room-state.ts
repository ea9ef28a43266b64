/** What the room automations know and did: occupancy, the arbiter's decisions, planned changes. */
import { z } from 'zod';
import { Command } from './command';

export const OccupancyKind = z.enum(['occupied', 'leaving', 'vacant']);
export type OccupancyKind = z.infer<typeof OccupancyKind>;

/** `person`: someone marked present in the room (always occupies it); `hold`: a manual hold. */
export const SourceKind = z.enum(['motion', 'presence', 'door', 'media', 'light', 'person', 'hold']);
export type SourceKind = z.infer<typeof SourceKind>;

export const OccupancySource = z.object({ id: z.string(), name: z.string(), kind: SourceKind });
export type OccupancySource = z.infer<typeof OccupancySource>;

export const ManualHold = z.discriminatedUnion('kind', [
  /** "Occupied for 1 h". */
  z.object({ kind: z.literal('occupied'), since: z.number(), until: z.number() }),
  /** "Vacant": evidence from before `since` is ignored; new activity occupies the room again. */
  z.object({ kind: z.literal('vacant'), since: z.number() }),
  /** "Pause automations here" (until resumed, or until `until`). */
  z.object({ kind: z.literal('paused'), since: z.number(), until: z.number().optional() }),
]);
export type ManualHold = z.infer<typeof ManualHold>;

export const OccupancyState = z.object({
  state: OccupancyKind,
  since: z.number(),
  /** The source that holds (or last held) the room. */
  source: OccupancySource.nullable(),
  /** When the room starts to clear unless there is new activity; null: held indefinitely or already vacant. */
  until: z.number().nullable(),
  paused: z.boolean(),
  /** The source whose activity made the room occupied (the motion sensor, even when a door then holds it). */
  trigger: OccupancySource.nullable().optional(),
});
export type OccupancyState = z.infer<typeof OccupancyState>;

/** Highest priority first: a person's automation (`rule`) ranks below a change by hand and above the rooms' own writers. */
export const WRITERS = ['safety', 'manual', 'rule', 'occupancy', 'schedule', 'circadian'] as const;
export const Writer = z.enum(WRITERS);
export type Writer = z.infer<typeof Writer>;

/** One arbiter decision: which writer won for a device, what it sent, and why (the explanation source). */
export const Decision = z.object({
  deviceId: z.string(),
  roomId: z.string(),
  at: z.number(),
  writer: Writer,
  /** Null when the winner holds the device as it is (a manual override). */
  command: Command.nullable(),
  /** "Living room ceiling → 60 % 2700 K: evening preference of Alice; occupied since 19:02 by Living room motion". */
  text: z.string(),
  facts: z.array(z.string()),
  /** Lower-priority writers that wanted something else. */
  overruled: z.array(z.object({ writer: Writer, text: z.string() })),
  /**
   * The change was made by a person (in the app, or at the device) and the room only recorded it as
   * the manual writer: the logbook has it already from the command or the device, so it is not logged again.
   */
  byHand: z.boolean().optional(),
  /** The automation run that wrote (writer `rule`), so "why?" and the logbook name it. */
  automation: z.object({ id: z.string(), name: z.string(), runId: z.string() }).optional(),
});
export type Decision = z.infer<typeof Decision>;

export const PlannedChange = z.object({
  at: z.number(),
  roomId: z.string(),
  deviceId: z.string().optional(),
  /** "Lights off in 4 min unless motion", "Pre-heating to 21 °C by 17:00". */
  text: z.string(),
});
export type PlannedChange = z.infer<typeof PlannedChange>;

/**
 * What is under manual control in a room, per light. A level set by hand holds brightness and colour
 * together (they depend on each other); `brightness`/`color` say which of them the person changed.
 */
export const LightOverride = z.object({
  deviceId: z.string(),
  brightness: z.boolean(),
  color: z.boolean(),
  /** Switched off by hand while the room was occupied: stays off until the room empties. */
  keptOff: z.boolean(),
  since: z.number(),
  until: z.number().nullable(),
  /** Who changed it: "from a browser", "at the device". */
  by: z.string().optional(),
});
export type LightOverride = z.infer<typeof LightOverride>;

/**
 * Which rule holds the room occupied, for the room page ("Held by Bedroom door: its own door is
 * closed with someone inside"), with the setting that makes it hold, so the page can offer to change it.
 */
export const OccupancyHolder = z.object({
  source: OccupancySource,
  /** "motion 2 min ago", "closed door with someone inside", "marked present". */
  rule: z.string(),
  /** The one-click change the page offers: stop treating a door as the room's own, or end a manual hold. */
  change: z.enum(['notOwnDoor', 'releaseHold', 'markGone']).nullable(),
  /** The room's maximum hold ends this source's hold at this time unless there is other activity (null: not capped). */
  cappedAt: z.number().nullable(),
});
export type OccupancyHolder = z.infer<typeof OccupancyHolder>;

/** A source still reporting "active" that the room's maximum hold stopped counting (a stuck sensor). */
export const StuckSource = z.object({ source: OccupancySource, activeSince: z.number(), ignoredSince: z.number() });
export type StuckSource = z.infer<typeof StuckSource>;

export const RoomStatus = z.object({
  roomId: z.string(),
  occupancy: OccupancyState,
  holds: z.array(ManualHold),
  /** "Evening preference of Alice", "Room evening (60 % 2700 K)". */
  preference: z.string().nullable(),
  overrides: z.array(LightOverride),
  next: z.array(PlannedChange),
  climate: z
    .object({
      targetC: z.number(),
      text: z.string(),
      rateCPerHour: z.number(),
      /** A temperature set by hand: held until `until` (the next schedule change) or, when null, until changed again. */
      hold: z.object({ deviceId: z.string(), targetC: z.number(), until: z.number().nullable() }).nullable().optional(),
    })
    .nullable(),
  people: z.array(z.string()),
  /** The sources holding the room occupied, the one that explains it first. */
  heldBy: z.array(OccupancyHolder).optional(),
  stuck: z.array(StuckSource).optional(),
});
export type RoomStatus = z.infer<typeof RoomStatus>;
