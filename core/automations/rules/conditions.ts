/**
 * Conditions against a read-only snapshot of the home. Pure: each answer carries the values it saw, in words, for
 * the trace ("Hall illuminance 140 lx is not below 60 lx").
 */
import { durationMs, type Condition, type SunEvent, type TraceCondition } from '../../model';
import { sunEventsAround, type Location } from './schedule';
import { dayName, fieldLabel, sunWords, valueWords, weekdaysWords } from './words';
import { deviceName, personName, roomName, type World } from './world';
import { hhmm, parseClockTime, secondsOfDay, wallClock } from './zone';

export interface ConditionContext {
  now: number;
  world: World;
  zone: string;
  location?: Location;
}

export interface ConditionResult {
  ok: boolean;
  seen: string;
}

export function evaluateCondition(c: Condition, ctx: ConditionContext): ConditionResult {
  switch (c.type) {
    case 'state': {
      const device = ctx.world.devices.get(c.device);
      const name = deviceName(ctx.world, c.device);
      if (!device) return { ok: false, seen: `${name} is not known to the hub` };
      const value = device.values[c.capability];
      const ok = value === c.is;
      return {
        ok,
        seen: `${name} ${fieldLabel(c.capability)} is ${valueWords(c.capability, value)}${ok ? '' : `, not ${valueWords(c.capability, c.is)}`}`,
      };
    }
    case 'numeric': {
      const device = ctx.world.devices.get(c.device);
      const name = `${deviceName(ctx.world, c.device)} ${fieldLabel(c.capability)}`;
      if (!device) return { ok: false, seen: `${deviceName(ctx.world, c.device)} is not known to the hub` };
      const value = device.values[c.capability];
      if (typeof value !== 'number') return { ok: false, seen: `${name} is unknown` };
      const shown = valueWords(c.capability, value);
      if (c.above !== undefined && !(value > c.above))
        return { ok: false, seen: `${name} ${shown} is not above ${valueWords(c.capability, c.above)}` };
      if (c.below !== undefined && !(value < c.below))
        return { ok: false, seen: `${name} ${shown} is not below ${valueWords(c.capability, c.below)}` };
      const range = [
        c.above !== undefined ? `above ${valueWords(c.capability, c.above)}` : '',
        c.below !== undefined ? `below ${valueWords(c.capability, c.below)}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return { ok: true, seen: `${name} ${shown} is ${range}` };
    }
    case 'time':
      return timeWindow(c.after, c.before, c.weekdays, ctx);
    case 'weekday':
      return timeWindow(undefined, undefined, c.weekdays, ctx);
    case 'sun':
      return sunWindow(c, ctx);
    case 'room': {
      const room = ctx.world.rooms.get(c.room);
      const name = roomName(ctx.world, c.room);
      if (!room || room.occupancy === 'unknown') return { ok: false, seen: `${name}'s occupancy is unknown` };
      const state = room.occupancy === 'vacant' ? 'vacant' : 'occupied';
      return { ok: state === c.is, seen: `${name} is ${state}${state === c.is ? '' : `, not ${c.is}`}` };
    }
    case 'person': {
      const where = (roomId: string | null) => (c.room === undefined ? roomId !== null : roomId === c.room);
      const place = c.room === undefined ? 'home' : `in ${roomName(ctx.world, c.room)}`;
      if (c.person !== undefined) {
        const person = ctx.world.people.get(c.person);
        const name = personName(ctx.world, c.person);
        const present = person ? where(person.roomId) : false;
        return { ok: present === c.present, seen: `${name} is ${present ? '' : 'not '}${place}` };
      }
      const present = [...ctx.world.people.values()].filter((p) => where(p.roomId)).map((p) => p.name);
      const ok = c.present ? present.length > 0 : present.length === 0;
      return {
        ok,
        seen:
          present.length === 0 ? `nobody is ${place}` : `${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} ${place}`,
      };
    }
    case 'and':
    case 'or':
    case 'not': {
      const results = c.conditions.map((x) => evaluateCondition(x, ctx));
      const oks = results.filter((r) => r.ok).length;
      const ok = c.type === 'and' ? oks === results.length : c.type === 'or' ? oks > 0 : oks === 0;
      const word = c.type === 'and' ? 'all of' : c.type === 'or' ? 'any of' : 'none of';
      return { ok, seen: `${word}: ${results.map((r) => `${r.seen} (${r.ok ? 'yes' : 'no'})`).join('; ')}` };
    }
  }
}

/** Every condition is evaluated (not only up to the first failure), so the trace shows everything it saw. */
export function evaluateConditions(
  conditions: readonly Condition[],
  ctx: ConditionContext,
): { ok: boolean; results: TraceCondition[] } {
  const results = conditions.map((c) => ({ type: c.type, ...evaluateCondition(c, ctx) }));
  return { ok: results.every((r) => r.ok), results };
}

/**
 * In a window from `after` to `before` on the given weekdays. A window whose end is not after its start crosses
 * midnight (22:00–06:00); its weekday is the day it started on, so "Friday 22:00–06:00" includes Saturday 03:00.
 */
function timeWindow(
  after: string | undefined,
  before: string | undefined,
  weekdays: readonly string[] | undefined,
  ctx: ConditionContext,
): ConditionResult {
  const w = wallClock(ctx.now, ctx.zone);
  const now = secondsOfDay(w);
  const start = after ? secondsOfDay(toHms(after)) : 0;
  const end = before ? secondsOfDay(toHms(before)) : 24 * 3600;
  const crosses = end <= start;
  const inside = crosses ? now >= start || now < end : now >= start && now < end;
  // After midnight in a crossing window, the window began yesterday.
  const startedYesterday = crosses && now < end;
  const day = startedYesterday ? wallClock(ctx.now - 86_400_000 / 2 - now * 1000, ctx.zone).weekday : w.weekday;
  const dayOk = !weekdays || weekdays.includes(day);
  const clock = hhmm(ctx.now, ctx.zone);
  const window =
    after || before ? `${after ? `after ${after}` : ''}${after && before ? ' and ' : ''}${before ? `before ${before}` : ''}` : '';
  const days = weekdaysWords(weekdays);
  if (!inside) return { ok: false, seen: `it is ${clock}, not ${window}` };
  if (!dayOk) return { ok: false, seen: `it is ${dayName(w.weekday)} ${clock}, not ${days}` };
  return { ok: true, seen: `it is ${clock}${window ? `, ${window}` : ''}${days ? ` ${days}` : ''}` };
}

function toHms(time: string) {
  const [hour, minute, second] = parseClockTime(time);
  return { hour, minute, second };
}

const opposite = (e: SunEvent): SunEvent => (e === 'sunset' ? 'sunrise' : 'sunset');

/** Between `after` (± offset) and the first `before` (± offset) that follows it. */
function sunWindow(c: Extract<Condition, { type: 'sun' }>, ctx: ConditionContext): ConditionResult {
  if (!ctx.location) return { ok: false, seen: "the home's location is not set, so the sun's times are unknown" };
  const loc = ctx.location;
  const startEvent = c.after ?? opposite(c.before!);
  const endEvent = c.before ?? opposite(c.after!);
  const startOffset = c.after ? (durationMs(c.afterOffset ?? 0) ?? 0) : 0;
  const endOffset = c.before ? (durationMs(c.beforeOffset ?? 0) ?? 0) : 0;
  const starts = sunEventsAround(ctx.now, startEvent, startOffset, loc, ctx.zone);
  const ends = sunEventsAround(ctx.now, endEvent, endOffset, loc, ctx.zone);
  const label = [
    c.after ? `after ${sunWords(c.after, startOffset)}` : '',
    c.before ? `before ${sunWords(c.before, endOffset)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const clock = hhmm(ctx.now, ctx.zone);
  const start = starts.filter((t) => t <= ctx.now).at(-1);
  if (start === undefined || starts.length === 0)
    return { ok: false, seen: `the sun does not ${startEvent === 'sunset' ? 'set' : 'rise'} here now` };
  const end = ends.find((t) => t > start);
  const ok = end === undefined || ctx.now < end;
  const startWords = `${sunWords(startEvent, startOffset)} was at ${hhmm(start, ctx.zone)}`;
  return ok
    ? { ok, seen: `it is ${clock}, ${label} (${startWords})` }
    : { ok, seen: `it is ${clock}, not ${label} (${sunWords(endEvent, endOffset)} was at ${hhmm(end!, ctx.zone)})` };
}
