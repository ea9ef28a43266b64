/**
 * Manual override of one light, pure: a change by hand (physical switch or the app) stops the room
 * adapting what was changed — brightness and colour separately — under the room's hold policy.
 * A light switched off by hand while the room is occupied stays off until the room empties.
 */
import type { LightOverride, OccupancyKind, OverridePolicy } from '../../model';

export interface ManualChange {
  power?: boolean;
  brightness?: boolean;
  color?: boolean;
}

export function applyManualChange(
  prev: LightOverride | undefined,
  deviceId: string,
  change: ManualChange,
  occupancy: OccupancyKind,
  policy: OverridePolicy,
  now: number,
): LightOverride | undefined {
  if (change.power === false) {
    // Off by hand: nothing left to adapt; while people are there it must stay off.
    if (occupancy === 'vacant') return undefined;
    return { deviceId, brightness: false, color: false, keptOff: true, since: now, until: null };
  }
  const brightness = (prev?.brightness ?? false) || change.brightness === true;
  const color = (prev?.color ?? false) || change.color === true;
  if (!brightness && !color) return undefined; // switched on by hand: the room adapts it (and counts it as activity)
  const until = policy.kind === 'minutes' ? now + policy.minutes * 60_000 : null;
  return { deviceId, brightness, color, keptOff: false, since: prev && !prev.keptOff ? prev.since : now, until };
}

/** Whether the override still holds (undefined once it has ended). */
export function currentOverride(
  o: LightOverride | undefined,
  policy: OverridePolicy,
  state: { lightOn: boolean | null; occupancy: OccupancyKind; now: number },
): LightOverride | undefined {
  if (!o) return undefined;
  if (o.keptOff) return state.occupancy === 'vacant' ? undefined : o;
  if (o.until !== null && state.now >= o.until) return undefined;
  if (state.occupancy === 'vacant' && policy.kind === 'untilVacant') return undefined;
  if (state.lightOn === false && policy.kind === 'untilOff') return undefined;
  return o;
}

export function describeOverride(o: LightOverride, policy: OverridePolicy): string {
  if (o.keptOff) return 'switched off by hand while the room was occupied; stays off until the room empties';
  const what = o.brightness && o.color ? 'brightness and colour' : o.brightness ? 'brightness' : 'colour';
  const until =
    policy.kind === 'untilOff'
      ? 'until it is switched off'
      : policy.kind === 'untilVacant'
        ? 'until the room empties'
        : 'for a while';
  return `${what} set by hand; kept ${until}`;
}
