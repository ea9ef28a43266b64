/**
 * Lighting steps (from a time of day on, this brightness and colour temperature) as the steps
 * editor holds them: text as typed, so an empty or half-typed field is shown and explained instead
 * of read as 0. Rooms (`RoomBehaviour.lighting.curve`) and people (`Person.lighting`) share it. Pure.
 */
import { cleanText } from '../../../../core/model';
import { hhmmOfMinutes, minutesOfHhmm } from '../../../../core/model/time';

/** The model's `LightLevel.brightness`: a step is a lit level (off is the room's vacancy). */
export const BRIGHTNESS = { min: 1, max: 100 } as const;
/** Narrower than the model (1500 K): few lamps go below 2000 K. */
export const KELVIN = { min: 2000, max: 6500 } as const;
export const MAX_LABEL = 40;

export type StepField = 'at' | 'brightness' | 'kelvin' | 'label';

export type StepDraft = {
  /** Stable React key and error id; not sent. */
  key: number;
  /** '' = every room (always '' in a room's own curve). */
  roomId: string;
  at: string;
  brightness: string;
  kelvin: string;
  label: string;
};

/** What a step is on the wire, for rooms and people alike. */
export type Step = { at: string; brightness: number; kelvin: number; label?: string | undefined; roomId?: string | undefined };

export type StepProblems = {
  /** By StepDraft.key. */
  byKey: Record<number, Partial<Record<StepField, string>>>;
  count: number;
  /** Some step's time is not after the one before it (sortSteps helps). */
  outOfOrder: boolean;
};

let nextKey = 1;
const key = () => nextKey++;

export function toStepDrafts(steps: readonly Step[]): StepDraft[] {
  return steps.map((s) => ({
    key: key(),
    roomId: s.roomId ?? '',
    at: s.at,
    brightness: String(s.brightness),
    kelvin: String(s.kelvin),
    label: s.label ?? '',
  }));
}

/** The steps to send; call only when `validateSteps` found nothing. Empty labels and "every room" are left out. */
export function fromStepDrafts(steps: readonly StepDraft[]): Step[] {
  return steps.map((s) => {
    const label = cleanText(s.label, MAX_LABEL);
    return {
      at: s.at,
      brightness: Number(s.brightness),
      kelvin: Number(s.kelvin),
      ...(s.roomId ? { roomId: s.roomId } : {}),
      ...(label ? { label } : {}),
    };
  });
}

/** A new row: the first at 07:00, later ones three hours after the last (the user adjusts). */
export function nextStep(steps: readonly StepDraft[]): StepDraft {
  const last = steps.at(-1);
  if (!last) return { key: key(), roomId: '', at: '07:00', brightness: '80', kelvin: '4000', label: '' };
  const m = minutesOfHhmm(last.at);
  const at = m === null ? '' : hhmmOfMinutes(Math.min(m + 180, 23 * 60 + 59));
  return { ...last, key: key(), at, label: '' };
}

/** Typed text → number; '' and anything not a plain number → NaN. */
export function num(text: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
}

export function within(value: number, range: { min: number; max: number }): boolean {
  return Number.isFinite(value) && value >= range.min && value <= range.max;
}

/**
 * Every problem, in words a person can act on: a time HH:MM, brightness and colour temperature
 * within range (an empty field is a problem, not 0), times rising through the day within each
 * room's steps (so no time twice), and labels short enough.
 */
export function validateSteps(steps: readonly StepDraft[], roomName: (roomId: string) => string = (id) => id): StepProblems {
  const problems: StepProblems = { byKey: {}, count: 0, outOfOrder: false };
  const add = (step: StepDraft, field: StepField, text: string) => {
    (problems.byKey[step.key] ??= {})[field] = text;
    problems.count++;
  };
  const lastInRoom = new Map<string, { index: number; at: number; text: string }>();
  steps.forEach((step, i) => {
    const n = i + 1;
    const at = minutesOfHhmm(step.at);
    if (at === null) add(step, 'at', `Step ${n}: enter a time such as 07:30.`);
    else {
      const before = lastInRoom.get(step.roomId);
      if (before && at <= before.at) {
        problems.outOfOrder = true;
        const where = step.roomId ? ` for ${roomName(step.roomId)}` : '';
        add(
          step,
          'at',
          at === before.at
            ? `Step ${n}: ${step.at} is already the time of step ${before.index}${where}. Pick a later time.`
            : `Step ${n}: ${step.at} is earlier than step ${before.index} (${before.text})${where}. Times go in order through the day.`,
        );
      } else lastInRoom.set(step.roomId, { index: n, at, text: step.at });
    }
    if (step.brightness.trim() === '')
      add(step, 'brightness', `Step ${n}: enter a brightness between ${BRIGHTNESS.min} and ${BRIGHTNESS.max} %.`);
    else if (!within(num(step.brightness), BRIGHTNESS))
      add(step, 'brightness', `Step ${n}: brightness must be between ${BRIGHTNESS.min} and ${BRIGHTNESS.max} %.`);
    if (step.kelvin.trim() === '')
      add(step, 'kelvin', `Step ${n}: enter a colour temperature between ${KELVIN.min} and ${KELVIN.max} K.`);
    else if (!within(num(step.kelvin), KELVIN))
      add(step, 'kelvin', `Step ${n}: colour temperature must be between ${KELVIN.min} and ${KELVIN.max} K.`);
    if (cleanText(step.label, 1000).length > MAX_LABEL)
      add(step, 'label', `Step ${n}: the label can have at most ${MAX_LABEL} characters.`);
  });
  return problems;
}

/** Stable sort by time (rows without a valid time stay last). */
export function sortSteps(steps: readonly StepDraft[]): StepDraft[] {
  return [...steps].sort((a, b) => (minutesOfHhmm(a.at) ?? 24 * 60) - (minutesOfHhmm(b.at) ?? 24 * 60));
}

/** Named colour temperatures, warm to cool: what the editor offers beside the number. */
export const KELVIN_PRESETS = [
  { name: 'Warm', kelvin: 2700 },
  { name: 'Neutral', kelvin: 4000 },
  { name: 'Daylight', kelvin: 6500 },
] as const;

/** A colour temperature in words ("warm", "daylight"), so nobody has to know what 2700 K looks like. */
export function kelvinName(kelvin: number): string {
  if (!Number.isFinite(kelvin)) return '';
  if (kelvin < 2450) return 'candlelight';
  if (kelvin < 3300) return 'warm';
  if (kelvin < 4700) return 'neutral';
  if (kelvin < 5800) return 'cool';
  return 'daylight';
}

/** One stretch of the day's curve: from `from` to `to` minutes after midnight, at this level (null: no step of its own). */
export type CurveSegment = { from: number; to: number; level: { brightness: number; kelvin: number; label: string } | null };

/**
 * The day from 00:00 to 24:00 as the steps give it, for the chart. Only steps whose fields are valid
 * count (the table explains the others). `wraps`: a room's curve continues yesterday's last step
 * until the first one; a person's steps start at their first step (before it the room's own lighting
 * applies, `level: null`) and last until midnight.
 */
export function curveSegments(steps: readonly StepDraft[], wraps: boolean): CurveSegment[] {
  const valid = steps
    .map((s) => ({
      at: minutesOfHhmm(s.at),
      brightness: num(s.brightness),
      kelvin: num(s.kelvin),
      label: cleanText(s.label, MAX_LABEL),
    }))
    .filter(
      (s): s is { at: number; brightness: number; kelvin: number; label: string } =>
        s.at !== null && within(s.brightness, BRIGHTNESS) && within(s.kelvin, KELVIN),
    )
    .sort((a, b) => a.at - b.at)
    // The same time twice: the later row is the one that would be in force.
    .filter((s, i, all) => all[i + 1]?.at !== s.at);
  if (valid.length === 0) return [{ from: 0, to: 1440, level: null }];
  const out: CurveSegment[] = [];
  const first = valid[0]!;
  const last = valid.at(-1)!;
  const level = (s: (typeof valid)[number]) => ({ brightness: s.brightness, kelvin: s.kelvin, label: s.label });
  if (first.at > 0) out.push({ from: 0, to: first.at, level: wraps ? level(last) : null });
  valid.forEach((s, i) => out.push({ from: s.at, to: valid[i + 1]?.at ?? 1440, level: level(s) }));
  return out;
}
