/**
 * Wall-clock time in the home's time zone, from an IANA name, so schedules and windows are computed for the home
 * (not for whatever zone the hub process runs in) and are testable across DST changes in any zone.
 */
import { WEEKDAYS, type Weekday } from '../../model';

export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, f);
  }
  return f;
}

/** The zone the hub runs in, as an IANA name. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether `zone` is a time zone Intl knows. */
export function isZone(zone: string): boolean {
  try {
    format(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Seconds already read, per zone and second: conditions, causes and traces ask for the same few seconds many times (a
 * window condition on every sensor report, a delayed run's cause at its start) and `formatToParts` costs microseconds.
 * Within one second the answer cannot change. Bounded: the oldest read is forgotten first.
 */
const read = new Map<string, WallClock>();
const READ_LIMIT = 64;

export function wallClock(ms: number, zone: string): WallClock {
  const key = `${Math.floor(ms / 1000)} ${zone}`;
  let clock = read.get(key);
  if (!clock) {
    clock = readWallClock(ms, zone);
    if (read.size >= READ_LIMIT) read.delete(read.keys().next().value!);
    read.set(key, clock);
  }
  return { ...clock };
}

function readWallClock(ms: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of format(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  return {
    year,
    month,
    day,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    weekday: WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!,
  };
}

/** The zone's offset from UTC at `ms`, in ms (whole seconds). */
function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The instant a wall-clock time happens on a local date. A time that does not exist (skipped by a DST change, as
 * 02:30 on the spring-forward night) happens as many minutes after the gap as it was into it (03:30); a time that
 * happens twice (the fall-back night) happens the first time.
 */
export function atWallClock(date: LocalDate, hour: number, minute: number, second: number, zone: string): number {
  const local = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second);
  const before = offsetAt(local - 14 * 3_600_000, zone);
  const after = offsetAt(local + 14 * 3_600_000, zone);
  const matches = (t: number) => offsetAt(t, zone) === local - t;
  const candidates = [local - before, local - after].filter(matches).sort((a, b) => a - b);
  return candidates[0] ?? local - before;
}

/** The local date `days` after `date` (calendar days, whatever their length). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
}

/** "07:30" or "07:30:15" → [h, m, s]. */
export function parseClockTime(time: string): [number, number, number] {
  const [h, m, s] = time.split(':').map(Number);
  return [h ?? 0, m ?? 0, s ?? 0];
}

/** Seconds since local midnight of a wall clock (as the clock face shows it). */
export function secondsOfDay(w: Pick<WallClock, 'hour' | 'minute' | 'second'>): number {
  return w.hour * 3600 + w.minute * 60 + w.second;
}

/** "22:14" in the home's zone. */
export function hhmm(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}
