/** The mutable state the runner keeps per room (everything else is recomputed on each evaluation). */
import type { ClimateMode, Command, LightOverride, ManualHold, OccupancyState, StuckSource } from '../../model';
import type { Timer } from '../../util/clock';
import type { Holder, SourceReading } from './occupancy';
import { NO_RATE, type RateState } from './rate';

export interface RoomRuntime {
  sources: Map<string, SourceReading>;
  /** window device id → opened at */
  windowsOpen: Map<string, number>;
  holds: ManualHold[];
  occupancy: OccupancyState | undefined;
  /** The sources holding the room at the last evaluation, and those its maximum hold ignores. */
  holders: Holder[];
  stuck: StuckSource[];
  overrides: Map<string, LightOverride>;
  /** Lights we dimmed because the room is clearing. */
  dimmed: Set<string>;
  /** Lights whose manual hold just ended → why (the room restores their level at once, and says so). */
  resumed: Map<string, string>;
  lastAdapt: number;
  /** What was sent each device lately (by the room or from the app), to tell echoes from changes by hand. */
  expected: Map<string, Expected[]>;
  /** A temperature set by hand; `until` is the next scheduled change (it is kept for ever under "until I change it"). */
  climateHolds: Map<string, { targetC: number; until: number; mode?: ClimateMode }>;
  demand: Map<string, { on: boolean; since: number; mode: 'heat' | 'cool' }>;
  rate: RateState;
  /** How fast the room cools while a thermostat is cooling (learned like `rate`). */
  coolRate: RateState;
  /** Speakers this room paused when it went vacant (resumed, if still paused, when it is occupied again). */
  pausedSpeakers: string[];
  /** thermostat id → the period start its pre-conditioning is committed to */
  preheating: Map<string, number>;
  climate: { targetC: number; text: string; next: { at: number; text: string } | null } | null;
  preference: string | null;
  /** Whose preference applied at the last evaluation (null: the room's own; undefined: not evaluated yet). */
  preferencePerson?: string | null;
  timer: Timer | undefined;
  /** What people's automations last wrote to a device: held against the room's own writers (see RuleClaim). */
  ruleClaims: Map<string, RuleClaim>;
}

/**
 * An automation's write holds the attributes it set (the arbiter's `rule` priority, above the room's own writers)
 * until the room's occupancy changes after it (occupied ↔ vacant), a person changes the device by hand, the next
 * automation write replaces it, or "Resume automatic". So a rule and the room never fight over one light, and the
 * room takes over again when something new happens in it.
 */
export interface RuleClaim {
  attributes: ('power' | 'brightness' | 'colorTemperature' | 'color' | 'climate')[];
  text: string;
  automation: { id: string; name: string; runId: string };
  since: number;
  /** The occupancy the room evaluated to first after the write (set lazily: the write may come before the room sees the event). */
  baseline?: 'occupied' | 'vacant';
}

export function newRuntime(): RoomRuntime {
  return {
    sources: new Map(),
    windowsOpen: new Map(),
    holds: [],
    occupancy: undefined,
    holders: [],
    stuck: [],
    overrides: new Map(),
    dimmed: new Set(),
    resumed: new Map(),
    lastAdapt: -Infinity,
    expected: new Map(),
    climateHolds: new Map(),
    demand: new Map(),
    rate: NO_RATE,
    coolRate: NO_RATE,
    pausedSpeakers: [],
    preheating: new Map(),
    climate: null,
    preference: null,
    timer: undefined,
    ruleClaims: new Map(),
  };
}

export interface Expected {
  command: Command;
  at: number;
}

const ECHO_MS = 30_000;

/** Remember a command sent to a device (its echo is not a change by hand). */
export function expectEcho(rt: Pick<RoomRuntime, 'expected'>, deviceId: string, command: Command, now: number): void {
  const recent = (rt.expected.get(deviceId) ?? []).filter((e) => now - e.at <= ECHO_MS);
  recent.push({ command, at: now });
  rt.expected.set(deviceId, recent.slice(-8));
}

/**
 * Whether the newest command sent to the light switches it on and has not been answered yet: a light
 * switched on by hand from the app still reports "off" until its echo arrives, and that stale report
 * must not end the hold the same command started.
 */
export function switchingOn(expected: readonly Expected[] | undefined, reportedOn: boolean | null, now: number): boolean {
  const last = expected?.at(-1);
  if (!last || now - last.at > ECHO_MS || reportedOn !== false) return false;
  return last.command.power === true || (last.command.power === undefined && last.command.brightness !== undefined);
}

/** Whether a reported change matches a command sent recently (an echo, not a hand). */
export function explainedBy(
  expected: readonly Expected[] | undefined,
  attr: 'power' | 'brightness' | 'color',
  value: number | boolean | null,
  now: number,
): boolean {
  if (!expected || value === null) return false;
  return expected.some(({ command: c, at }) => {
    if (now - at > ECHO_MS) return false;
    if (attr === 'power') return c.power === value || (c.power === undefined && c.brightness !== undefined && value === true);
    if (attr === 'brightness') return c.brightness !== undefined && Math.abs(c.brightness - (value as number)) <= 2;
    return c.colorTemperature !== undefined && Math.abs(c.colorTemperature - (value as number)) <= 60;
  });
}
