/** The mutable state the runner keeps per room (everything else is recomputed on each evaluation). */
import type { ClimateMode, Command, LightOverride, ManualHold, OccupancyState } from '../../model';
import type { Timer } from '../../util/clock';
import type { SourceReading } from './occupancy';
import { NO_RATE, type RateState } from './rate';

export interface RoomRuntime {
  sources: Map<string, SourceReading>;
  /** window device id → opened at */
  windowsOpen: Map<string, number>;
  holds: ManualHold[];
  occupancy: OccupancyState | undefined;
  overrides: Map<string, LightOverride>;
  /** Lights we dimmed because the room is clearing. */
  dimmed: Set<string>;
  lastAdapt: number;
  /** What we last sent each device, to tell our own echoes from changes by hand. */
  expected: Map<string, { command: Command; at: number }>;
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
  timer: Timer | undefined;
}

export function newRuntime(): RoomRuntime {
  return {
    sources: new Map(),
    windowsOpen: new Map(),
    holds: [],
    occupancy: undefined,
    overrides: new Map(),
    dimmed: new Set(),
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
  };
}

/** Whether a reported change matches what we sent recently (our own echo, not a hand). */
export function explainedBy(
  expected: { command: Command; at: number } | undefined,
  attr: 'power' | 'brightness' | 'color',
  value: number | boolean | null,
  now: number,
): boolean {
  if (!expected || now - expected.at > 30_000 || value === null) return false;
  const c = expected.command;
  if (attr === 'power') return c.power === value || (c.power === undefined && c.brightness !== undefined && value === true);
  if (attr === 'brightness') return c.brightness !== undefined && Math.abs(c.brightness - (value as number)) <= 2;
  return c.colorTemperature !== undefined && Math.abs(c.colorTemperature - (value as number)) <= 60;
}
