/**
 * Clock times as people read them, the same in the hub's explanations and in the UI:
 * always 24-hour "HH:MM" in the local time zone (the curve and schedule steps are written
 * that way too, so "since 19:02" and a step at "19:00" compare at a glance). Pure.
 */
const two = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → local "HH:MM". */
export function hhmm(at: number): string {
  const d = new Date(at);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Minutes after midnight (0–1439) → "HH:MM"; out-of-range input is wrapped onto the day. */
export function hhmmOfMinutes(total: number): string {
  const m = ((Math.floor(total) % 1440) + 1440) % 1440;
  return `${two(Math.floor(m / 60))}:${two(m % 60)}`;
}

/** "HH:MM" (00:00–23:59) → minutes after midnight, or null for anything else. */
export function minutesOfHhmm(at: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
