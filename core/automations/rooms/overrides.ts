/**
 * Manual override of one light, pure: a change by hand (physical switch or the app) stops the room
 * adapting the light's level under the room's hold policy. Brightness and colour are held together:
 * a person who dims a lamp chose how it looks, and the room changing its warmth would undo that.
 * A light switched off by hand while the room is occupied stays off until the room empties.
 */
import type { LightOverride, OccupancyKind, OverridePolicy } from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';

export interface ManualChange {
  power?: boolean;
  brightness?: boolean;
  color?: boolean;
}

/** The light attributes a manual override holds (what no automatic write may touch while it lasts). */
export const HELD_BY_OVERRIDE = ['brightness', 'colorTemperature', 'color'] as const;

export function applyManualChange(
  prev: LightOverride | undefined,
  deviceId: string,
  change: ManualChange,
  occupancy: OccupancyKind,
  policy: OverridePolicy,
  now: number,
  by?: string,
): LightOverride | undefined {
  if (change.power === false) {
    // Off by hand: nothing left to adapt; while people are there it must stay off.
    if (occupancy === 'vacant') return undefined;
    return { deviceId, brightness: false, color: false, keptOff: true, since: now, until: null, ...(by ? { by } : {}) };
  }
  const level = change.brightness === true || change.color === true;
  const live = prev && !prev.keptOff ? prev : undefined;
  // Switched on by hand (no level chosen): the room adapts it (and counts it as activity).
  if (!level && !live) return undefined;
  const brightness = (live?.brightness ?? false) || change.brightness === true;
  const color = (live?.color ?? false) || change.color === true;
  // Each change by hand restarts a timed hold.
  const until = policy.kind !== 'minutes' ? null : level ? now + policy.minutes * 60_000 : (live?.until ?? null);
  const who = level ? by : (live?.by ?? by);
  return { deviceId, brightness, color, keptOff: false, since: live?.since ?? now, until, ...(who ? { by: who } : {}) };
}

/** Why an override ended, in words (the room's next decision says so). */
export type OverrideEnd = 'switchedOff' | 'timeUp' | 'vacant';

/** Whether the override still holds (undefined once it has ended), and if it ended, why. */
export function overrideState(
  o: LightOverride | undefined,
  policy: OverridePolicy,
  state: { lightOn: boolean | null; occupancy: OccupancyKind; now: number },
): { override: LightOverride | undefined; ended?: OverrideEnd } {
  if (!o) return { override: undefined };
  if (o.keptOff) return state.occupancy === 'vacant' ? { override: undefined, ended: 'vacant' } : { override: o };
  if (o.until !== null && state.now >= o.until) return { override: undefined, ended: 'timeUp' };
  if (state.occupancy === 'vacant' && policy.kind === 'untilVacant') return { override: undefined, ended: 'vacant' };
  if (state.lightOn === false && policy.kind === 'untilOff') return { override: undefined, ended: 'switchedOff' };
  return { override: o };
}

export function currentOverride(
  o: LightOverride | undefined,
  policy: OverridePolicy,
  state: { lightOn: boolean | null; occupancy: OccupancyKind; now: number },
): LightOverride | undefined {
  return overrideState(o, policy, state).override;
}

/** "until it is switched off", "until 15:20", "until the room empties". */
export function holdUntilWords(o: LightOverride, policy: OverridePolicy, format: TextFormat = DEFAULT_TEXT_FORMAT): string {
  if (o.until !== null) return `until ${format.time(o.until)}`;
  return policy.kind === 'untilVacant' ? 'until the room empties' : 'until it is switched off';
}

export function describeOverride(o: LightOverride, policy: OverridePolicy, format: TextFormat = DEFAULT_TEXT_FORMAT): string {
  if (o.keptOff)
    return `switched off by hand${o.by ? ` ${o.by}` : ''} while the room was occupied; stays off until the room empties`;
  const what = o.brightness && o.color ? 'brightness and colour' : o.brightness ? 'brightness' : 'colour';
  const also =
    o.brightness && o.color ? '' : o.brightness ? ' (its colour is kept with it)' : ' (its brightness is kept with it)';
  return `${what} set by hand${o.by ? ` ${o.by}` : ''} at ${format.time(o.since)}${also}; kept ${holdUntilWords(o, policy, format)}`;
}
