/**
 * What the lifecycle's records mean to the rest of the hub, pure: the API's bookings, the board at the door, the
 * periods the room's climate conditions for, the lights of a checked-in meeting and the weekly utilisation report.
 */
import type { LightLevel, Person } from '../../model';
import type { Booking } from '../../model/booking';
import type { BoardRoom, BoardState, UtilisationRow } from '../../model/meeting';
import { type MeetingRecord, type RoomOccupancy } from './lifecycle';
import { personStep } from '../rooms/preferences';

const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** A booking starting this soon shows as "booked soon" on the board. */
export const SOON_MS = 15 * MIN;
/** The schedule-only baseline the savings are counted against heats from this long before each start. */
export const BASELINE_LEAD_MS = 30 * MIN;

export function toBooking(rec: MeetingRecord): Booking {
  return {
    uid: rec.uid,
    occurrence: rec.occurrence,
    title: rec.private ? 'Private' : rec.title,
    start: iso(rec.start),
    end: iso(rec.end),
    ...(rec.organizer && !rec.private ? { organizer: rec.organizer } : {}),
    private: rec.private,
    state: rec.state,
  };
}

const byStart = (a: MeetingRecord, b: MeetingRecord) => a.start - b.start || a.end - b.end;

/** The board: in use (booked or not), released, booked soon (or waiting for its check-in), else free. */
export function boardRoom(
  room: { id: string; name: string },
  records: Iterable<MeetingRecord>,
  occupancy: RoomOccupancy | undefined,
  now: number,
  temperatureC: number | null,
): BoardRoom {
  const list = [...records].filter((r) => r.state !== 'cancelled').sort(byStart);
  const upcoming = list.filter((r) => (r.state === 'booked' || r.state === 'preparing') && r.end > now);
  let state: BoardState = 'free';
  let current: MeetingRecord | undefined = list.find((r) => r.state === 'in-use');
  if (current) state = 'in-use';
  else if (occupancy?.occupied) state = 'in-use-unbooked';
  else {
    const soon = upcoming.find((r) => r.start - SOON_MS <= now);
    const released = list.filter((r) => r.state === 'released' && r.start <= now && now < r.end && !r.unobserved).at(-1);
    if (soon) [state, current] = ['booked-soon', soon];
    else if (released) [state, current] = ['released', released];
  }
  const next = upcoming.filter((r) => r !== current && r.start > now).slice(0, 3);
  const free = state === 'free' || state === 'released';
  return {
    roomId: room.id,
    name: room.name,
    state,
    current: current ? toBooking(current) : null,
    next: next.map(toBooking),
    freeUntil: free && next[0] ? iso(next[0].start) : null,
    temperatureC: temperatureC === null ? null : Math.round(temperatureC * 10) / 10,
    at: iso(now),
  };
}

/** A booking the room's climate conditions for (instead of its weekly schedule). */
export interface MeetingPeriod {
  start: number;
  end: number;
  /** "“Weekly sync”" (or "a private meeting"). */
  label: string;
  /** The cap on how early pre-conditioning may start. */
  leadCapMs: number;
}

/** Booked, preparing and checked-in meetings still to come or running; released and ended ones are not conditioned. */
export function climatePeriods(records: Iterable<MeetingRecord>, now: number, preconditionMaxMinutes: number): MeetingPeriod[] {
  return [...records]
    .filter((r) => (r.state === 'booked' || r.state === 'preparing' || r.state === 'in-use') && r.end > now)
    .sort(byStart)
    .map((r) => ({
      start: r.start,
      end: r.end,
      label: r.private ? 'a private meeting' : `“${r.title}”`,
      leadCapMs: preconditionMaxMinutes * MIN,
    }));
}

/**
 * The lights of the meeting in use: its organiser's preference for this room when the organiser is a known person
 * (matched by e-mail, case-insensitive) with a step in force, else the room's meeting level.
 */
export function meetingLight(
  records: Iterable<MeetingRecord>,
  roomId: string,
  roomLevel: LightLevel,
  people: readonly Person[],
  now: number,
): { level: LightLevel; text: string } | null {
  const rec = [...records].find((r) => r.state === 'in-use');
  if (!rec) return null;
  const what = rec.private ? 'a private meeting' : `meeting “${rec.title}”`;
  const organizer = rec.organizer?.toLowerCase();
  const person = organizer ? people.find((p) => p.email?.toLowerCase() === organizer) : undefined;
  if (person) {
    const prefs = person.lighting.filter((p) => p.roomId === roomId);
    const found = personStep(prefs.length > 0 ? prefs : person.lighting.filter((p) => p.roomId === undefined), now);
    if (found.step)
      return {
        level: { brightness: found.step.brightness, kelvin: found.step.kelvin },
        text: `${what}: preference of its organiser ${person.name}`,
      };
  }
  return { level: roomLevel, text: `${what}: the room's meeting setting` };
}

/** Monday 00:00 local of the week holding `ms`. */
export function weekStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  const back = (d.getDay() + 6) % 7;
  // setDate steps calendar days, so a DST change inside the week moves nothing.
  d.setDate(d.getDate() - back);
  return d.getTime();
}

/** Per week (of each booking's start): booked and used hours, ghosts released, early ends, conditioning saved. */
export function utilisation(
  room: { id: string; name: string },
  records: Iterable<MeetingRecord>,
  from: number,
  to: number,
  now: number,
): UtilisationRow[] {
  const weeks = new Map<number, UtilisationRow>();
  for (let w = weekStart(from); w < to; w = weekStart(w + 8 * 24 * HOUR))
    weeks.set(w, {
      roomId: room.id,
      name: room.name,
      weekStart: iso(w),
      bookedHours: 0,
      usedHours: 0,
      meetings: 0,
      released: 0,
      endedEarly: 0,
      conditioningSavedHours: 0,
    });
  for (const r of records) {
    if (r.state === 'cancelled' || r.unobserved || r.start < from || r.start >= to) continue;
    const row = weeks.get(weekStart(r.start));
    if (!row) continue;
    row.meetings += 1;
    row.bookedHours += (r.end - r.start) / HOUR;
    if (r.checkedInAt !== undefined) {
      const until = Math.min(r.end, r.usedUntil ?? r.endedAt ?? now);
      row.usedHours += Math.max(0, until - Math.max(r.start, r.checkedInAt)) / HOUR;
    }
    if (r.state === 'released' && r.releasedAt !== undefined) {
      row.released += 1;
      const baseline = r.end - (r.start - BASELINE_LEAD_MS);
      const spent = r.releasedAt - (r.preparingAt ?? r.releasedAt);
      row.conditioningSavedHours += Math.max(0, baseline - spent) / HOUR;
    }
    if (r.endedEarly && r.endedAt !== undefined) {
      row.endedEarly += 1;
      row.conditioningSavedHours += Math.max(0, r.end - r.endedAt) / HOUR;
    }
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return [...weeks.values()].map((w) => ({
    ...w,
    bookedHours: round(w.bookedHours),
    usedHours: round(w.usedHours),
    conditioningSavedHours: round(w.conditioningSavedHours),
  }));
}
