/**
 * When time, cron and sun triggers fire next. Pure: the instant to search from, the home's time zone and its
 * location are parameters. Days are stepped as local calendar dates, never as 24 h, so a DST change moves nothing.
 */
import { Cron } from 'croner';
import { getTimes } from 'suncalc';
import { durationMs, type SunEvent, type TriggerOf, type Weekday } from '../../model';
import { addDays, atWallClock, parseClockTime, wallClock, weekdayOf, type LocalDate } from './zone';

export interface Location {
  latitude: number;
  longitude: number;
}

/** The first instant after `after` at which the clock shows `at` on one of `weekdays` (every day without). */
export function nextTimeOfDay(at: string, weekdays: readonly Weekday[] | undefined, after: number, zone: string): number {
  const [h, m, s] = parseClockTime(at);
  const today = wallClock(after, zone);
  for (let i = 0; i <= 8; i++) {
    const date = addDays(today, i);
    if (weekdays && !weekdays.includes(weekdayOf(date))) continue;
    const t = atWallClock(date, h, m, s, zone);
    if (t > after) return t;
  }
  throw new Error('unreachable: a weekday matches within 8 days');
}

/** The next instant after `after` the cron expression matches, in the home's zone; null if it never does again. */
export function nextCron(expression: string, after: number, zone: string): number | null {
  const cron = new Cron(expression, { paused: true, timezone: zone });
  try {
    return cron.nextRun(new Date(after))?.getTime() ?? null;
  } finally {
    cron.stop();
  }
}

/** Sunrise or sunset on a local date (null when the sun does not rise or set there that day). */
export function sunOn(date: LocalDate, event: SunEvent, location: Location, zone: string): number | null {
  // Local noon anchors suncalc to that date's solar day, whatever the zone's offset.
  const noon = atWallClock(date, 12, 0, 0, zone);
  const t = getTimes(new Date(noon), location.latitude, location.longitude)[event];
  return t instanceof Date && Number.isFinite(t.getTime()) ? t.getTime() : null;
}

/** The sun event (± offset) on the dates around `around`, in time order: what conditions look back and forward on. */
export function sunEventsAround(
  around: number,
  event: SunEvent,
  offsetMs: number,
  location: Location,
  zone: string,
  days = 2,
): number[] {
  const today = wallClock(around, zone);
  const out: number[] = [];
  for (let i = -days; i <= days; i++) {
    const t = sunOn(addDays(today, i), event, location, zone);
    if (t !== null) out.push(t + offsetMs);
  }
  return out.sort((a, b) => a - b);
}

/** The next sunrise or sunset (± offset) after `after`; null if the sun neither rises nor sets for a year (polar). */
export function nextSun(event: SunEvent, offsetMs: number, after: number, location: Location, zone: string): number | null {
  const today = wallClock(after, zone);
  // Start a day early: a negative offset can put yesterday's event (+ offset) after `after`.
  for (let i = -1; i <= 366; i++) {
    const t = sunOn(addDays(today, i), event, location, zone);
    if (t !== null && t + offsetMs > after) return t + offsetMs;
  }
  return null;
}

export interface ScheduleContext {
  zone: string;
  location?: Location;
}

export type ScheduledTrigger = TriggerOf<'time'> | TriggerOf<'cron'> | TriggerOf<'sun'>;

export function isScheduled(t: { type: string }): t is ScheduledTrigger {
  return t.type === 'time' || t.type === 'cron' || t.type === 'sun';
}

/** When a time, cron or sun trigger fires next after `after`; null if never (or no location for the sun). */
export function nextFire(trigger: ScheduledTrigger, after: number, ctx: ScheduleContext): number | null {
  switch (trigger.type) {
    case 'time':
      return nextTimeOfDay(trigger.at, trigger.weekdays, after, ctx.zone);
    case 'cron':
      return nextCron(trigger.cron, after, ctx.zone);
    case 'sun':
      return ctx.location ? nextSun(trigger.event, durationMs(trigger.offset ?? 0) ?? 0, after, ctx.location, ctx.zone) : null;
  }
}
