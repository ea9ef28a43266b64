/**
 * A meeting room's bookings through their lifecycle, pure and clock-driven (the caller passes `now`):
 *
 *   booked → preparing   pre-conditioning starts (the learned rate's lead, capped), or the check-in window opens
 *   preparing → in-use   the room is occupied within `checkInMinutes` of the start
 *   preparing → released nobody by `checkInMinutes` after the start
 *   in-use → ended       at the end, or early once the room has been empty for `earlyEndMinutes`
 *   any open → cancelled the event was cancelled or deleted
 *
 * The room's occupancy is attributed to at most one meeting at a time — the one in use — so the people of a meeting
 * that runs on do not check the next one in before the first has ended (back-to-back meetings); occupancy that
 * carries on from the meeting before checks the next one in only if someone is still detected at the end of its
 * check-in window (not merely the sensors' countdown after the last of them left). A booking that moves
 * while booked or preparing is planned again from its new times; one released and then moved into the future is
 * booked again. Windows are half-open: occupancy at minute 9 of a 10-minute check-in checks in, at minute 10 it is
 * too late.
 */
import { bookingKey, type BookingState, type CalendarEvent } from '../../model/booking';
import type { MeetingSettings } from '../../model';

export interface MeetingRecord {
  key: string;
  uid: string;
  occurrence: string;
  title: string;
  private: boolean;
  organizer?: string;
  start: number;
  end: number;
  state: BookingState;
  /** When the state was entered. */
  since: number;
  /** When pre-conditioning (or the check-in window) began. */
  preparingAt?: number;
  checkedInAt?: number;
  releasedAt?: number;
  /** When the meeting ended (its end, or when an early end was noticed). */
  endedAt?: number;
  /** The room's last sign of use for an early end (vacant since). */
  usedUntil?: number;
  endedEarly?: boolean;
  /** First seen after its check-in window had closed (a hub started late): not counted in utilisation. */
  unobserved?: boolean;
}

export type TransitionKind = 'prepare' | 'check-in' | 'release' | 'end' | 'end-early' | 'cancel' | 'move';

export interface Transition {
  kind: TransitionKind;
  from: BookingState;
  to: BookingState;
  at: number;
  record: MeetingRecord;
}

export interface RoomOccupancy {
  /** Occupied (or leaving) as the room's occupancy fusion says. */
  occupied: boolean;
  /** Since when it has been so. */
  since: number;
  /** Occupied only by the countdown after the last sign of life (a sensor's timeout), not by one still detecting. */
  clearing?: boolean;
}

export interface LifecycleInput {
  events: readonly CalendarEvent[];
  occupancy: RoomOccupancy;
  now: number;
  settings: Pick<MeetingSettings, 'checkInMinutes' | 'earlyEndMinutes' | 'preconditionMaxMinutes'>;
  /** How long the room needs to reach comfort for a meeting starting at `start` (learned rate), before the cap. */
  leadMs: (start: number) => number;
}

export interface LifecycleStep {
  records: Map<string, MeetingRecord>;
  transitions: Transition[];
  /** The next time something can change without a new occupancy or calendar event. */
  nextAt: number | null;
}

const MIN = 60_000;
const TERMINAL: ReadonlySet<BookingState> = new Set(['released', 'ended', 'cancelled']);

export const isOpen = (state: BookingState): boolean => !TERMINAL.has(state);

/** When preparing begins: the capped pre-conditioning lead, and never later than the check-in window's opening. */
export function preparingFrom(start: number, leadMs: number, settings: LifecycleInput['settings']): number {
  const lead = Math.min(Math.max(0, leadMs), settings.preconditionMaxMinutes * MIN);
  return Math.min(start - lead, start - settings.checkInMinutes * MIN);
}

/** One step of every booking of one room. `prev` is not modified. */
export function stepMeetings(prev: ReadonlyMap<string, MeetingRecord>, input: LifecycleInput): LifecycleStep {
  const { now, occupancy, settings } = input;
  const checkIn = settings.checkInMinutes * MIN;
  const records = new Map<string, MeetingRecord>();
  const transitions: Transition[] = [];
  const times: number[] = [];
  const go = (rec: MeetingRecord, kind: TransitionKind, to: BookingState, extra: Partial<MeetingRecord> = {}) => {
    const from = rec.state;
    Object.assign(rec, { state: to, since: now }, extra);
    transitions.push({ kind, from, to, at: now, record: { ...rec } });
  };

  const seen = new Set<string>();
  const fresh = new Set<string>();
  const movedKeys = new Set<string>();
  const events = input.events.filter((e) => !e.allDay).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const event of events) {
    const key = bookingKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    const before = prev.get(key);
    const rec: MeetingRecord = before
      ? { ...before }
      : {
          key,
          uid: event.uid,
          occurrence: event.occurrence,
          title: event.title,
          private: event.private,
          start: event.start,
          end: event.end,
          state: 'booked',
          since: now,
        };
    const moved = before !== undefined && (before.start !== event.start || before.end !== event.end);
    if (moved) movedKeys.add(key);
    Object.assign(rec, { title: event.title, private: event.private, start: event.start, end: event.end });
    if (event.organizer) rec.organizer = event.organizer;
    else delete rec.organizer;
    records.set(key, rec);
    if (!before) fresh.add(key);
    if (event.cancelled) {
      if (isOpen(rec.state)) go(rec, 'cancel', 'cancelled');
      continue;
    }
    // Released, then moved to a time still ahead: it is a booking again.
    if (rec.state === 'released' && moved && now < event.start + checkIn) {
      go(rec, 'move', 'booked');
      delete rec.releasedAt;
      delete rec.preparingAt;
    }
    if (rec.state === 'cancelled' && !event.cancelled) go(rec, 'move', 'booked');
  }
  // A booking that left the calendar is cancelled; finished ones are kept for the utilisation report.
  for (const [key, before] of prev) {
    if (records.has(key)) continue;
    const rec = { ...before };
    records.set(key, rec);
    if (isOpen(rec.state)) go(rec, 'cancel', 'cancelled');
  }

  const ordered = [...records.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const rec of ordered) {
    if (rec.state !== 'in-use') continue;
    endIfDone(rec);
  }
  let inUse = ordered.find((r) => r.state === 'in-use');
  for (const rec of ordered) {
    if (rec.state !== 'booked' && rec.state !== 'preparing') continue;
    const windowStart = rec.start - checkIn;
    const windowEnd = rec.start + checkIn;
    const prepareAt = preparingFrom(rec.start, input.leadMs(rec.start), settings);
    // Occupancy that began before the window closes and is still there checks in (from the window's opening on).
    // Occupancy carried over from a meeting that just ended is only trusted if it lasts to the window's end: the
    // people of the previous meeting leaving late must not check a ghost meeting in.
    const previousEnd = Math.max(
      -Infinity,
      ...[...records.values()].flatMap((r) =>
        r !== rec && r.endedAt !== undefined && r.endedAt > windowStart - checkIn && r.endedAt <= now ? [r.endedAt] : [],
      ),
    );
    const carried = occupancy.occupied && occupancy.since < previousEnd;
    // Occupancy from before the window (people early, or an unbooked use before it) counts once the meeting has
    // started, while someone is still detected — not during the countdown after they left.
    const early = occupancy.occupied && occupancy.since < windowStart;
    const present =
      occupancy.occupied &&
      occupancy.since < windowEnd &&
      now >= windowStart &&
      (carried ? now >= windowEnd && !occupancy.clearing : !early || (now > rec.start && !occupancy.clearing));
    // First seen after its window (the hub started late): placed without a story, and left out of the report.
    if (fresh.has(rec.key) && now >= windowEnd) {
      const running = occupancy.occupied && now < rec.end && !inUse;
      Object.assign(rec, { state: running ? 'in-use' : now >= rec.end ? 'ended' : 'released', since: now, unobserved: true });
      if (running) {
        rec.checkedInAt = now;
        inUse = rec;
      }
      continue;
    }
    if (present && !inUse && now < rec.end) {
      go(rec, 'check-in', 'in-use', { checkedInAt: carried ? rec.start : Math.min(now, Math.max(occupancy.since, windowStart)) });
      inUse = rec;
      endIfDone(rec);
      if ((rec.state as BookingState) !== 'in-use') inUse = undefined;
      continue;
    }
    if (now >= windowEnd || now >= rec.end) {
      go(rec, 'release', 'released', { releasedAt: now });
      continue;
    }
    if (now >= prepareAt) {
      if (rec.state === 'booked') go(rec, 'prepare', 'preparing', { preparingAt: now });
      times.push(windowStart, windowEnd);
    } else {
      // Moved later while preparing: back to booked until its new preparation time. (A lead that shrinks as the
      // room warms does not stop a preparation once begun.)
      if (rec.state === 'preparing' && movedKeys.has(rec.key)) {
        go(rec, 'move', 'booked');
        delete rec.preparingAt;
      }
      // The lead shrinks or grows with the room's temperature; the caller re-steps at least every minute.
      times.push(prepareAt, windowStart, windowEnd);
    }
  }
  for (const rec of records.values()) {
    if (rec.state !== 'in-use') continue;
    times.push(rec.end);
    if (!occupancy.occupied) times.push(occupancy.since + settings.earlyEndMinutes * MIN);
  }
  const future = times.filter((t) => t > now);
  return { records, transitions, nextAt: future.length > 0 ? Math.min(...future) : null };

  function endIfDone(rec: MeetingRecord): void {
    if (now >= rec.end) {
      go(rec, 'end', 'ended', { endedAt: rec.end });
      return;
    }
    const emptyFor = occupancy.occupied ? 0 : now - Math.max(occupancy.since, rec.checkedInAt ?? rec.start);
    if (emptyFor >= settings.earlyEndMinutes * MIN)
      go(rec, 'end-early', 'ended', { endedAt: now, endedEarly: true, usedUntil: Math.max(occupancy.since, rec.checkedInAt!) });
  }
}
