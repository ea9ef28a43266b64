/**
 * The room settings form's draft: the room's behaviour, with every number held as typed (an empty
 * field is explained, never read as 0), temperatures in the person's units, and the lighting steps
 * as the shared steps editor holds them. Pure.
 */
import { minutesOfHhmm } from '../../../../core/model/time';
import {
  DEFAULT_STEPS,
  defaultUsualOccupancy,
  type RoomBehaviour,
  type RoomKind,
  type SchedulePeriod,
} from '../../../../core/model';
import { parseTemperature, rangeIn, temperatureDraft, temperatureSymbol, type Units } from '../../units/temperature';
import { fromStepDrafts, num, toStepDrafts, validateSteps, type StepDraft, type StepProblems } from './steps-draft';

/** RoomBehaviour's steps curve: at least one step, at most 24. */
export const CURVE_STEPS = { min: 1, max: 24 } as const;

type NumberSpec = {
  /** Without the unit for temperatures: the unit is added in the person's units. */
  label: string;
  /** In what the person types (minutes, hours…; °C for temperatures). */
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  temperature?: boolean;
  read(b: RoomBehaviour): number;
  write(b: RoomBehaviour, value: number): RoomBehaviour;
  /** Only shown (and checked) when this holds. */
  shown?(b: RoomBehaviour, kind: RoomKind): boolean;
};

const occ = (b: RoomBehaviour, patch: Partial<RoomBehaviour['occupancy']>) => ({ ...b, occupancy: { ...b.occupancy, ...patch } });
const light = (b: RoomBehaviour, patch: Partial<RoomBehaviour['lighting']>) => ({ ...b, lighting: { ...b.lighting, ...patch } });
const clim = (b: RoomBehaviour, patch: Partial<RoomBehaviour['climate']>) => ({ ...b, climate: { ...b.climate, ...patch } });
const meet = (b: RoomBehaviour, patch: Partial<RoomBehaviour['meeting']>) => ({ ...b, meeting: { ...b.meeting, ...patch } });
const cools = (b: RoomBehaviour) => b.climate.mode !== 'heat';
const meetingRoom = (_b: RoomBehaviour, kind: RoomKind) => kind === 'meeting';

/** Every number on the form, in the order shown; ranges are the model's (RoomBehaviour). */
export const NUMBERS = {
  vacancyMin: {
    label: 'Vacant after no activity for (min)',
    min: 1,
    max: 360,
    read: (b) => b.occupancy.vacancyTimeoutS / 60,
    write: (b, v) => occ(b, { vacancyTimeoutS: Math.round(v * 60) }),
  },
  leavingGraceS: {
    label: 'Grace before vacant, lights dimmed (s)',
    min: 0,
    max: 600,
    integer: true,
    read: (b) => b.occupancy.leavingGraceS,
    write: (b, v) => occ(b, { leavingGraceS: v }),
  },
  presenceMaxHoldH: {
    label: 'A stuck sensor (or a closed door) holds the room at most (h)',
    min: 1,
    max: 48,
    read: (b) => b.occupancy.presenceMaxHoldS / 3600,
    write: (b, v) => occ(b, { presenceMaxHoldS: Math.round(v * 3600) }),
  },
  agreement: {
    label: 'Sensors that must agree to occupy',
    min: 1,
    max: 5,
    integer: true,
    read: (b) => b.occupancy.agreement.n,
    write: (b, v) => occ(b, { agreement: { ...b.occupancy.agreement, n: v } }),
  },
  luxThreshold: {
    label: 'Switch on only below (lx)',
    min: 0,
    max: 100_000,
    read: (b) => b.lighting.luxThreshold,
    write: (b, v) => light(b, { luxThreshold: v }),
  },
  dimPercent: {
    label: 'Dim before off to (% of the level, 0 = no warning)',
    min: 0,
    max: 90,
    read: (b) => b.lighting.dimPercent,
    write: (b, v) => light(b, { dimPercent: v }),
  },
  comfortHeatC: {
    label: 'Comfort',
    min: 5,
    max: 30,
    temperature: true,
    read: (b) => b.climate.comfortHeatC,
    write: (b, v) => clim(b, { comfortHeatC: v }),
  },
  economyHeatC: {
    label: 'Economy',
    min: 5,
    max: 30,
    temperature: true,
    read: (b) => b.climate.economyHeatC,
    write: (b, v) => clim(b, { economyHeatC: v }),
  },
  comfortCoolC: {
    label: 'Cooling comfort',
    min: 16,
    max: 32,
    temperature: true,
    shown: cools,
    read: (b) => b.climate.comfortCoolC,
    write: (b, v) => clim(b, { comfortCoolC: v }),
  },
  economyCoolC: {
    label: 'Cooling economy',
    min: 16,
    max: 35,
    temperature: true,
    shown: cools,
    read: (b) => b.climate.economyCoolC,
    write: (b, v) => clim(b, { economyCoolC: v }),
  },
  vacantDelayMin: {
    label: 'Economy after vacant for (min)',
    min: 0,
    max: 1440,
    integer: true,
    read: (b) => b.climate.vacantDelayMin,
    write: (b, v) => clim(b, { vacantDelayMin: v }),
  },
  windowOpenMin: {
    label: 'Heating and cooling off when a window is open for (min)',
    min: 0,
    max: 120,
    integer: true,
    read: (b) => b.climate.windowOpenMin,
    write: (b, v) => clim(b, { windowOpenMin: v }),
  },
  frostC: {
    label: 'Frost protection',
    min: 3,
    max: 12,
    temperature: true,
    read: (b) => b.climate.frostC,
    write: (b, v) => clim(b, { frostC: v }),
  },
  checkInMinutes: {
    label: 'Someone must arrive within (min of the start)',
    min: 1,
    max: 60,
    integer: true,
    shown: meetingRoom,
    read: (b) => b.meeting.checkInMinutes,
    write: (b, v) => meet(b, { checkInMinutes: v }),
  },
  earlyEndMinutes: {
    label: 'End the meeting early when empty for (min)',
    min: 1,
    max: 120,
    integer: true,
    shown: meetingRoom,
    read: (b) => b.meeting.earlyEndMinutes,
    write: (b, v) => meet(b, { earlyEndMinutes: v }),
  },
  preconditionMaxMinutes: {
    label: 'Start heating or cooling at most (min before the start)',
    min: 0,
    max: 360,
    integer: true,
    shown: meetingRoom,
    read: (b) => b.meeting.preconditionMaxMinutes,
    write: (b, v) => meet(b, { preconditionMaxMinutes: v }),
  },
  meetingBrightness: {
    label: 'Meeting lights brightness (%)',
    min: 1,
    max: 100,
    shown: meetingRoom,
    read: (b) => b.meeting.lighting.brightness,
    write: (b, v) => meet(b, { lighting: { ...b.meeting.lighting, brightness: v } }),
  },
  meetingKelvin: {
    label: 'Meeting lights colour temperature (K)',
    min: 1500,
    max: 6500,
    step: 100,
    shown: meetingRoom,
    read: (b) => b.meeting.lighting.kelvin,
    write: (b, v) => meet(b, { lighting: { ...b.meeting.lighting, kelvin: v } }),
  },
} satisfies Record<string, NumberSpec>;

export type NumberKey = keyof typeof NUMBERS;
const NUMBER_KEYS = Object.keys(NUMBERS) as NumberKey[];

/** As typed, and — while untouched — the exact value it was shown from (no rounding drift on save). */
export type NumberDraft = { text: string; value?: number };
export type PeriodDraft = SchedulePeriod & { key: number };

export type RoomForm = {
  behaviour: RoomBehaviour;
  /** Which sections the room has: only a meeting room shows (and checks) its meeting settings. */
  kind: RoomKind;
  units: Units;
  numbers: Record<NumberKey, NumberDraft>;
  /** The steps curve being edited (kept while "follow the sun" is on, so switching back loses nothing). */
  steps: StepDraft[];
  periods: PeriodDraft[];
};

export type RoomProblems = {
  numbers: Partial<Record<NumberKey, string>>;
  steps: StepProblems;
  periods: Record<number, string>;
  count: number;
};

let nextKey = 1;

export function numberLabel(key: NumberKey, units: Units): string {
  const spec: NumberSpec = NUMBERS[key];
  return spec.temperature ? `${spec.label} (${temperatureSymbol(units)})` : spec.label;
}

export function isShown(key: NumberKey, behaviour: RoomBehaviour, kind: RoomKind): boolean {
  const spec: NumberSpec = NUMBERS[key];
  return spec.shown?.(behaviour, kind) ?? true;
}

/** The range and step an input shows, in the person's units. */
export function inputRange(key: NumberKey, units: Units): { min: number; max: number; step: number } {
  const spec: NumberSpec = NUMBERS[key];
  if (!spec.temperature) return { min: spec.min, max: spec.max, step: spec.step ?? 1 };
  return { ...rangeIn(spec, units), step: units === 'fahrenheit' ? 1 : 0.5 };
}

function numberDraft(spec: NumberSpec, b: RoomBehaviour, units: Units): NumberDraft {
  const value = spec.read(b);
  if (spec.temperature) {
    const { text } = temperatureDraft(value, units);
    return { text, value };
  }
  return { text: String(Math.round(value * 100) / 100), value };
}

export function toRoomForm(behaviour: RoomBehaviour, units: Units, kind: RoomKind = 'home'): RoomForm {
  const numbers = Object.fromEntries(NUMBER_KEYS.map((k) => [k, numberDraft(NUMBERS[k], behaviour, units)])) as Record<
    NumberKey,
    NumberDraft
  >;
  const curve = behaviour.lighting.curve;
  return {
    behaviour,
    kind,
    units,
    numbers,
    steps: toStepDrafts(curve.kind === 'steps' ? curve.steps : DEFAULT_STEPS),
    periods: behaviour.climate.schedule.map((p) => ({ ...p, key: nextKey++ })),
  };
}

/** A new "usually occupied" period: office hours for offices and meeting rooms, evenings at home. */
export function newPeriod(kind: RoomKind = 'home'): PeriodDraft {
  return { ...defaultUsualOccupancy(kind), key: nextKey++ };
}

/** The number a field stands for (°C for temperatures), or a sentence saying what is wrong. */
function readNumber(key: NumberKey, draft: NumberDraft, units: Units): number | string {
  const spec: NumberSpec = NUMBERS[key];
  if (draft.value !== undefined) return draft.value;
  const shown = inputRange(key, units);
  const unit = spec.temperature ? ` ${temperatureSymbol(units)}` : '';
  const between = `between ${shown.min} and ${shown.max}${unit}`;
  if (draft.text.trim() === '') return `Enter a number ${between}.`;
  const value = spec.temperature ? parseTemperature(draft.text, units) : num(draft.text);
  if (value === null || !Number.isFinite(value)) return `Enter a number ${between}.`;
  if (value < spec.min || value > spec.max) return `Must be ${between}.`;
  if (spec.integer && !Number.isInteger(value)) return 'Must be a whole number.';
  return value;
}

export function validateRoomForm(form: RoomForm): RoomProblems {
  const steps =
    form.behaviour.lighting.curve.kind === 'steps' ? validateSteps(form.steps) : { byKey: {}, count: 0, outOfOrder: false };
  const problems: RoomProblems = { numbers: {}, steps, periods: {}, count: steps.count };
  for (const key of NUMBER_KEYS) {
    if (!isShown(key, form.behaviour, form.kind)) continue;
    const value = readNumber(key, form.numbers[key], form.units);
    if (typeof value === 'string') {
      problems.numbers[key] = value;
      problems.count++;
    }
  }
  form.periods.forEach((p, i) => {
    const n = i + 1;
    const text =
      p.days.length === 0
        ? `Period ${n}: pick at least one day.`
        : minutesOfHhmm(p.from) === null || minutesOfHhmm(p.to) === null
          ? `Period ${n}: enter both times, such as 17:00 and 23:00.`
          : null;
    if (text) {
      problems.periods[p.key] = text;
      problems.count++;
    }
  });
  return problems;
}

/** The behaviour to save; call only when `validateRoomForm` found nothing. */
export function toBehaviour(form: RoomForm): RoomBehaviour {
  let b = form.behaviour;
  for (const key of NUMBER_KEYS) {
    if (!isShown(key, b, form.kind)) continue;
    const value = readNumber(key, form.numbers[key], form.units);
    if (typeof value === 'number') b = (NUMBERS[key] as NumberSpec).write(b, value);
  }
  if (b.lighting.curve.kind === 'steps') b = light(b, { curve: { kind: 'steps', steps: fromStepDrafts(form.steps) } });
  return clim(b, { schedule: form.periods.map(({ key: _key, ...p }) => p) });
}
