/**
 * The People editor's draft: a person as the form holds it (numbers as typed, so a half-typed value
 * can be shown and explained), its validation and the `updatePerson` request it becomes. Pure.
 * The comfort temperature is typed in the person's units and sent in °C.
 */
import type { MethodRequest } from '../../../../core/api/contract';
import { cleanText, type Person } from '../../../../core/model';
import {
  rangeIn,
  readTemperature,
  temperatureDraft,
  temperatureSymbol,
  type TemperatureDraft,
  type Units,
} from '../../units/temperature';
import { fromStepDrafts, toStepDrafts, validateSteps, type StepDraft, type StepProblems } from './steps-draft';

/** Person.comfortHeatC, °C. */
export const COMFORT = { min: 5, max: 30 } as const;
/** Person.lighting holds at most 48 entries. */
export const MAX_STEPS = 48;
export const MAX_NAME = 100;

export type PersonDraft = {
  id: string;
  /** Not on the hub yet: "Discard" instead of "Delete". */
  isNew: boolean;
  name: string;
  /** In `units`; empty = the room's own comfort temperature. */
  comfortHeat: TemperatureDraft;
  units: Units;
  steps: StepDraft[];
};

export type Problems = {
  name?: string;
  comfortHeat?: string;
  steps: StepProblems;
  count: number;
};

export function toDraft(person: Person, units: Units): PersonDraft {
  return {
    id: person.id,
    isNew: false,
    name: person.name,
    comfortHeat: temperatureDraft(person.comfortHeatC, units),
    units,
    steps: toStepDrafts(person.lighting),
  };
}

export function newPersonDraft(name: string, takenIds: readonly string[], units: Units): PersonDraft {
  return {
    id: uniquePersonId(name, takenIds),
    isNew: true,
    name: cleanText(name, MAX_NAME),
    comfortHeat: { text: '' },
    units,
    steps: [],
  };
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

/** Every problem, in words a person can act on. Times must rise through the day within each room's steps. */
export function validate(draft: PersonDraft, roomName: (roomId: string) => string): Problems {
  const steps = validateSteps(draft.steps, roomName);
  const problems: Problems = { steps, count: steps.count };
  if (!cleanText(draft.name, MAX_NAME)) {
    problems.name = 'Enter a name.';
    problems.count++;
  }
  if (draft.comfortHeat.text.trim() !== '') {
    const c = readTemperature(draft.comfortHeat, draft.units);
    if (c === null || c < COMFORT.min || c > COMFORT.max) {
      const shown = rangeIn(COMFORT, draft.units);
      problems.comfortHeat = `Comfort temperature must be between ${shown.min} and ${shown.max} ${temperatureSymbol(draft.units)}, or empty to use the room’s.`;
      problems.count++;
    }
  }
  return problems;
}

/**
 * The `updatePerson` request (`PUT /api/people/:id` with the rest as body). Empty labels, "every room"
 * and an empty comfort temperature are left out; `roomId` (where the person is now) is left out so
 * the hub keeps it. Call only when `validate` found nothing.
 */
export function toRequest(draft: PersonDraft): MethodRequest<'updatePerson'> {
  const comfort = draft.comfortHeat.text.trim() === '' ? null : readTemperature(draft.comfortHeat, draft.units);
  return {
    id: draft.id,
    name: cleanText(draft.name, MAX_NAME),
    lighting: fromStepDrafts(draft.steps),
    ...(comfort !== null ? { comfortHeatC: comfort } : {}),
  };
}
