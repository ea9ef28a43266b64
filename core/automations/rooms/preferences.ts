/**
 * Whose light preference applies in a room right now: people marked present win over the room's
 * curve; when several disagree, the room's multi-person policy decides. Pure.
 */
import type { LightingSettings, LightLevel, Location, Person } from '../../model';
import { curveAt, stepAt } from './curve';

export interface ActivePreference {
  level: LightLevel;
  /** "evening preference of Alice", "room evening". */
  text: string;
  personId: string | null;
  nextAt: number | null;
}

function personLevel(
  person: Person,
  roomId: string,
  now: number,
): { level: LightLevel; label: string; nextAt: number } | undefined {
  const mine = person.lighting.filter((p) => p.roomId === undefined || p.roomId === roomId);
  const specific = mine.filter((p) => p.roomId === roomId);
  const prefs = specific.length > 0 ? specific : mine;
  if (prefs.length === 0) return undefined;
  const { step, nextAt } = stepAt(prefs, now);
  return { level: { brightness: step.brightness, kelvin: step.kelvin }, label: step.label ?? `from ${step.at}`, nextAt };
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
  const present = people
    .filter((p) => p.roomId === roomId)
    .map((p) => ({ person: p, pref: personLevel(p, roomId, now) }))
    .filter((x): x is { person: Person; pref: NonNullable<ReturnType<typeof personLevel>> } => x.pref !== undefined);
  if (present.length === 0) return roomPref;
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
