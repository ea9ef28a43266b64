/** Words for the facts behind decisions and for what happens next. Pure. */
import type { LightingSettings, OccupancyHolder, OccupancySettings, OccupancyState, PlannedChange } from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import type { Holder } from './occupancy';
import type { ActivePreference } from './preferences';

/**
 * "occupied since 19:02 by Office motion": named by the source whose activity occupied the room (the
 * motion sensor), and the source that keeps it occupied only when that is another one.
 */
export function occupancyFact(o: OccupancyState, format: TextFormat = DEFAULT_TEXT_FORMAT): string {
  const first = o.trigger ?? o.source;
  const by = first ? ` by ${first.name}` : '';
  switch (o.state) {
    case 'occupied': {
      const held = o.source && first && o.source.id !== first.id ? `, held by ${o.source.name}` : '';
      return `occupied since ${format.time(o.since)}${by}${held}`;
    }
    case 'leaving':
      return `clearing since ${format.time(o.since)} (last held${by})`;
    case 'vacant':
      return `vacant since ${format.time(o.since)}`;
  }
}

export function lightPlan(
  roomId: string,
  o: OccupancyState,
  settings: { lighting: LightingSettings; occupancy: OccupancySettings },
  lightsOn: boolean,
  preference: ActivePreference,
  now: number,
  format: TextFormat = DEFAULT_TEXT_FORMAT,
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
    out.push({
      at: preference.nextAt,
      roomId,
      text: `Lights follow the next step of the curve from ${format.time(preference.nextAt)}`,
    });
  return out;
}

const RULES: Record<Holder['source']['kind'], string> = {
  motion: 'motion seen; the room clears after the set time without more',
  presence: 'the presence sensor detects someone',
  door: 'its own door is closed with someone inside (the closed-door rule)',
  media: 'a speaker is playing',
  light: 'a light was operated by hand',
  person: 'marked present',
  hold: 'held by hand (“Occupied for …”)',
};

/** Which rule holds the room, and the one-click change the room page offers for it. */
export function describeHolders(holders: readonly Holder[]): OccupancyHolder[] {
  return holders.map((h) => ({
    source: h.source,
    rule: RULES[h.source.kind],
    change:
      h.source.kind === 'door'
        ? 'notOwnDoor'
        : h.source.kind === 'hold'
          ? 'releaseHold'
          : h.source.kind === 'person'
            ? 'markGone'
            : null,
    cappedAt: h.cappedAt,
  }));
}
