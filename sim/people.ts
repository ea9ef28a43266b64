import { dayKey, HOUR, MINUTE, startOfDay } from './clock';
import { hash01 } from './random';

/**
 * People moving through rooms on a daily schedule. Pure: where someone is and
 * whether they move is a function of (seed, person, time), so any instant can be
 * asked about in any order and runs with the same seed are identical.
 */

export type Activity =
  'sleep' | 'bathroom' | 'breakfast' | 'cook' | 'relax' | 'work' | 'meeting' | 'lunch' | 'passing' | 'visit' | 'away';

export interface Booking {
  roomId: string;
  start: number;
  end: number;
  summary: string;
  attendees: string[];
  /** Booked, but nobody turns up (the case room-release features exist for). */
  ghost: boolean;
  /** The attendees leave this many minutes before the booked end (the meeting ends early). */
  endsEarlyMin?: number;
  /** Not in the calendar: people use the free room without booking it (a walk-in). */
  unbooked?: boolean;
}

export type PersonProfile =
  | {
      kind: 'resident';
      id: string;
      name: string;
      rooms: { bedroom: string; kitchen: string; living: string; bathroom?: string; hallway?: string; office?: string };
      /** Chance, on a weekday, of leaving for work rather than staying home. */
      commuteChance: number;
    }
  | { kind: 'office_worker'; id: string; name: string; rooms: { desk: string; kitchen: string } }
  /** Drops into one room now and then (used for generated extra rooms). */
  | { kind: 'wanderer'; id: string; name: string; rooms: { room: string } };

export interface Segment {
  from: number;
  to: number;
  roomId: string | null;
  activity: Activity;
}

export interface PersonLocation {
  personId: string;
  roomId: string | null;
  activity: Activity;
  moving: boolean;
}

/** Per-minute chance of visible movement, and chance a 5-minute block is spent sitting still. */
const MOVEMENT: Record<Activity, { move: number; stillBlock: number }> = {
  sleep: { move: 0.03, stillBlock: 0.5 },
  bathroom: { move: 0.95, stillBlock: 0 },
  breakfast: { move: 0.85, stillBlock: 0 },
  cook: { move: 0.9, stillBlock: 0 },
  lunch: { move: 0.8, stillBlock: 0 },
  passing: { move: 1, stillBlock: 0 },
  visit: { move: 0.8, stillBlock: 0.1 },
  relax: { move: 0.55, stillBlock: 0.35 },
  work: { move: 0.5, stillBlock: 0.3 },
  meeting: { move: 0.6, stillBlock: 0.2 },
  away: { move: 0, stillBlock: 1 },
};

/** Did this person move during the minute containing `t`? Long still blocks are what fool PIR sensors. */
export function isMoving(seed: number, personId: string, activity: Activity, t: number): boolean {
  const m = MOVEMENT[activity];
  const block = Math.floor(t / (5 * MINUTE));
  if (hash01(seed, personId, 'still', block) < m.stillBlock) return false;
  return hash01(seed, personId, 'move', Math.floor(t / MINUTE)) < m.move;
}

function isWeekend(dayStart: number): boolean {
  const d = new Date(dayStart + 12 * HOUR).getDay();
  return d === 0 || d === 6;
}

/** Build one day's plan as contiguous segments from midnight to midnight. */
export function dayPlan(profile: PersonProfile, seed: number, dayStart: number, bookings: readonly Booking[] = []): Segment[] {
  const j = (key: string) => hash01(seed, profile.id, dayKey(dayStart + 12 * HOUR), key);
  const at = (hour: number) => dayStart + Math.round(hour * HOUR);
  const segs: Segment[] = [];
  let cursor = dayStart;
  const go = (untilHour: number, roomId: string | null, activity: Activity) => {
    const to = at(untilHour);
    if (to > cursor) segs.push({ from: cursor, to, roomId, activity });
    cursor = Math.max(cursor, to);
  };
  const weekend = isWeekend(dayStart);

  if (profile.kind === 'resident') {
    const r = profile.rooms;
    const hall = r.hallway ?? r.living;
    const wake = 6.75 + j('wake') * 0.75 + (weekend ? 1.5 : 0);
    const bed = 22.5 + j('bed') * 1.0;
    go(wake, r.bedroom, 'sleep');
    let t = wake;
    if (r.bathroom) go((t += 0.2 + j('shower') * 0.15), r.bathroom, 'bathroom');
    go((t += 0.4 + j('breakfast') * 0.2), r.kitchen, 'breakfast');
    const commutes = !weekend && j('commute') < profile.commuteChance;
    if (commutes) {
      const back = 17.25 + j('back') * 1.0;
      go((t += 0.05), hall, 'passing');
      go(back, null, 'away');
      go((t = back + 0.05), hall, 'passing');
    } else {
      const desk = weekend ? r.living : (r.office ?? r.living);
      if (weekend && j('shopping') < 0.5) {
        go(10.5, r.living, 'relax');
        go(10.55, hall, 'passing');
        go(12.5, null, 'away');
        go(12.55, hall, 'passing');
        go(17.5, r.living, 'relax');
      } else {
        go(12.25, desk, weekend ? 'relax' : 'work');
        go(13, r.kitchen, 'lunch');
        go(17.5, desk, weekend ? 'relax' : 'work');
      }
      t = 17.5;
    }
    go(Math.max(t, 18.5), r.living, 'relax');
    go(19.25, r.kitchen, 'cook');
    if (r.bathroom) {
      go(bed - 0.2, r.living, 'relax');
      go(bed, r.bathroom, 'bathroom');
    } else go(bed, r.living, 'relax');
    go(24, r.bedroom, 'sleep');
    return segs;
  }

  if (profile.kind === 'office_worker') {
    if (weekend) return [{ from: dayStart, to: at(24), roomId: null, activity: 'away' }];
    const arrive = 8.25 + j('arrive') * 1.25;
    const leave = 16.75 + j('leave') * 1.25;
    const lunch = 12 + j('lunch') * 0.5;
    const base: Segment[] = [];
    const push = (from: number, to: number, roomId: string | null, activity: Activity) =>
      base.push({ from: at(from), to: at(to), roomId, activity });
    push(0, arrive, null, 'away');
    push(arrive, lunch, profile.rooms.desk, 'work');
    push(lunch, lunch + 0.75, profile.rooms.kitchen, 'lunch');
    push(lunch + 0.75, leave, profile.rooms.desk, 'work');
    push(leave, 24, null, 'away');
    // Meetings override whatever else was planned, while the person is in the building.
    const meetings = bookings
      .filter((b) => !b.ghost && b.attendees.includes(profile.id) && b.start >= at(arrive) && b.end <= at(leave))
      .map((b): Segment => ({
        from: b.start,
        to: b.end - (b.endsEarlyMin ?? 0) * MINUTE,
        roomId: b.roomId,
        activity: 'meeting',
      }));
    return overlay(base, meetings);
  }

  // Wanderer: in its room for some 15-minute slots between 07:00 and 23:00.
  for (let slot = 0; slot < 96; slot++) {
    const hour = slot / 4;
    const inRoom = hour >= 7 && hour < 23 && j(`slot${slot}`) < 0.3;
    go(hour + 0.25, inRoom ? profile.rooms.room : null, inRoom ? 'visit' : 'away');
  }
  return segs;
}

/** Lay `over` on top of `base`, cutting base segments where they overlap. */
export function overlay(base: Segment[], over: Segment[]): Segment[] {
  let out = base;
  for (const o of [...over].sort((a, b) => a.from - b.from)) {
    const next: Segment[] = [];
    for (const s of out) {
      if (s.to <= o.from || s.from >= o.to) next.push(s);
      else {
        if (s.from < o.from) next.push({ ...s, to: o.from });
        if (s.to > o.to) next.push({ ...s, from: o.to });
      }
    }
    next.push(o);
    out = next.sort((a, b) => a.from - b.from);
  }
  return out;
}

/** Everyone's whereabouts; caches each person's plan per day. */
export class People {
  private readonly plans = new Map<string, Segment[]>();

  constructor(
    readonly profiles: readonly PersonProfile[],
    private readonly seed: number,
    private readonly bookingsFor: (dayStart: number) => readonly Booking[] = () => [],
  ) {}

  plan(profile: PersonProfile, t: number): Segment[] {
    const day = startOfDay(t);
    const key = `${profile.id}@${day}`;
    let plan = this.plans.get(key);
    if (!plan) {
      if (this.plans.size > 500) this.plans.clear();
      plan = dayPlan(profile, this.seed, day, this.bookingsFor(day));
      this.plans.set(key, plan);
    }
    return plan;
  }

  locate(t: number): PersonLocation[] {
    return this.profiles.map((p) => {
      const seg = this.plan(p, t).find((s) => t >= s.from && t < s.to);
      const roomId = seg?.roomId ?? null;
      const activity = seg?.activity ?? 'away';
      return { personId: p.id, roomId, activity, moving: roomId !== null && isMoving(this.seed, p.id, activity, t) };
    });
  }
}
