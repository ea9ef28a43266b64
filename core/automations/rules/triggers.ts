/**
 * Which triggers fire, as a pure state machine: (trigger, memory, input) → (memory, decisions). The engine carries
 * out the decisions ("fire now", "schedule my timer at T", "cancel my timer") with its clock, so a recorded sequence
 * of inputs can be replayed and gives the same decisions.
 *
 * A trigger with `for` fires only when what it watches has held for the duration: the matching change schedules
 * the timer, a change that breaks the match before it is due cancels it.
 */
import { durationMs, type Scalar, type Trigger, type TriggerOf } from '../../model';
import { isScheduled, nextFire, type ScheduleContext } from './schedule';
import type { RuleEvent } from './world';

export type FiredValue = string | number | boolean | null;

/** A trigger that fired: what it watched and the values it saw (for the trace and for notify placeholders). */
export interface Fired {
  /** `manual`: run by hand ("Run now"). */
  type: Trigger['type'] | 'manual';
  at: number;
  device?: string;
  room?: string;
  person?: string;
  values: Record<string, FiredValue>;
}

export type TriggerDecision = { kind: 'fire'; fired: Fired } | { kind: 'schedule'; at: number } | { kind: 'cancel' };

/** What one trigger instance remembers between inputs: the match waiting for its `for` to pass. */
export interface TriggerMemory {
  pending: Fired | null;
  /** When its timer is due (a pending `for`, or the next time/cron/sun occurrence). */
  timerAt: number | null;
}

export const IDLE: TriggerMemory = { pending: null, timerAt: null };

export interface TriggerStep {
  memory: TriggerMemory;
  decisions: TriggerDecision[];
}

const NOTHING = (memory: TriggerMemory): TriggerStep => ({ memory, decisions: [] });

/** Arm a trigger: a time, cron or sun trigger schedules its next occurrence after `now`; the others wait for events. */
export function armTrigger(trigger: Trigger, now: number, ctx: ScheduleContext): TriggerStep {
  if (!isScheduled(trigger)) return NOTHING(IDLE);
  const at = nextFire(trigger, now, ctx);
  return at === null ? NOTHING(IDLE) : { memory: { pending: null, timerAt: at }, decisions: [{ kind: 'schedule', at }] };
}

/**
 * The trigger's timer is due (at `memory.timerAt`; `now` is later when the hub was asleep). A schedule fires once
 * for what it missed and then continues from `now`, rather than catching up every missed occurrence.
 */
export function triggerOnTimer(trigger: Trigger, memory: TriggerMemory, now: number, ctx: ScheduleContext): TriggerStep {
  const at = memory.timerAt;
  if (at === null) return NOTHING(memory);
  if (isScheduled(trigger)) {
    const fired: Fired = { type: trigger.type, at, values: scheduledValues(trigger) };
    const next = nextFire(trigger, Math.max(at, now), ctx);
    const decisions: TriggerDecision[] = [{ kind: 'fire', fired }];
    if (next !== null) decisions.push({ kind: 'schedule', at: next });
    return { memory: { pending: null, timerAt: next }, decisions };
  }
  if (!memory.pending) return NOTHING({ ...memory, timerAt: null });
  return { memory: IDLE, decisions: [{ kind: 'fire', fired: { ...memory.pending, at } }] };
}

function scheduledValues(t: TriggerOf<'time'> | TriggerOf<'cron'> | TriggerOf<'sun'>): Record<string, FiredValue> {
  switch (t.type) {
    case 'time':
      return { at: t.at };
    case 'cron':
      return { cron: t.cron };
    case 'sun':
      return { event: t.event, offset: t.offset === undefined ? 0 : (durationMs(t.offset) ?? 0) / 1000 };
  }
}

/**
 * What an input means for one watched value: whether it now matches, whether this input is the transition into the
 * match (what fires), and whether it should restart a pending `for` (a trigger without `to` restarts on any change).
 */
interface Observation {
  matches: boolean;
  enters: boolean;
  restarts?: boolean;
  fired: Omit<Fired, 'at'>;
}

const inRange = (v: Scalar, above?: number, below?: number) =>
  typeof v === 'number' && (above === undefined || v > above) && (below === undefined || v < below);

function observe(trigger: Trigger, event: RuleEvent): Observation | null {
  switch (trigger.type) {
    case 'state': {
      if (event.type !== 'state' || event.device !== trigger.device) return null;
      const c = event.changes.find((x) => x.field === trigger.capability);
      if (!c || c.from === c.to) return null;
      const toOk = trigger.to === undefined || c.to === trigger.to;
      const fromOk = trigger.from === undefined || c.from === trigger.from;
      return {
        matches: toOk,
        enters: toOk && fromOk,
        restarts: trigger.to === undefined,
        fired: { type: 'state', device: trigger.device, values: { capability: c.field, from: c.from, to: c.to } },
      };
    }
    case 'numeric': {
      if (event.type !== 'state' || event.device !== trigger.device) return null;
      const c = event.changes.find((x) => x.field === trigger.capability);
      if (!c) return null;
      const now = inRange(c.to, trigger.above, trigger.below);
      return {
        matches: now,
        enters: now && !inRange(c.from, trigger.above, trigger.below),
        fired: {
          type: 'numeric',
          device: trigger.device,
          values: {
            capability: c.field,
            value: c.to,
            ...(trigger.above !== undefined ? { above: trigger.above } : {}),
            ...(trigger.below !== undefined ? { below: trigger.below } : {}),
          },
        },
      };
    }
    case 'room': {
      if (event.type !== 'room' || event.room !== trigger.room) return null;
      const side = (s: string) => (s === 'vacant' ? 'vacant' : s === 'unknown' ? 'unknown' : 'occupied');
      const now = side(event.to) === trigger.to;
      return {
        matches: now,
        enters: now && side(event.from) !== trigger.to,
        fired: { type: 'room', room: trigger.room, values: { from: event.from, to: event.to } },
      };
    }
    case 'availability': {
      if (event.type !== 'availability' || event.device !== trigger.device) return null;
      const now = event.to === trigger.to;
      return {
        matches: now,
        enters: now && event.from !== trigger.to,
        fired: { type: 'availability', device: trigger.device, values: { from: event.from, to: event.to } },
      };
    }
    case 'person': {
      if (event.type !== 'person' || (trigger.person !== undefined && event.person !== trigger.person)) return null;
      const wasIn = trigger.room === undefined ? event.from !== null : event.from === trigger.room;
      const isIn = trigger.room === undefined ? event.to !== null : event.to === trigger.room;
      const hit = trigger.event === 'arrives' ? isIn && !wasIn : wasIn && !isIn;
      const room = trigger.room ?? (trigger.event === 'arrives' ? event.to : event.from) ?? undefined;
      return {
        matches: hit,
        enters: hit,
        fired: {
          type: 'person',
          person: event.person,
          ...(room ? { room } : {}),
          values: { event: trigger.event, from: event.from, to: event.to },
        },
      };
    }
    case 'hubStarted':
      return event.type === 'hubStarted' ? { matches: true, enters: true, fired: { type: 'hubStarted', values: {} } } : null;
    case 'event': {
      if (event.type !== 'deviceEvent' || event.device !== trigger.device) return null;
      const hit = trigger.event === undefined || trigger.event === event.event;
      return { matches: hit, enters: hit, fired: { type: 'event', device: trigger.device, values: { event: event.event } } };
    }
    default:
      return null;
  }
}

/** An input arrived. Scheduled triggers ignore inputs (their timers drive them). */
export function triggerOnEvent(trigger: Trigger, memory: TriggerMemory, event: RuleEvent): TriggerStep {
  const seen = observe(trigger, event);
  if (!seen) return NOTHING(memory);
  const hold = 'for' in trigger && trigger.for !== undefined ? (durationMs(trigger.for) ?? 0) : 0;
  if (hold <= 0)
    return seen.enters ? { memory, decisions: [{ kind: 'fire', fired: { ...seen.fired, at: event.at } }] } : NOTHING(memory);
  const fired: Fired = { ...seen.fired, at: event.at, values: { ...seen.fired.values, for: hold / 1000 } };
  if (memory.pending) {
    if (!seen.matches) return { memory: IDLE, decisions: [{ kind: 'cancel' }] };
    if (!seen.restarts) return NOTHING(memory);
    const at = event.at + hold;
    return { memory: { pending: fired, timerAt: at }, decisions: [{ kind: 'schedule', at }] };
  }
  if (!seen.enters) return NOTHING(memory);
  const at = event.at + hold;
  return { memory: { pending: fired, timerAt: at }, decisions: [{ kind: 'schedule', at }] };
}

/** The devices, rooms and people whose events a trigger can react to (the engine's index). */
/**
 * The device a trigger watches, if it watches one. Such triggers are found by device id (`eventDevice`): the home's
 * ~2,000 reports a second each look one up, and a `device:<id>` key would be a new string to build and hash each time.
 */
export function triggerDevice(trigger: Trigger): string | undefined {
  switch (trigger.type) {
    case 'state':
    case 'numeric':
    case 'availability':
    case 'event':
      return trigger.device;
    default:
      return undefined;
  }
}

/**
 * What a trigger watching a device reads from the registry's reports about it: a capability ('climate' for a
 * "climate.mode" trigger) or its availability. An `event` trigger reads neither (button events arrive on their own).
 */
export function triggerReads(trigger: Trigger): { capability: string } | 'availability' | undefined {
  switch (trigger.type) {
    case 'state':
    case 'numeric':
      return { capability: trigger.capability.split('.')[0]! };
    case 'availability':
      return 'availability';
    default:
      return undefined;
  }
}

/** The device an event is about, if any: it reaches the triggers `triggerDevice` gives that device. */
export function eventDevice(event: RuleEvent): string | undefined {
  switch (event.type) {
    case 'state':
    case 'availability':
    case 'deviceEvent':
      return event.device;
    default:
      return undefined;
  }
}

/** The index keys of a trigger that watches no device (rooms, people, the hub's start); time triggers have none. */
export function triggerKeys(trigger: Trigger): string[] {
  switch (trigger.type) {
    case 'room':
      return [`room:${trigger.room}`];
    case 'person':
      return [trigger.person === undefined ? 'person:*' : `person:${trigger.person}`];
    case 'hubStarted':
      return ['hubStarted'];
    default:
      return [];
  }
}

/** The index keys an event about no device reaches (`triggerKeys`). */
export function eventKeys(event: RuleEvent): string[] {
  switch (event.type) {
    case 'room':
      return [`room:${event.room}`];
    case 'person':
      return [`person:${event.person}`, 'person:*'];
    case 'hubStarted':
      return ['hubStarted'];
    default:
      return [];
  }
}
