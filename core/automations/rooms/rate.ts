/**
 * Learns how fast a room heats from its own history, pure: each recovery — a heating run of at least
 * 20 minutes that raised the temperature by a degree or more — gives a sample (short maintenance
 * cycles near the setpoint say little about how long a recovery takes). Samples are blended (EWMA)
 * per part of the day, because a room heats far more slowly in the cold small hours than in the
 * afternoon; a part of the day with no sample yet uses the overall rate. Cooling is learned the same
 * way (`observeCooling`, its own state).
 */
export type DayPart = 'night' | 'day' | 'evening';

export interface RateState {
  rateCPerHour: number | null;
  byPart: Record<DayPart, number | null>;
  samples: number;
  run: { startC: number; startAt: number } | null;
}

export const NO_RATE: RateState = {
  rateCPerHour: null,
  byPart: { night: null, day: null, evening: null },
  samples: 0,
  run: null,
};
/** What is kept about a room across restarts (a run in progress is not: after a restart it starts over). */
export type LearnedRate = Omit<RateState, 'run'>;
export interface LearnedRates {
  heat: LearnedRate;
  cool: LearnedRate;
}

/** Where the runner keeps learned rates (core/store/learned-rates.ts); without one they live only in memory. */
export interface LearnedRateRepository {
  get(roomId: string): LearnedRates | undefined;
  put(roomId: string, rates: LearnedRates): void;
}

export const learned = ({ rateCPerHour, byPart, samples }: RateState): LearnedRate => ({ rateCPerHour, byPart, samples });

const MIN_RUN_MS = 20 * 60_000;
const MIN_RISE_C = 1;
const ALPHA = 0.4;

export function dayPart(ms: number): DayPart {
  const h = new Date(ms).getHours();
  return h < 8 ? 'night' : h < 16 ? 'day' : 'evening';
}

const blend = (old: number | null, sample: number) => (old === null ? sample : old + ALPHA * (sample - old));

export function observeHeating(state: RateState, heating: boolean, tempC: number | null, now: number): RateState {
  if (tempC === null) return state;
  if (heating && !state.run) return { ...state, run: { startC: tempC, startAt: now } };
  if (heating || !state.run) return state;
  const hours = (now - state.run.startAt) / 3_600_000;
  const rise = tempC - state.run.startC;
  if (now - state.run.startAt < MIN_RUN_MS || rise < MIN_RISE_C) return { ...state, run: null };
  const sample = rise / hours;
  const part = dayPart(state.run.startAt);
  return {
    rateCPerHour: blend(state.rateCPerHour, sample),
    byPart: { ...state.byPart, [part]: blend(state.byPart[part], sample) },
    samples: state.samples + 1,
    run: null,
  };
}

/** The rate to plan a recovery starting around `at` with. */
export function rateAt(state: RateState, at: number): number | null {
  return state.byPart[dayPart(at)] ?? state.rateCPerHour;
}

/** The same for cooling: a run that lowered the temperature by a degree or more (°C/h the room drops). */
export function observeCooling(state: RateState, cooling: boolean, tempC: number | null, now: number): RateState {
  return observeHeating(state, cooling, tempC === null ? null : -tempC, now);
}
