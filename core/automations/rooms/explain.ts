/** Words for the facts behind decisions and for what happens next. Pure. */
import type { LightingSettings, OccupancySettings, OccupancyState, PlannedChange } from '../../model';
import { hhmm } from '../../model/time';
import type { ActivePreference } from './preferences';

/** "occupied since 19:02 by Office motion". */
export function occupancyFact(o: OccupancyState): string {
  const by = o.source ? ` by ${o.source.name}` : '';
  switch (o.state) {
    case 'occupied':
      return `occupied since ${hhmm(o.since)}${by}`;
    case 'leaving':
      return `clearing since ${hhmm(o.since)} (last held${by})`;
    case 'vacant':
      return `vacant since ${hhmm(o.since)}`;
  }
}

export function lightPlan(
  roomId: string,
  o: OccupancyState,
  settings: { lighting: LightingSettings; occupancy: OccupancySettings },
  lightsOn: boolean,
  preference: ActivePreference,
  now: number,
): PlannedChange[] {
  const out: PlannedChange[] = [];
  if (!lightsOn || settings.lighting.mode === 'off' || o.paused) return out;
  const mins = (t: number) => `${Math.max(0, Math.ceil((t - now) / 60_000))} min`;
  if (o.state === 'occupied' && o.until !== null) {
    const dim = settings.lighting.dimPercent > 0 ? 'dim, then ' : '';
    out.push({
      at: o.until,
      roomId,
      text: `Lights ${dim}off in ${mins(o.until + settings.occupancy.leavingGraceS * 1000)} unless there is activity`,
    });
  }
  if (o.state === 'leaving' && o.until !== null)
    out.push({ at: o.until, roomId, text: `Lights off in ${mins(o.until)} unless there is activity` });
  if (o.state !== 'vacant' && preference.nextAt !== null)
    out.push({ at: preference.nextAt, roomId, text: `Lights follow the next step of the curve from ${hhmm(preference.nextAt)}` });
  return out;
}
