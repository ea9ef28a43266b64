import type { Clock, Timer } from '../core/util/clock';
export { ManualClock, systemClock } from '../core/util/clock';
export type { Clock, Timer } from '../core/util/clock';

/**
 * Simulated time running at `speed` × real time (speed 60: a day in 24 minutes).
 * Simulated `ms` passed to setTimeout become `ms / speed` real milliseconds.
 * Tests use ManualClock instead, which moves only when told to.
 */
export class SimClock implements Clock {
  readonly speed: number;
  private readonly start: number;
  private readonly realStart: number;
  private readonly realNow: () => number;

  constructor(options: { speed?: number; start?: number; realNow?: () => number } = {}) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new Error(`speed must be > 0, got ${this.speed}`);
    this.realNow = options.realNow ?? Date.now;
    this.realStart = this.realNow();
    this.start = options.start ?? this.realStart;
  }

  now(): number {
    return Math.round(this.start + (this.realNow() - this.realStart) * this.speed);
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return globalThis.setTimeout(fn, Math.max(0, ms) / this.speed);
  }

  clearTimeout(timer: Timer): void {
    globalThis.clearTimeout(timer as ReturnType<typeof globalThis.setTimeout>);
  }
}

/** Local time of day in hours (0–24) — schedules and daylight are local. */
export function hourOfDay(ms: number): number {
  const d = new Date(ms);
  return d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600 + d.getMilliseconds() / 3_600_000;
}

/** Local midnight of the day containing `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** A stable day number (local calendar date) for seeding daily variation. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
