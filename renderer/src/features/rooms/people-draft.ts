/**
 * The People editor's draft: a person as the form holds it (numbers as typed, so a half-typed value
 * can be shown and explained), its validation and the `updatePerson` request it becomes. Pure.
 */
import type { MethodRequest } from '../../../../core/api/contract';
import { cleanText, type Person } from '../../../../core/model';
import { hhmmOfMinutes, minutesOfHhmm } from '../../../../core/model/time';

export const BRIGHTNESS = { min: 1, max: 100 } as const;
/** Narrower than the model (1500 K): few lamps go below 2000 K, and the lead asked for this range. */
export const KELVIN = { min: 2000, max: 6500 } as const;
/** Person.comfortHeatC. */
export const COMFORT = { min: 5, max: 30 } as const;
/** Person.lighting holds at most 48 entries. */
export const MAX_STEPS = 48;
export const MAX_LABEL = 40;
export const MAX_NAME = 100;

export type StepField = 'at' | 'brightness' | 'kelvin' | 'label';

export type StepDraft = {
  /** Stable React key and error id; not sent. */
  key: number;
  /** '' = every room. */
  roomId: string;
  at: string;
  brightness: string;
  kelvin: string;
  label: string;
};

export type PersonDraft = {
  id: string;
  /** Not on the hub yet: "Discard" instead of "Delete". */
  isNew: boolean;
  name: string;
  /** '' = the room's own comfort temperature. */
  comfortHeatC: string;
  steps: StepDraft[];
};

export type Problems = {
  name?: string;
  comfortHeatC?: string;
  /** By StepDraft.key. */
  steps: Record<number, Partial<Record<StepField, string>>>;
  count: number;
  /** Some step's time is not after the one before it (sortSteps helps). */
  outOfOrder: boolean;
};

let nextKey = 1;
const key = () => nextKey++;

export function toDraft(person: Person): PersonDraft {
  return {
    id: person.id,
    isNew: false,
    name: person.name,
    comfortHeatC: person.comfortHeatC === undefined ? '' : String(person.comfortHeatC),
    steps: person.lighting.map((p) => ({
      key: key(),
      roomId: p.roomId ?? '',
      at: p.at,
      brightness: String(p.brightness),
      kelvin: String(p.kelvin),
      label: p.label ?? '',
    })),
  };
}

export function newPersonDraft(name: string, takenIds: readonly string[]): PersonDraft {
  return { id: uniquePersonId(name, takenIds), isNew: true, name: cleanText(name, MAX_NAME), comfortHeatC: '', steps: [] };
}

/** "Anna Lena" → "anna-lena"; never one of `taken` (a PUT with a taken id would replace that person). */
export function uniquePersonId(name: string, taken: readonly string[]): string {
  const base =
    cleanText(name, MAX_NAME)
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'person';
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new row: the first at 07:00, later ones three hours after the last (the user adjusts). */
export function nextStep(steps: readonly StepDraft[]): StepDraft {
  const last = steps.at(-1);
  if (!last) return { key: key(), roomId: '', at: '07:00', brightness: '80', kelvin: '4000', label: '' };
  const m = minutesOfHhmm(last.at);
  const at = m === null ? '' : hhmmOfMinutes(Math.min(m + 180, 23 * 60 + 59));
  return { ...last, key: key(), at, label: '' };
}

function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function within(value: number, range: { min: number; max: number }): boolean {
  return Number.isFinite(value) && value >= range.min && value <= range.max;
}

/** Every problem, in words a person can act on. Times must rise through the day within each room's steps. */
export function validate(draft: PersonDraft, roomName: (roomId: string) => string): Problems {
  const problems: Problems = { steps: {}, count: 0, outOfOrder: false };
  const add = (step: StepDraft, field: StepField, text: string) => {
    (problems.steps[step.key] ??= {})[field] = text;
    problems.count++;
  };
  if (!cleanText(draft.name, MAX_NAME)) {
    problems.name = 'Enter a name.';
    problems.count++;
  }
  if (draft.comfortHeatC.trim() !== '' && !within(num(draft.comfortHeatC), COMFORT)) {
    problems.comfortHeatC = `Comfort temperature must be between ${COMFORT.min} and ${COMFORT.max} °C, or empty to use the room’s.`;
    problems.count++;
  }
  const lastInRoom = new Map<string, { index: number; at: number; text: string }>();
  draft.steps.forEach((step, i) => {
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
    if (!within(num(step.brightness), BRIGHTNESS))
      add(step, 'brightness', `Step ${n}: brightness must be between ${BRIGHTNESS.min} and ${BRIGHTNESS.max} %.`);
    if (!within(num(step.kelvin), KELVIN))
      add(step, 'kelvin', `Step ${n}: colour temperature must be between ${KELVIN.min} and ${KELVIN.max} K.`);
    if (cleanText(step.label, 1000).length > MAX_LABEL)
      add(step, 'label', `Step ${n}: the label can have at most ${MAX_LABEL} characters.`);
  });
  return problems;
}

/** Stable sort by time within the table (rows without a valid time stay last). */
export function sortSteps(steps: readonly StepDraft[]): StepDraft[] {
  return [...steps].sort((a, b) => (minutesOfHhmm(a.at) ?? 24 * 60) - (minutesOfHhmm(b.at) ?? 24 * 60));
}

/**
 * The `updatePerson` request (`PUT /api/people/:id` with the rest as body). Empty labels, "every room"
 * and an empty comfort temperature are left out; `roomId` (where the person is now) is left out so
 * the hub keeps it. Call only when `validate` found nothing.
 */
export function toRequest(draft: PersonDraft): MethodRequest<'updatePerson'> {
  const comfort = draft.comfortHeatC.trim();
  return {
    id: draft.id,
    name: cleanText(draft.name, MAX_NAME),
    lighting: draft.steps.map((s) => {
      const label = cleanText(s.label, MAX_LABEL);
      return {
        at: s.at,
        brightness: num(s.brightness),
        kelvin: num(s.kelvin),
        ...(s.roomId ? { roomId: s.roomId } : {}),
        ...(label ? { label } : {}),
      };
    }),
    ...(comfort ? { comfortHeatC: num(comfort) } : {}),
  };
}
