import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Condition } from '../../model';
import { evaluateCondition, evaluateConditions, type ConditionContext } from './conditions';
import { sunOn } from './schedule';
import type { DeviceView, World } from './world';
import { atWallClock } from './zone';

const ZONE = 'Europe/Berlin';
const BERLIN = { latitude: 52.52, longitude: 13.405 };

const hallSensor: DeviceView = {
  id: 'hall-sensor',
  name: 'Hall',
  kind: 'sensor',
  availability: 'online',
  capabilities: ['illuminance', 'motion'],
  values: { illuminance: 140, motion: true },
};
const world: World = {
  devices: new Map([[hallSensor.id, hallSensor]]),
  rooms: new Map([
    ['k', { id: 'k', name: 'Kitchen', occupancy: 'leaving' }],
    ['b', { id: 'b', name: 'Bedroom', occupancy: 'vacant' }],
  ]),
  people: new Map([
    ['alice', { id: 'alice', name: 'Alice', roomId: 'k' }],
    ['bob', { id: 'bob', name: 'Bob', roomId: null }],
  ]),
};

/** Berlin wall time on a date → context. */
function at(date: string, time: string): ConditionContext {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return { now: atWallClock({ year: y!, month: m!, day: d! }, h!, min!, 0, ZONE), world, zone: ZONE, location: BERLIN };
}

const check = (c: unknown, ctx: ConditionContext) => evaluateCondition(Condition.parse(c), ctx);

describe('values seen', () => {
  it('names the device, the value and the limit', () => {
    expect(
      check({ type: 'numeric', device: 'hall-sensor', capability: 'illuminance', below: 60 }, at('2026-01-05', '19:02')),
    ).toEqual({
      ok: false,
      seen: 'Hall illuminance 140 lx is not below 60 lx',
    });
    expect(
      check(
        { type: 'numeric', device: 'hall-sensor', capability: 'illuminance', above: 100, below: 200 },
        at('2026-01-05', '19:02'),
      ),
    ).toEqual({
      ok: true,
      seen: 'Hall illuminance 140 lx is above 100 lx and below 200 lx',
    });
    expect(check({ type: 'state', device: 'hall-sensor', capability: 'motion', is: false }, at('2026-01-05', '19:02'))).toEqual({
      ok: false,
      seen: 'Hall motion is motion, not no motion',
    });
    expect(check({ type: 'numeric', device: 'gone', capability: 'temperature', below: 5 }, at('2026-01-05', '19:02')).ok).toBe(
      false,
    );
  });

  it('counts a room that is clearing as occupied, and reads people', () => {
    const ctx = at('2026-01-05', '12:00');
    expect(check({ type: 'room', room: 'k', is: 'occupied' }, ctx)).toEqual({ ok: true, seen: 'Kitchen is occupied' });
    expect(check({ type: 'room', room: 'b', is: 'occupied' }, ctx)).toEqual({
      ok: false,
      seen: 'Bedroom is vacant, not occupied',
    });
    expect(check({ type: 'person', person: 'bob' }, ctx)).toEqual({ ok: false, seen: 'Bob is not home' });
    expect(check({ type: 'person', room: 'k' }, ctx)).toEqual({ ok: true, seen: 'Alice is in Kitchen' });
    expect(check({ type: 'person', present: false }, ctx)).toEqual({ ok: false, seen: 'Alice is home' });
  });

  it('evaluates groups and reports every top-level condition', () => {
    const ctx = at('2026-01-05', '12:00');
    const r = evaluateConditions(
      [
        Condition.parse({
          type: 'or',
          conditions: [
            { type: 'room', room: 'b', is: 'occupied' },
            { type: 'person', person: 'alice' },
          ],
        }),
        Condition.parse({ type: 'not', conditions: [{ type: 'room', room: 'k', is: 'occupied' }] }),
      ],
      ctx,
    );
    expect(r.ok).toBe(false);
    expect(r.results.map((x) => [x.type, x.ok])).toEqual([
      ['or', true],
      ['not', false],
    ]);
    expect(r.results[0]!.seen).toBe('any of: Bedroom is vacant, not occupied (no); Alice is home (yes)');
  });
});

describe('time windows', () => {
  const night = { type: 'time', after: '22:00', before: '06:00' };
  it.each([
    ['21:59', false],
    ['22:00', true],
    ['23:59', true],
    ['00:00', true],
    ['05:59', true],
    ['06:00', false],
    ['12:00', false],
  ])('22:00–06:00 crosses midnight: %s → %s', (time, ok) => {
    expect(check(night, at('2026-01-05', time)).ok).toBe(ok);
  });

  it('a window crossing midnight belongs to the day it started on', () => {
    const fridayNight = { ...night, weekdays: ['fri'] };
    // Friday 2026-01-09 23:00, Saturday 03:00 are in; Friday 03:00 (Thursday's night) is not.
    expect(check(fridayNight, at('2026-01-09', '23:00')).ok).toBe(true);
    expect(check(fridayNight, at('2026-01-10', '03:00')).ok).toBe(true);
    expect(check(fridayNight, at('2026-01-09', '03:00')).ok).toBe(false);
    expect(check(fridayNight, at('2026-01-09', '03:00')).seen).toBe('it is Friday 03:00, not on Friday');
  });

  it('spans the DST nights by the clock', () => {
    // 01:00–03:00 on the spring-forward night lasts one hour; 02:30 does not exist, 03:00 is already outside.
    const w = { type: 'time', after: '01:00', before: '03:00' };
    expect(check(w, { ...at('2026-03-29', '01:30') }).ok).toBe(true);
    expect(check(w, { ...at('2026-03-29', '01:30'), now: at('2026-03-29', '01:30').now + 3_600_000 }).ok).toBe(false);
  });

  it('agrees with a minute-of-day reference for any window and instant (property)', () => {
    const hm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    fc.assert(
      fc.property(hm, hm, hm, ([ah, am], [bh, bm], [nh, nm]) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const after = ah * 60 + am;
        const before = bh * 60 + bm;
        const now = nh * 60 + nm;
        const expected = before <= after ? now >= after || now < before : now >= after && now < before;
        const r = check(
          { type: 'time', after: `${pad(ah)}:${pad(am)}`, before: `${pad(bh)}:${pad(bm)}` },
          at('2026-01-05', `${pad(nh)}:${pad(nm)}`),
        );
        expect(r.ok).toBe(expected);
      }),
    );
  });
});

describe('sun conditions', () => {
  const sunset = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return sunOn({ year: y!, month: m!, day: d! }, 'sunset', BERLIN, ZONE)!;
  };
  const sunrise = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return sunOn({ year: y!, month: m!, day: d! }, 'sunrise', BERLIN, ZONE)!;
  };
  const ctx = (now: number): ConditionContext => ({ now, world, zone: ZONE, location: BERLIN });
  const afterSunset = Condition.parse({ type: 'sun', after: 'sunset' });

  it('"after sunset" lasts until sunrise, across midnight', () => {
    const s = sunset('2026-01-05');
    expect(evaluateCondition(afterSunset, ctx(s - 1)).ok).toBe(false);
    expect(evaluateCondition(afterSunset, ctx(s)).ok).toBe(true);
    expect(evaluateCondition(afterSunset, ctx(at('2026-01-06', '03:00').now)).ok).toBe(true);
    expect(evaluateCondition(afterSunset, ctx(sunrise('2026-01-06') - 1)).ok).toBe(true);
    expect(evaluateCondition(afterSunset, ctx(sunrise('2026-01-06'))).ok).toBe(false);
  });

  it.each(['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'])(
    'offsets hold on the days around the DST change: %s',
    (date) => {
      const c = Condition.parse({ type: 'sun', after: 'sunset', afterOffset: '-PT30M', before: 'sunrise', beforeOffset: 'PT1H' });
      const s = sunset(date);
      expect(evaluateCondition(c, ctx(s - 30 * 60_000 - 1)).ok).toBe(false);
      expect(evaluateCondition(c, ctx(s - 30 * 60_000)).ok).toBe(true);
      const next = new Date(s + 86_400_000).toISOString().slice(0, 10);
      const r = sunrise(next);
      expect(evaluateCondition(c, ctx(r + 3_600_000 - 1)).ok).toBe(true);
      expect(evaluateCondition(c, ctx(r + 3_600_000)).ok).toBe(false);
    },
  );

  it('"after sunrise and before sunset" is the day; without a location it fails with the reason', () => {
    const day = Condition.parse({ type: 'sun', after: 'sunrise', before: 'sunset' });
    expect(evaluateCondition(day, ctx(at('2026-06-21', '12:00').now)).ok).toBe(true);
    expect(evaluateCondition(day, ctx(at('2026-06-21', '23:30').now)).ok).toBe(false);
    expect(evaluateCondition(afterSunset, { now: 0, world, zone: ZONE })).toEqual({
      ok: false,
      seen: "the home's location is not set, so the sun's times are unknown",
    });
  });
});
