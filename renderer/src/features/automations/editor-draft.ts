/**
 * The automation editor's draft, pure: the model's one JSON form held as plain data (so a half-made trigger, an
 * empty device or a half-typed number can be shown and explained), edited by path, and checked by the model's own
 * schema. Every problem is keyed by its path ("triggers.0.device"), the same path the hub's 400 names, so a
 * message from either lands next to its field.
 */
import {
  Action,
  AutomationDraft,
  BOOLEAN_FIELDS,
  Condition,
  NUMERIC_FIELDS,
  STATE_FIELDS,
  TEXT_FIELDS,
  Trigger,
  durationMs,
  type Device,
  type StateField,
} from '../../../../core/model';
import { describeAutomation, type Names } from '../../../../core/model/automation-describe';

export type Path = readonly (string | number)[];
export type Obj = Record<string, unknown>;
/** The draft as edited: the model's shape, any part of it possibly incomplete. */
export type Draft = Obj & { triggers: unknown[]; conditions: unknown[]; actions: unknown[] };
export type Problems = Readonly<Record<string, string>>;

export const pathKey = (path: Path): string => path.join('.');

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path`, or undefined (own properties only). */
export function getIn(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const step of path) {
    if (Array.isArray(at) && typeof step === 'number') at = at[step];
    else if (isObj(at) && typeof step === 'string' && Object.hasOwn(at, step)) at = at[step];
    else return undefined;
  }
  return at;
}

/** A copy with `value` at `path` (undefined removes an object's key); missing objects on the way are made. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = [...(root as unknown[])];
    copy[head] = setIn(copy[head], rest, value);
    return copy as T;
  }
  const obj: Obj = isObj(root) ? { ...root } : {};
  const key = String(head);
  const next = setIn(Object.hasOwn(obj, key) ? obj[key] : undefined, rest, value);
  if (next === undefined) delete obj[key];
  else obj[key] = next;
  return obj as T;
}

export function newDraft(): Draft {
  return { name: '', enabled: true, mode: 'single', max: 10, respectManual: true, triggers: [], conditions: [], actions: [] };
}

/** An automation (or an imported file's draft) as the editor's draft: every list present. */
export function toDraft(a: unknown): Draft {
  const src = isObj(a) ? a : {};
  const list = (k: string) => (Array.isArray(src[k]) ? [...(src[k] as unknown[])] : []);
  return { ...newDraft(), ...src, triggers: list('triggers'), conditions: list('conditions'), actions: list('actions') };
}

// ── types and their starting shapes ────────────────────────────────────────

export const TRIGGER_TYPES = [
  ['state', 'A device changes'],
  ['numeric', 'A reading goes above or below'],
  ['time', 'A time of day'],
  ['sun', 'Sunrise or sunset'],
  ['room', 'A room becomes occupied or vacant'],
  ['person', 'Someone arrives or leaves'],
  ['availability', 'A device goes offline or online'],
  ['event', 'A button or remote is pressed'],
  ['cron', 'A schedule (cron)'],
  ['hubStarted', 'The hub starts'],
] as const;
export const CONDITION_TYPES = [
  ['state', 'A device is in a state'],
  ['numeric', 'A reading is above or below'],
  ['time', 'Between two times'],
  ['weekday', 'On certain days'],
  ['sun', 'Dark or light (sun)'],
  ['room', 'A room is occupied or vacant'],
  ['person', 'Someone is (not) home or in a room'],
  ['and', 'All of a group'],
  ['or', 'Any of a group'],
  ['not', 'None of a group'],
] as const;
export const ACTION_TYPES = [
  ['command', 'Set a device, a room or a scene'],
  ['delay', 'Wait a while'],
  ['wait', 'Wait for something to happen'],
  ['choose', 'Choose: if, else if, otherwise'],
  ['notify', 'Send a notification'],
  ['stop', 'Stop here'],
] as const;

export function newTrigger(type: string): Obj {
  switch (type) {
    case 'state':
      return { type, device: '', capability: '' };
    case 'numeric':
      return { type, device: '', capability: '', below: 10 };
    case 'time':
      return { type, at: '07:00' };
    case 'cron':
      return { type, cron: '0 7 * * 1-5' };
    case 'sun':
      return { type, event: 'sunset' };
    case 'room':
      return { type, room: '', to: 'occupied' };
    case 'person':
      return { type, event: 'arrives' };
    case 'availability':
      return { type, device: '', to: 'offline' };
    case 'event':
      return { type, device: '' };
    default:
      return { type: 'hubStarted' };
  }
}

export function newCondition(type: string): Obj {
  switch (type) {
    case 'state':
      return { type, device: '', capability: '', is: null };
    case 'numeric':
      return { type, device: '', capability: '', below: 10 };
    case 'time':
      return { type, after: '22:00', before: '06:00' };
    case 'weekday':
      return { type, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] };
    case 'sun':
      return { type, after: 'sunset' };
    case 'room':
      return { type, room: '', is: 'occupied' };
    case 'person':
      return { type, present: true };
    default:
      return { type: type === 'or' || type === 'not' ? type : 'and', conditions: [] };
  }
}

export function newAction(type: string): Obj {
  switch (type) {
    case 'delay':
      return { type, for: 'PT5M' };
    case 'wait':
      return { type, trigger: newTrigger('state'), timeout: 'PT10M' };
    case 'choose':
      return { type, when: [{ conditions: [], actions: [] }] };
    case 'notify':
      return { type, text: '' };
    case 'stop':
      return { type };
    default:
      return { type: 'command', device: '', command: { power: true } };
  }
}

/** A changed type keeps what still applies (the device, the room), so switching type is not starting over. */
export function retype(old: unknown, fresh: Obj): Obj {
  const prev = isObj(old) ? old : {};
  const keep: Obj = {};
  for (const k of ['device', 'room', 'person'] as const)
    if (Object.hasOwn(fresh, k) && typeof prev[k] === 'string') keep[k] = prev[k];
  // A device watched as a state keeps its capability when it becomes numeric only if the capability is a number.
  if (Object.hasOwn(fresh, 'capability') && typeof prev.capability === 'string') {
    const numeric = fresh.type === 'numeric';
    if (!numeric || (NUMERIC_FIELDS as readonly string[]).includes(prev.capability)) keep.capability = prev.capability;
  }
  return { ...fresh, ...keep };
}

// ── what a device offers ───────────────────────────────────────────────────

const capabilityOf = (field: string) => field.split('.')[0]!;

/** The fields a trigger or condition can watch on this device (numeric only, for numeric ones). */
export function watchableFields(device: Device | undefined, numeric = false): StateField[] {
  if (!device) return [];
  const fields = numeric ? NUMERIC_FIELDS : STATE_FIELDS;
  return fields.filter((f) => Object.hasOwn(device.capabilities, capabilityOf(f)));
}

export type FieldKind = 'boolean' | 'text' | 'number';
export function fieldKind(field: string): FieldKind {
  if (BOOLEAN_FIELDS.has(field as StateField)) return 'boolean';
  if (TEXT_FIELDS.has(field as StateField)) return 'text';
  return 'number';
}

export const isWritable = (device: Device, capability: string) =>
  Object.hasOwn(device.capabilities, capability) &&
  (device.capabilities as Record<string, { writable?: boolean } | undefined>)[capability]?.writable === true;

/** Devices a command can go to: those with something writable. */
export const commandable = (d: Device) =>
  ['power', 'brightness', 'colorTemperature', 'color', 'climate', 'media'].some((c) => isWritable(d, c));

// ── durations as a number and a unit ───────────────────────────────────────

export type DurationUnit = 'S' | 'M' | 'H';
export const DURATION_UNITS: readonly (readonly [DurationUnit, string])[] = [
  ['S', 'seconds'],
  ['M', 'minutes'],
  ['H', 'hours'],
];

/** "PT5M" → 5 minutes; a draft's text as typed stays text. Negative offsets keep their sign. */
export function splitDuration(value: unknown): { amount: string; unit: DurationUnit } {
  if (value === undefined || value === null || value === '') return { amount: '', unit: 'M' };
  const ms = typeof value === 'string' || typeof value === 'number' ? durationMs(value) : null;
  if (ms === null) {
    const m = /^(-?)PT(.*)([SMH])$/.exec(String(value));
    return m ? { amount: `${m[1]}${m[2]}`, unit: m[3] as DurationUnit } : { amount: String(value), unit: 'M' };
  }
  const s = ms / 1000;
  if (s !== 0 && s % 3600 === 0) return { amount: String(s / 3600), unit: 'H' };
  if (s !== 0 && s % 60 === 0) return { amount: String(s / 60), unit: 'M' };
  return { amount: String(s), unit: 'S' };
}

/** 5 minutes → "PT5M", -30 minutes → "-PT30M"; empty → undefined; text that is no number is kept for the schema to refuse. */
export function joinDuration(amount: string, unit: DurationUnit): string | undefined {
  const text = amount.trim();
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return `PT${text}${unit}`;
  return `${n < 0 ? '-' : ''}PT${Math.abs(n)}${unit}`;
}

/** A number field's text as the draft's value: a number, undefined when empty, or the text (refused by the schema). */
export function numberValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

// ── checking ───────────────────────────────────────────────────────────────

/** The schema's words, said the way a form says them. */
export function friendly(path: string, message: string): string {
  const last = path.split('.').at(-1) ?? '';
  if (last === 'capability' && /must be one of|numeric capability/.test(message)) return 'choose what to watch';
  if (/expected number, received/.test(message)) return 'must be a number';
  if (/expected (boolean|string|nonoptional)|received undefined/.test(message) && last === 'is') return 'choose a value';
  if (/Too small: expected string to have >=1/.test(message)) return 'must not be empty';
  if (/Too small: expected number to be >=(\S+)/.test(message)) return `must be at least ${/>=(\S+)/.exec(message)![1]}`;
  if (/Too big: expected number to be <=(\S+)/.test(message)) return `must be at most ${/<=(\S+)/.exec(message)![1]}`;
  return message;
}

export type Checked = { ok: true; draft: AutomationDraft; problems: Problems } | { ok: false; problems: Problems };

/** The model's schema over the draft: the parsed automation, or each problem at its path (the first per path). */
export function checkDraft(draft: Draft): Checked {
  const parsed = AutomationDraft.safeParse(draft);
  if (parsed.success) return { ok: true, draft: parsed.data, problems: {} };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = pathKey(issue.path as (string | number)[]);
    if (!Object.hasOwn(problems, key)) problems[key] = friendly(key, issue.message);
  }
  return { ok: false, problems };
}

/**
 * The field a hub's 400 names: "Invalid createAutomation request: triggers.0.device: no device with id …"
 * → { "triggers.0.device": "no device with id …" }; a dry run's "automation." prefix is dropped.
 */
export function hubProblem(message: string): Problems | null {
  const m = /^Invalid \w+ request: (?:automation\.)?([\w.]+): ([\s\S]+)$/.exec(message);
  if (!m) return null;
  return { [m[1]!]: friendly(m[1]!, m[2]!) };
}

const LISTS: Record<string, string> = { triggers: 'Triggers', conditions: 'Conditions', actions: 'Actions' };

/** The label a problem's path reads as in the summary: "Trigger 1, device". */
export function problemLabel(path: string): string {
  const parts = path.split('.');
  const out: string[] = [];
  const names: Record<string, string> = {
    triggers: 'Trigger',
    conditions: 'Condition',
    actions: 'Action',
    when: 'Option',
    otherwise: 'Otherwise',
  };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (Object.hasOwn(names, p) && next !== undefined && /^\d+$/.test(next)) {
      out.push(`${names[p]} ${Number(next) + 1}`);
      i++;
    } else if (i === 0 && Object.hasOwn(LISTS, p)) out.push(LISTS[p]!);
    else if (p === 'otherwise') out.push('Otherwise');
    else out.push(p === 'name' ? 'Name' : p);
  }
  return out.join(', ');
}

// ── the sentence ───────────────────────────────────────────────────────────

/** The sentence of what is complete so far: each part that parses is said, the rest left out. */
export function draftSentence(draft: Draft, names: Names): string {
  const parts = <T>(list: unknown[], schema: { safeParse(v: unknown): { success: boolean; data?: T } }) =>
    list.flatMap((item) => {
      const r = schema.safeParse(item);
      return r.success ? [r.data as T] : [];
    });
  return describeAutomation(
    {
      triggers: parts<Trigger>(draft.triggers, Trigger),
      conditions: parts<Condition>(draft.conditions, Condition),
      actions: parts<Action>(draft.actions, Action),
    },
    names,
  );
}
