/** A room's weekly occupancy schedule, pure: the period in force or the next one, and its boundaries. */
import type { SchedulePeriod } from '../../model';
import { atTime, localMidnight, minutesOf } from './curve';

export interface Occurrence {
  start: number;
  end: number;
}

const DAY = 86_400_000;

/** Occurrences overlapping [now − 1 day, now + 8 days], sorted by start. */
export function occurrences(schedule: readonly SchedulePeriod[], now: number): Occurrence[] {
  const out: Occurrence[] = [];
  const today = localMidnight(now);
  for (let offset = -1; offset <= 8; offset++) {
    // Noon avoids DST edges when stepping whole days.
    const day = localMidnight(today + offset * DAY + DAY / 2);
    const weekday = new Date(day).getDay();
    for (const p of schedule) {
      if (!p.days.includes(weekday)) continue;
      const start = atTime(day, p.from);
      const end = minutesOf(p.to) > minutesOf(p.from) ? atTime(day, p.to) : atTime(localMidnight(day + DAY + DAY / 2), p.to);
      out.push({ start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The period in force at `now`, else the next one to start. */
export function currentOrNext(schedule: readonly SchedulePeriod[], now: number): Occurrence | undefined {
  const all = occurrences(schedule, now);
  return all.find((o) => o.start <= now && now < o.end) ?? all.find((o) => o.start > now);
}

/** The next start or end of a period after `now` ("the next scheduled change"). */
export function nextBoundary(schedule: readonly SchedulePeriod[], now: number): number | null {
  let best: number | null = null;
  for (const o of occurrences(schedule, now))
    for (const t of [o.start, o.end]) if (t > now && (best === null || t < best)) best = t;
  return best;
}
