/**
 * The room's daily light curve: time-of-day steps, or circadian (following the sun between limits,
 * as Adaptive Lighting does). Pure: the time and the home's location are parameters; suncalc computes the sun.
 */
import { getTimes } from 'suncalc';
import type { CurveStep, LightingCurve, LightLevel, Location, TimeOfDay } from '../../model';

export interface CurvePoint {
  level: LightLevel;
  /** "evening", "circadian (sun 12° below the horizon)". */
  label: string;
  /** When the step changes next (steps only). */
  nextAt: number | null;
  next?: CurveStep;
}

export function minutesOf(time: TimeOfDay): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** Local midnight of the day containing `ms`. */
export function localMidnight(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The absolute time of `time` on the local day of `dayMs` (DST-safe). */
export function atTime(dayMs: number, time: TimeOfDay): number {
  const d = new Date(dayMs);
  const [h, m] = time.split(':').map(Number);
  d.setHours(h!, m!, 0, 0);
  return d.getTime();
}

/** The step in force at `now`: the last one at or before the time of day, wrapping to yesterday's last. */
export function stepAt<T extends { at: TimeOfDay }>(steps: readonly T[], now: number): { step: T; nextAt: number; next: T } {
  const sorted = [...steps].sort((a, b) => minutesOf(a.at) - minutesOf(b.at));
  const d = new Date(now);
  const minute = d.getHours() * 60 + d.getMinutes();
  let index = sorted.length - 1;
  for (let i = 0; i < sorted.length; i++) if (minutesOf(sorted[i]!.at) <= minute) index = i;
  const nextIndex = (index + 1) % sorted.length;
  const next = sorted[nextIndex]!;
  let nextAt = atTime(now, next.at);
  if (nextAt <= now) nextAt = atTime(now + 86_400_000, next.at);
  return { step: sorted[index]!, nextAt, next };
}

/** `location`: where the home is (the settings); a circadian curve follows the sun there. */
export function curveAt(curve: LightingCurve, now: number, location: Location): CurvePoint {
  if (curve.kind === 'steps') {
    const { step, nextAt, next } = stepAt(curve.steps, now);
    return { level: { brightness: step.brightness, kelvin: step.kelvin }, label: step.label ?? `from ${step.at}`, nextAt, next };
  }
  const times = getTimes(new Date(now), location.latitude, location.longitude);
  const noon = times.solarNoon.getTime();
  // Polar day or night: no sunrise; treat the day as 06:00–18:00 around solar noon.
  const sunrise = times.sunrise?.getTime() ?? noon - 6 * 3_600_000;
  const sunset = times.sunset?.getTime() ?? noon + 6 * 3_600_000;
  let pct: number;
  if (now > sunrise && now < sunset) {
    const half = now < noon ? noon - sunrise : sunset - noon;
    pct = 1 - ((now - noon) / half) ** 2;
  } else {
    // Night: from 0 at sunset/sunrise down to −1 at the sun's lowest point (this night's, not suncalc's previous one).
    const nadir = now <= sunrise ? noon - 12 * 3_600_000 : noon + 12 * 3_600_000;
    const edge = now <= sunrise ? sunrise : sunset;
    const half = Math.abs(edge - nadir) || 1;
    pct = Math.min(0, Math.max(-1, -(1 - ((now - nadir) / half) ** 2)));
  }
  const kelvin = Math.round(pct > 0 ? curve.minKelvin + (curve.maxKelvin - curve.minKelvin) * pct : curve.minKelvin);
  const brightness = Math.round(
    pct > 0 ? curve.maxBrightness : curve.maxBrightness + (curve.maxBrightness - curve.minBrightness) * pct,
  );
  return {
    level: { brightness: Math.max(1, brightness), kelvin },
    label: pct > 0 ? 'circadian daylight' : 'circadian night',
    nextAt: null,
  };
}
