/**
 * Whose light preference applies in a room right now: people marked present win over the room's
 * curve; when several disagree, the room's multi-person policy decides. Pure.
 */
import type { LightingSettings, LightLevel, LightPreference, Location, Person } from '../../model';
import { atTime, curveAt, localMidnight, stepAt } from './curve';

export interface ActivePreference {
  level: LightLevel;
  /** "evening preference of Alice", "room evening". */
  text: string;
  personId: string | null;
  nextAt: number | null;
}

/**
 * A person's step applies in its own time span only: from its time until their next step that day, or
 * midnight — it does not carry over into the next day ("evening" from 18:00 is not in force at 14:55).
 * Outside every span the room's own curve applies.
 */
export function personStep(
  prefs: readonly LightPreference[],
  now: number,
): { step: LightPreference; end: number } | { step: null; nextStart: number } {
  const midnight = localMidnight(localMidnight(now) + DAY + DAY / 2);
  const started = prefs
    .map((step) => ({ step, start: atTime(now, step.at) }))
    .filter((x) => x.start <= now)
    .sort((a, b) => a.start - b.start);
  const current = started.at(-1);
  const next = stepAt(prefs, now).nextAt;
  if (current) return { step: current.step, end: Math.min(next, midnight) };
  return { step: null, nextStart: next };
}

const DAY = 86_400_000;

function personLevel(
  person: Person,
  roomId: string,
  now: number,
): { level: LightLevel; label: string; nextAt: number } | { nextAt: number } | undefined {
  const mine = person.lighting.filter((p) => p.roomId === undefined || p.roomId === roomId);
  const specific = mine.filter((p) => p.roomId === roomId);
  const prefs = specific.length > 0 ? specific : mine;
  if (prefs.length === 0) return undefined;
  const found = personStep(prefs, now);
  if (found.step === null) return { nextAt: found.nextStart };
  const { step } = found;
  return {
    level: { brightness: step.brightness, kelvin: step.kelvin },
    label: step.label ?? `from ${step.at}`,
    nextAt: found.end,
  };
}

export function activePreference(
  settings: LightingSettings,
  roomId: string,
  people: readonly Person[],
  now: number,
  location: Location,
): ActivePreference {
  const room = curveAt(settings.curve, now, location);
  const roomPref: ActivePreference = {
    level: room.level,
    text: `the room's ${room.label} setting`,
    personId: null,
    nextAt: room.nextAt,
  };
  type InForce = { level: LightLevel; label: string; nextAt: number };
  const here = people.filter((p) => p.roomId === roomId).map((p) => ({ person: p, pref: personLevel(p, roomId, now) }));
  const present = here.filter((x): x is { person: Person; pref: InForce } => x.pref !== undefined && 'level' in x.pref);
  // The room's curve until someone's own step begins.
  const starts = here.flatMap((x) => (x.pref && !('level' in x.pref) ? [x.pref.nextAt] : []));
  if (present.length === 0)
    return starts.length === 0 ? roomPref : { ...roomPref, nextAt: Math.min(roomPref.nextAt ?? Infinity, ...starts) };
  const as = (x: (typeof present)[number], why = ''): ActivePreference => ({
    level: x.pref.level,
    text: `${x.pref.label} preference of ${x.person.name}${why}`,
    personId: x.person.id,
    nextAt: x.pref.nextAt,
  });
  if (present.length === 1) return as(present[0]!);
  const names = present.map((x) => x.person.name).join(' and ');
  switch (settings.multiPerson) {
    case 'warmest':
      return as(
        present.reduce((a, b) => (b.pref.level.kelvin < a.pref.level.kelvin ? b : a)),
        ` (warmest of ${names})`,
      );
    case 'coolest':
      return as(
        present.reduce((a, b) => (b.pref.level.kelvin > a.pref.level.kelvin ? b : a)),
        ` (coolest of ${names})`,
      );
    case 'owner': {
      const owner = present.find((x) => x.person.id === settings.ownerId);
      if (owner) return as(owner, ' (room owner)');
      return { ...roomPref, text: `${roomPref.text} (${names} present, owner absent)` };
    }
    case 'room':
      return { ...roomPref, text: `${roomPref.text} (${names} present)` };
  }
}

/** The comfort temperature people present want, by the same policy (warmest = highest). */
export function comfortFor(
  settings: LightingSettings,
  roomId: string,
  people: readonly Person[],
  fallback: number,
): { c: number; who: string | null } {
  const present = people.filter((p) => p.roomId === roomId && p.comfortHeatC !== undefined);
  if (present.length === 0) return { c: fallback, who: null };
  if (present.length === 1) return { c: present[0]!.comfortHeatC!, who: present[0]!.name };
  if (settings.multiPerson === 'warmest') {
    const p = present.reduce((a, b) => (b.comfortHeatC! > a.comfortHeatC! ? b : a));
    return { c: p.comfortHeatC!, who: p.name };
  }
  if (settings.multiPerson === 'coolest') {
    const p = present.reduce((a, b) => (b.comfortHeatC! < a.comfortHeatC! ? b : a));
    return { c: p.comfortHeatC!, who: p.name };
  }
  const owner = present.find((p) => p.id === settings.ownerId);
  if (settings.multiPerson === 'owner' && owner) return { c: owner.comfortHeatC!, who: owner.name };
  return { c: fallback, who: null };
}
