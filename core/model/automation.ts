/**
 * Automations, scenes and traces: one JSON form for the API, the export and the editor. Every trigger,
 * condition and action is an object with a `type`. Schemas are strict and bounded (sizes and nesting),
 * so a hostile or mistyped document fails with a message that names the field.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { Availability, DeviceKind } from './device';
import { CAPABILITY_NAMES, type CapabilityName } from './capabilities';
import { Command } from './command';

export const MAX_ITEMS = 50;
/** How deep and/or/not groups and choose branches may nest. */
export const MAX_DEPTH = 5;
const NAME_MAX = 200;

const DeviceId = z.string().min(1, 'choose a device').max(300);
const RoomId = z.string().min(1, 'choose a room').max(100);
const PersonId = z.string().min(1, 'choose a person').max(100);
const Id = z.string().min(1).max(100);

// ── durations ───────────────────────────────────────────────────────────────

const ISO_DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** A duration may be at most this long (a timer longer than a month is almost surely a typo). */
export const MAX_DURATION_S = 31 * 86_400;

/** ISO 8601 ("PT5M", "P1DT2H", "-PT30M") or seconds, in milliseconds; null when it is not a duration. */
export function durationMs(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? Math.round(input * 1000) : null;
  const m = ISO_DURATION.exec(input);
  if (!m || input.endsWith('T') || /^-?P$/.test(input)) return null;
  const [, sign, d, h, min, s] = m;
  const seconds = Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return Math.round((sign ? -seconds : seconds) * 1000);
}

const durationSchema = (signed: boolean) =>
  z.union([z.number(), z.string().max(40)]).superRefine((value, ctx) => {
    const ms = durationMs(value);
    if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be seconds or an ISO 8601 duration such as PT5M' });
    else if (!signed && ms < 0) ctx.addIssue({ code: 'custom', message: 'must not be negative' });
    else if (Math.abs(ms) > MAX_DURATION_S * 1000) ctx.addIssue({ code: 'custom', message: 'must be at most 31 days' });
  });
/** Seconds or ISO 8601 ("PT5M"), never negative. */
export const Duration = durationSchema(false);
export type Duration = z.infer<typeof Duration>;
/** An offset that may be negative ("-PT30M" = 30 minutes before). */
export const Offset = durationSchema(true);
export type Offset = z.infer<typeof Offset>;

// ── the values automations read ─────────────────────────────────────────────

/**
 * What a trigger or condition can watch: the scalar capabilities and the scalar fields of climate and
 * media, as "climate.mode".
 */
export const STATE_FIELDS = [
  ...CAPABILITY_NAMES.filter(
    (c): c is Exclude<CapabilityName, 'climate' | 'media' | 'color'> => !['climate', 'media', 'color'].includes(c),
  ),
  'climate.mode',
  'climate.action',
  'climate.preset',
  'climate.targetTemperature',
  'climate.currentTemperature',
  'media.state',
  'media.volume',
  'media.muted',
  'media.source',
] as const;
export const StateField = z.enum(STATE_FIELDS, { error: `must be one of ${STATE_FIELDS.join(', ')}` });
export type StateField = z.infer<typeof StateField>;

export const BOOLEAN_FIELDS: ReadonlySet<StateField> = new Set(['power', 'occupancy', 'motion', 'contact', 'media.muted']);
export const TEXT_FIELDS: ReadonlySet<StateField> = new Set([
  'climate.mode',
  'climate.action',
  'climate.preset',
  'media.state',
  'media.source',
]);
export const NUMERIC_FIELDS = STATE_FIELDS.filter((f) => !BOOLEAN_FIELDS.has(f) && !TEXT_FIELDS.has(f));
export const NumericField = z.enum(NUMERIC_FIELDS as [StateField, ...StateField[]], {
  error: 'must be a numeric capability (temperature, illuminance, brightness…)',
});

export const Scalar = z.union([z.boolean(), z.number(), z.string().max(200), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

function checkValue(ctx: z.RefinementCtx, field: StateField, value: Scalar | undefined, key: string): void {
  if (value === undefined || value === null) return;
  const expected = BOOLEAN_FIELDS.has(field) ? 'boolean' : TEXT_FIELDS.has(field) ? 'string' : 'number';
  if (typeof value !== expected)
    ctx.addIssue({ code: 'custom', path: [key], message: `${field} is a ${expected}, not ${JSON.stringify(value)}` });
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const Weekday = z.enum(WEEKDAYS, { error: 'must be mon, tue, wed, thu, fri, sat or sun' });
export type Weekday = z.infer<typeof Weekday>;
const Weekdays = z.array(Weekday).min(1, 'choose at least one day').max(7);

/** "07:30" or "07:30:15", local time of the home. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time such as 07:30');
export const SunEvent = z.enum(['sunrise', 'sunset'], { error: 'must be sunrise or sunset' });
export type SunEvent = z.infer<typeof SunEvent>;
export const RoomOccupancy = z.enum(['occupied', 'vacant'], { error: 'must be occupied or vacant' });

/** Why a cron expression cannot be used, or null. Croner, with seconds optional (5 or 6 fields). */
export function cronProblem(expression: string): string | null {
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true, timezone: 'UTC' });
  } catch (error) {
    return `is not a cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  // Four years covers 29 February; croner searches further, so "never" really means never.
  const next = cron.nextRun(new Date(Date.UTC(2000, 0, 1)));
  cron.stop();
  return next ? null : 'never fires (no date matches it)';
}

// ── triggers ────────────────────────────────────────────────────────────────

const For = { for: Duration.optional() };

const StateTrigger = z
  .strictObject({
    type: z.literal('state'),
    device: DeviceId,
    capability: StateField,
    from: Scalar.optional(),
    to: Scalar.optional(),
    ...For,
  })
  .superRefine((t, ctx) => {
    checkValue(ctx, t.capability, t.from, 'from');
    checkValue(ctx, t.capability, t.to, 'to');
  });
const NumericTrigger = z
  .strictObject({
    type: z.literal('numeric'),
    device: DeviceId,
    capability: NumericField,
    above: z.number().optional(),
    below: z.number().optional(),
    ...For,
  })
  .refine((t) => t.above !== undefined || t.below !== undefined, { message: 'give above, below or both', path: ['above'] })
  .refine((t) => t.above === undefined || t.below === undefined || t.above < t.below, {
    message: 'above must be less than below',
    path: ['below'],
  });
const TimeTrigger = z.strictObject({ type: z.literal('time'), at: ClockTime, weekdays: Weekdays.optional() });
const CronTrigger = z.strictObject({
  type: z.literal('cron'),
  cron: z
    .string()
    .max(100)
    .superRefine((expression, ctx) => {
      const problem = cronProblem(expression);
      if (problem) ctx.addIssue({ code: 'custom', message: `"${expression}" ${problem}` });
    }),
});
const SunTrigger = z.strictObject({ type: z.literal('sun'), event: SunEvent, offset: Offset.optional() });
const RoomTrigger = z.strictObject({ type: z.literal('room'), room: RoomId, to: RoomOccupancy, ...For });
/** Without `room`: arrives home (from nowhere into any room) or leaves home. Without `person`: anyone. */
const PersonTrigger = z.strictObject({
  type: z.literal('person'),
  person: PersonId.optional(),
  room: RoomId.optional(),
  event: z.enum(['arrives', 'leaves'], { error: 'must be arrives or leaves' }),
});
const AvailabilityTrigger = z.strictObject({
  type: z.literal('availability'),
  device: DeviceId,
  to: Availability.exclude(['unknown'], { error: 'must be online or offline' }),
  ...For,
});
const HubStartedTrigger = z.strictObject({ type: z.literal('hubStarted') });
/** A momentary device event (button press); `event` narrows it ("single", "double", "hold"). */
const EventTrigger = z.strictObject({ type: z.literal('event'), device: DeviceId, event: z.string().min(1).max(100).optional() });

export const Trigger = z.discriminatedUnion(
  'type',
  [
    StateTrigger,
    NumericTrigger,
    TimeTrigger,
    CronTrigger,
    SunTrigger,
    RoomTrigger,
    PersonTrigger,
    AvailabilityTrigger,
    HubStartedTrigger,
    EventTrigger,
  ],
  { error: 'type must be one of state, numeric, time, cron, sun, room, person, availability, hubStarted, event' },
);
export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger['type'];
export type TriggerOf<T extends TriggerType> = Extract<Trigger, { type: T }>;

// ── conditions ──────────────────────────────────────────────────────────────

const StateCondition = z
  .strictObject({ type: z.literal('state'), device: DeviceId, capability: StateField, is: Scalar })
  .superRefine((c, ctx) => checkValue(ctx, c.capability, c.is, 'is'));
const NumericCondition = z
  .strictObject({
    type: z.literal('numeric'),
    device: DeviceId,
    capability: NumericField,
    above: z.number().optional(),
    below: z.number().optional(),
  })
  .refine((c) => c.above !== undefined || c.below !== undefined, { message: 'give above, below or both', path: ['above'] });
/** From `after` until `before`; a window whose `after` is later than `before` crosses midnight (22:00–06:00). */
const TimeCondition = z
  .strictObject({
    type: z.literal('time'),
    after: ClockTime.optional(),
    before: ClockTime.optional(),
    weekdays: Weekdays.optional(),
  })
  .refine((c) => c.after !== undefined || c.before !== undefined || c.weekdays !== undefined, {
    message: 'give after, before or weekdays',
    path: ['after'],
  });
const WeekdayCondition = z.strictObject({ type: z.literal('weekday'), weekdays: Weekdays });
/**
 * From `after` (± offset) until the next `before` (± offset). With only `after: sunset` it lasts until the next
 * sunrise ("it is dark"), with only `before: sunrise` it starts at the previous sunset.
 */
const SunCondition = z
  .strictObject({
    type: z.literal('sun'),
    after: SunEvent.optional(),
    afterOffset: Offset.optional(),
    before: SunEvent.optional(),
    beforeOffset: Offset.optional(),
  })
  .refine((c) => c.after !== undefined || c.before !== undefined, { message: 'give after, before or both', path: ['after'] });
/** A room that is clearing ("leaving") still counts as occupied. */
const RoomCondition = z.strictObject({ type: z.literal('room'), room: RoomId, is: RoomOccupancy });
/** Without `person`: anyone; without `room`: at home (in any room). `present: false` asks for nobody. */
const PersonCondition = z.strictObject({
  type: z.literal('person'),
  person: PersonId.optional(),
  room: RoomId.optional(),
  present: z.boolean().default(true),
});

type LeafCondition = z.infer<
  | typeof StateCondition
  | typeof NumericCondition
  | typeof TimeCondition
  | typeof WeekdayCondition
  | typeof SunCondition
  | typeof RoomCondition
  | typeof PersonCondition
>;
/** `and`: all; `or`: any; `not`: none of its conditions. */
export type GroupCondition = { type: 'and' | 'or' | 'not'; conditions: Condition[] };
export type Condition = LeafCondition | GroupCondition;

const tooDeep = (what: string) => z.never({ error: `${what} nest at most ${MAX_DEPTH} levels deep` });

function conditionSchema(depth: number): z.ZodType<Condition> {
  const group = z.strictObject({
    type: z.enum(['and', 'or', 'not']),
    conditions:
      depth > 0
        ? z
            .array(z.lazy(() => conditionSchema(depth - 1)))
            .min(1, 'a group needs at least one condition')
            .max(MAX_ITEMS)
        : tooDeep('conditions'),
  });
  return z.discriminatedUnion(
    'type',
    [StateCondition, NumericCondition, TimeCondition, WeekdayCondition, SunCondition, RoomCondition, PersonCondition, group],
    {
      error: 'type must be one of state, numeric, time, weekday, sun, room, person, and, or, not',
    },
  ) as z.ZodType<Condition>;
}
export const Condition: z.ZodType<Condition> = conditionSchema(MAX_DEPTH);

// ── actions ─────────────────────────────────────────────────────────────────

/** Which devices of a room a room command reaches ("all lights": `kind: 'light'`; "everything dimmable": `capability: 'brightness'`). */
const CommandAction = z
  .strictObject({
    type: z.literal('command'),
    device: DeviceId.optional(),
    room: RoomId.optional(),
    kind: DeviceKind.optional(),
    capability: z.enum(CAPABILITY_NAMES as [CapabilityName, ...CapabilityName[]]).optional(),
    scene: Id.optional(),
    command: Command.optional(),
    transitionS: z.number().min(0).max(3600).optional(),
  })
  .superRefine((a, ctx) => {
    const targets = [a.device, a.room, a.scene].filter((t) => t !== undefined).length;
    if (targets !== 1) ctx.addIssue({ code: 'custom', path: ['device'], message: 'give exactly one of device, room or scene' });
    if (a.scene === undefined && a.command === undefined)
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'say what to set' });
    if (a.scene !== undefined && a.command !== undefined)
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'a scene brings its own states' });
    if (a.room === undefined && (a.kind !== undefined || a.capability !== undefined))
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'kind and capability filter the devices of a room' });
  });
export type CommandAction = z.infer<typeof CommandAction>;
const DelayAction = z.strictObject({ type: z.literal('delay'), for: Duration });
/** Waits for the trigger; after `timeout` it goes on (or, with `continueOnTimeout: false`, ends the run). */
const WaitAction = z.strictObject({
  type: z.literal('wait'),
  trigger: Trigger,
  timeout: Duration.optional(),
  continueOnTimeout: z.boolean().default(true),
});
/** Plain text; {{trigger.device}}, {{trigger.room}}, {{trigger.person}}, {{trigger.value}}, {{automation}} are replaced by names. */
const NotifyAction = z.strictObject({
  type: z.literal('notify'),
  title: z.string().max(NAME_MAX).optional(),
  text: z.string().min(1, 'write the message').max(1000),
});
const StopAction = z.strictObject({ type: z.literal('stop'), reason: z.string().max(NAME_MAX).optional() });

type LeafAction = z.infer<
  typeof CommandAction | typeof DelayAction | typeof WaitAction | typeof NotifyAction | typeof StopAction
>;
/** The first branch whose conditions all hold runs; else `otherwise`. */
export type ChooseAction = { type: 'choose'; when: { conditions: Condition[]; actions: Action[] }[]; otherwise?: Action[] };
export type Action = LeafAction | ChooseAction;

function actionSchema(depth: number): z.ZodType<Action> {
  const actions =
    depth > 0
      ? z
          .array(z.lazy(() => actionSchema(depth - 1)))
          .min(1, 'a branch needs an action')
          .max(MAX_ITEMS)
      : tooDeep('choose actions');
  const choose = z.strictObject({
    type: z.literal('choose'),
    when: z
      .array(z.strictObject({ conditions: z.array(Condition).max(MAX_ITEMS), actions }))
      .min(1, 'give at least one branch')
      .max(MAX_ITEMS),
    otherwise: actions.optional(),
  });
  return z.discriminatedUnion('type', [CommandAction, DelayAction, WaitAction, NotifyAction, StopAction, choose], {
    error: 'type must be one of command, delay, wait, choose, notify, stop',
  }) as z.ZodType<Action>;
}
export const Action: z.ZodType<Action> = actionSchema(MAX_DEPTH);

// ── automations ─────────────────────────────────────────────────────────────

export const AutomationMode = z.enum(['single', 'restart', 'queued', 'parallel'], {
  error: 'mode must be single, restart, queued or parallel',
});
export type AutomationMode = z.infer<typeof AutomationMode>;

const automationShape = {
  name: z.string().trim().min(1, 'give it a name').max(NAME_MAX),
  enabled: z.boolean().default(true),
  mode: AutomationMode.default('single'),
  /** queued: runs waiting plus the running one; parallel: runs at once. */
  max: z.number().int().min(1).max(100).default(10),
  /** Leave devices a person changed by hand alone (the arbiter's manual priority wins). */
  respectManual: z.boolean().default(true),
  triggers: z.array(Trigger).min(1, 'add a trigger').max(MAX_ITEMS),
  conditions: z.array(Condition).max(MAX_ITEMS).default([]),
  actions: z.array(Action).min(1, 'add an action').max(MAX_ITEMS),
};
export const Automation = z.strictObject({ id: Id, ...automationShape });
export type Automation = z.infer<typeof Automation>;
export type AutomationInput = z.input<typeof Automation>;
/** What the editor sends before saving (and what dry-run accepts): an automation that may lack an id. */
export const AutomationDraft = z.strictObject({ id: Id.optional(), ...automationShape });
export type AutomationDraft = z.infer<typeof AutomationDraft>;

// ── scenes ──────────────────────────────────────────────────────────────────

export const SceneState = z.strictObject({ device: DeviceId, command: Command });
export type SceneState = z.infer<typeof SceneState>;
/** A scene may include other scenes ("Good night" = "Downstairs off" + "Bedroom dim"); never itself, directly or not. */
export const SceneInclude = z.strictObject({ scene: Id });
export type SceneInclude = z.infer<typeof SceneInclude>;
export const SceneEntry = z.union([SceneState, SceneInclude], { error: 'give { device, command } or { scene }' });
export type SceneEntry = z.infer<typeof SceneEntry>;
export const isSceneState = (entry: SceneEntry): entry is SceneState => 'device' in entry;
export const Scene = z.strictObject({
  id: Id,
  name: z.string().trim().min(1, 'give it a name').max(NAME_MAX),
  states: z
    .array(SceneEntry)
    .min(1, 'a scene needs at least one device')
    .max(500)
    .superRefine((entries, ctx) => {
      const seen = new Map<string, number>();
      entries.forEach((entry, i) => {
        const key = isSceneState(entry) ? `device ${entry.device}` : `scene ${entry.scene}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [i], message: `${key} appears twice (also states[${seen.get(key)}])` });
        else seen.set(key, i);
      });
    }),
  transitionS: z.number().min(0).max(3600).optional(),
});
export type Scene = z.infer<typeof Scene>;

// ── traces ──────────────────────────────────────────────────────────────────

export const TraceValue = z.union([z.boolean(), z.number(), z.string(), z.null()]);
export const TraceTrigger = z.object({
  type: z.string(),
  /** "Hall motion motion → on". */
  detail: z.string(),
  values: z.record(z.string(), TraceValue),
});
export type TraceTrigger = z.infer<typeof TraceTrigger>;
export const TraceCondition = z.object({ type: z.string(), ok: z.boolean(), seen: z.string() });
export type TraceCondition = z.infer<typeof TraceCondition>;
export const TraceAction = z.object({
  type: z.string(),
  /** Null while a command awaits its confirmation. */
  ok: z.boolean().nullable(),
  detail: z.string(),
  at: z.number().optional(),
});
export type TraceAction = z.infer<typeof TraceAction>;
export const TraceResult = z.enum(['finished', 'stopped', 'cancelled', 'failed', 'skipped', 'dropped', 'running']);
export type TraceResult = z.infer<typeof TraceResult>;
/** One run, or one trigger that did not lead to a run (`ran: false`, with the reason). */
export const Trace = z.object({
  automationId: z.string(),
  runId: z.string(),
  at: z.number(),
  trigger: TraceTrigger,
  ran: z.boolean(),
  /** skipped: conditions failed; dropped: the mode refused another run; cancelled: restarted or stopped. */
  result: TraceResult,
  /** "Hall illuminance 140 lx is not below 60 lx", "already running (mode single)". */
  reason: z.string().optional(),
  endedAt: z.number().optional(),
  conditions: z.array(TraceCondition),
  actions: z.array(TraceAction),
});
export type Trace = z.infer<typeof Trace>;
