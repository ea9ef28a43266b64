import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trigger, type Scalar } from '../../model';
import { IDLE, armTrigger, triggerOnEvent, triggerOnTimer, type TriggerDecision, type TriggerMemory } from './triggers';
import type { RuleEvent } from './world';

const ctx = { zone: 'UTC' };

/** Replays inputs through the pure machine, firing due timers before each input (as the clock does). */
function replay(
  trigger: Trigger,
  events: readonly RuleEvent[],
  end: number,
): { fires: number[]; decisions: TriggerDecision[][] } {
  let memory: TriggerMemory = armTrigger(trigger, 0, ctx).memory;
  const fires: number[] = [];
  const decisions: TriggerDecision[][] = [];
  const due = (until: number) => {
    while (memory.timerAt !== null && memory.timerAt <= until) {
      const step = triggerOnTimer(trigger, memory, memory.timerAt, ctx);
      memory = step.memory;
      decisions.push(step.decisions);
      for (const d of step.decisions) if (d.kind === 'fire') fires.push(d.fired.at);
    }
  };
  for (const e of events) {
    due(e.at);
    const step = triggerOnEvent(trigger, memory, e);
    memory = step.memory;
    decisions.push(step.decisions);
    for (const d of step.decisions) if (d.kind === 'fire') fires.push(d.fired.at);
  }
  due(end);
  return { fires, decisions };
}

const contact = (at: number, from: Scalar, to: Scalar): RuleEvent => ({
  type: 'state',
  at,
  device: 'door',
  changes: [{ field: 'contact', from, to }],
});
const temp = (at: number, from: Scalar, to: Scalar): RuleEvent => ({
  type: 'state',
  at,
  device: 't',
  changes: [{ field: 'temperature', from, to }],
});
const MIN = 60_000;

describe('for durations', () => {
  const openFor10 = Trigger.parse({ type: 'state', device: 'door', capability: 'contact', to: false, for: 'PT10M' });

  it.each([
    ['held: fires 10 minutes after it opened', [contact(0, true, false)], [10 * MIN]],
    ['closed in between: the pending timer is cancelled', [contact(0, true, false), contact(4 * MIN, false, true)], []],
    [
      'closed and opened again: counts from the second opening',
      [contact(0, true, false), contact(4 * MIN, false, true), contact(5 * MIN, true, false)],
      [15 * MIN],
    ],
    [
      'an unrelated report meanwhile does not restart it',
      [
        contact(0, true, false),
        { type: 'state', at: 3 * MIN, device: 'door', changes: [{ field: 'battery', from: 90, to: 89 }] },
      ],
      [10 * MIN],
    ],
    ['a change exactly when due comes after the timer', [contact(0, true, false), contact(10 * MIN, false, true)], [10 * MIN]],
    ['already open: no transition, nothing fires', [contact(0, false, false)], []],
  ] as [string, RuleEvent[], number[]][])('%s', (_name, events, expected) => {
    expect(replay(openFor10, events, 60 * MIN).fires).toEqual(expected);
  });

  it('emits schedule then cancel decisions for an interrupted hold', () => {
    const { decisions } = replay(openFor10, [contact(0, true, false), contact(4 * MIN, false, true)], 60 * MIN);
    expect(decisions).toEqual([[{ kind: 'schedule', at: 10 * MIN }], [{ kind: 'cancel' }]]);
  });

  it('numeric: below 5 °C for 10 minutes, interrupted by a rise above', () => {
    const frost = Trigger.parse({ type: 'numeric', device: 't', capability: 'temperature', below: 5, for: 'PT10M' });
    expect(
      replay(frost, [temp(0, 6, 4), temp(2 * MIN, 4, 3.5), temp(5 * MIN, 3.5, 5.5), temp(6 * MIN, 5.5, 4.9)], 60 * MIN).fires,
    ).toEqual([16 * MIN]);
    // Staying below does not fire again.
    expect(replay(frost, [temp(0, 6, 4), temp(20 * MIN, 4, 3)], 60 * MIN).fires).toEqual([10 * MIN]);
  });

  it('a state trigger without `to` restarts its hold on every change', () => {
    const settled = Trigger.parse({ type: 'state', device: 't', capability: 'temperature', for: 60 });
    expect(replay(settled, [temp(0, 20, 21), temp(30_000, 21, 22), temp(200_000, 22, 23)], 10 * MIN).fires).toEqual([
      90_000, 260_000,
    ]);
  });

  it('room vacant for 10 minutes, cancelled by someone coming back; leaving ↔ occupied is no change', () => {
    const t = Trigger.parse({ type: 'room', room: 'k', to: 'vacant', for: 'PT10M' });
    const room = (at: number, from: string, to: string): RuleEvent => ({
      type: 'room',
      at,
      room: 'k',
      from: from as 'vacant',
      to: to as 'vacant',
    });
    expect(
      replay(
        t,
        [room(0, 'leaving', 'vacant'), room(5 * MIN, 'vacant', 'occupied'), room(6 * MIN, 'occupied', 'vacant')],
        60 * MIN,
      ).fires,
    ).toEqual([16 * MIN]);
    const occupied = Trigger.parse({ type: 'room', room: 'k', to: 'occupied' });
    expect(
      replay(occupied, [room(0, 'vacant', 'occupied'), room(1, 'occupied', 'leaving'), room(2, 'leaving', 'occupied')], 10).fires,
    ).toEqual([0]);
  });

  /** The reference: fires D after every entry into the value, unless the value changes before. */
  it('fires exactly when the value entered and held for the duration (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 * MIN }), open: fc.boolean() }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 15 }),
        (steps, minutes) => {
          const D = minutes * MIN;
          const trigger = Trigger.parse({ type: 'state', device: 'door', capability: 'contact', to: false, for: D / 1000 });
          let at = 0;
          let value = true;
          const points: { at: number; value: boolean }[] = [];
          const events: RuleEvent[] = [];
          for (const s of steps) {
            at += s.gap;
            const next = !s.open;
            events.push(contact(at, value, next));
            points.push({ at, value: next });
            value = next;
          }
          const end = at + 20 * MIN;
          const expected: number[] = [];
          let previous = true;
          for (const [i, p] of points.entries()) {
            if (p.value === false && previous !== false) {
              const breaks = points.slice(i + 1).find((q) => q.value !== false);
              if ((!breaks || breaks.at >= p.at + D) && p.at + D <= end) expected.push(p.at + D);
            }
            previous = p.value;
          }
          expect(replay(trigger, events, end).fires).toEqual(expected);
        },
      ),
    );
  });
});

describe('instant triggers', () => {
  it.each([
    [
      { type: 'person', person: 'alice', event: 'arrives' },
      { type: 'person', at: 1, person: 'alice', from: null, to: 'kitchen' },
      true,
    ],
    [
      { type: 'person', person: 'alice', event: 'arrives' },
      { type: 'person', at: 1, person: 'alice', from: 'hall', to: 'kitchen' },
      false,
    ],
    [
      { type: 'person', room: 'kitchen', event: 'leaves' },
      { type: 'person', at: 1, person: 'bob', from: 'kitchen', to: 'hall' },
      true,
    ],
    [{ type: 'person', event: 'leaves' }, { type: 'person', at: 1, person: 'bob', from: 'kitchen', to: null }, true],
    [
      { type: 'availability', device: 'd', to: 'offline' },
      { type: 'availability', at: 1, device: 'd', from: 'online', to: 'offline' },
      true,
    ],
    [
      { type: 'availability', device: 'd', to: 'online' },
      { type: 'availability', at: 1, device: 'd', from: 'unknown', to: 'offline' },
      false,
    ],
    [{ type: 'event', device: 'b', event: 'double' }, { type: 'deviceEvent', at: 1, device: 'b', event: 'single' }, false],
    [{ type: 'event', device: 'b' }, { type: 'deviceEvent', at: 1, device: 'b', event: 'single' }, true],
    [{ type: 'hubStarted' }, { type: 'hubStarted', at: 1 }, true],
    [
      { type: 'state', device: 'm', capability: 'motion', from: false, to: true },
      { type: 'state', at: 1, device: 'm', changes: [{ field: 'motion', from: null, to: true }] },
      false,
    ],
    [
      { type: 'numeric', device: 't', capability: 'temperature', above: 25 },
      { type: 'state', at: 1, device: 't', changes: [{ field: 'temperature', from: null, to: 26 }] },
      true,
    ],
  ] as [unknown, RuleEvent, boolean][])('%o on %o → %s', (t, e, fires) => {
    const step = triggerOnEvent(Trigger.parse(t), IDLE, e);
    expect(step.decisions.some((d) => d.kind === 'fire')).toBe(fires);
  });

  it('a time trigger fires and schedules its next occurrence', () => {
    const t = Trigger.parse({ type: 'time', at: '07:30' });
    const armed = armTrigger(t, Date.parse('2026-01-01T00:00:00Z'), ctx);
    expect(armed.decisions).toEqual([{ kind: 'schedule', at: Date.parse('2026-01-01T07:30:00Z') }]);
    // The hub slept through two mornings: one fire for what it missed, then the next one from now.
    const late = triggerOnTimer(t, armed.memory, Date.parse('2026-01-03T09:00:00Z'), ctx);
    expect(late.decisions).toEqual([
      { kind: 'fire', fired: { type: 'time', at: Date.parse('2026-01-01T07:30:00Z'), values: { at: '07:30' } } },
      { kind: 'schedule', at: Date.parse('2026-01-04T07:30:00Z') },
    ]);
  });
});
