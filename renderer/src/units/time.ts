/**
 * The one place the renderer writes clock times: every time shown (room page "since 2:59 PM", the logbook,
 * tiles, charts, the occupancy strip) goes through `clockFormat`, with the hub's `timeFormat` setting
 * (12 h, 24 h, or the browser's locale). The same rules as the hub's sentences (core/model/format.ts), so
 * one screen never mixes "02:59 PM" and "14:59". Pure; `useClock` binds it to the store.
 */
import { formatClockTime, resolveTimeFormat, type TimeFormat } from '../../../core/model';

export type ClockFormat = {
  /** '12h' or '24h', `system` already resolved. */
  hours: '12h' | '24h';
  /** "14:59" / "2:59 PM". */
  time(at: number): string;
  /** "14:59:07" / "2:59:07 PM" (the logbook). */
  timeWithSeconds(at: number): string;
  /** "14:59" today, "Mon 14:59" this week, "3 Mar 14:59" before. */
  withDay(at: number, now: number): string;
  /** A chart's time axis tick: the time, or the day's name at midnight. */
  tick(at: number): string;
};

const two = (n: number) => String(n).padStart(2, '0');

export function clockFormat(setting: TimeFormat | undefined, locale?: string): ClockFormat {
  const hours = resolveTimeFormat(setting, locale);
  const time = (at: number) => formatClockTime(at, hours);
  const safe = (fn: () => string, fallback: string) => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };
  return {
    hours,
    time,
    timeWithSeconds(at) {
      const d = new Date(at);
      const text = time(at);
      const seconds = `:${two(d.getSeconds())}`;
      // Seconds go after the minutes, before AM/PM.
      return hours === '12h' ? text.replace(/ (AM|PM)$/, `${seconds} $1`) : text + seconds;
    },
    withDay(at, now) {
      const date = new Date(at);
      if (date.toDateString() === new Date(now).toDateString()) return time(at);
      if (now - at < 6 * 86_400_000 && now >= at)
        return `${safe(() => date.toLocaleDateString(locale, { weekday: 'short' }), '')} ${time(at)}`.trim();
      return `${safe(() => date.toLocaleDateString(locale, { day: 'numeric', month: 'short' }), '')} ${time(at)}`.trim();
    },
    tick(at) {
      const d = new Date(at);
      if (d.getHours() === 0 && d.getMinutes() === 0)
        return safe(() => d.toLocaleDateString(locale, { weekday: 'short' }), time(at));
      return time(at);
    },
  };
}
