import fc from 'fast-check';
import { getTimes } from 'suncalc';
import { describe, expect, it } from 'vitest';
import { nextCron, nextSun, nextTimeOfDay, sunOn } from './schedule';
import { atWallClock, hhmm, wallClock } from './zone';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const BERLIN_AT = { latitude: 52.52, longitude: 13.405 };
const NEW_YORK_AT = { latitude: 40.71, longitude: -74.01 };
const HOUR = 3_600_000;
const iso = (s: string) => Date.parse(s);

describe('wall clock in a zone', () => {
  it.each([
    // A time skipped by spring forward happens as far after the gap as it was into it.
    [BERLIN, { year: 2026, month: 3, day: 29 }, [2, 30], '2026-03-29T01:30:00Z'],
    // A time that happens twice on fall back happens the first time.
    [BERLIN, { year: 2026, month: 10, day: 25 }, [2, 30], '2026-10-25T00:30:00Z'],
    [NEW_YORK, { year: 2026, month: 3, day: 8 }, [2, 30], '2026-03-08T07:30:00Z'],
    [NEW_YORK, { year: 2026, month: 11, day: 1 }, [1, 30], '2026-11-01T05:30:00Z'],
    [NEW_YORK, { year: 2026, month: 11, day: 1 }, [7, 30], '2026-11-01T12:30:00Z'],
  ])('%s %o %o → %s', (zone, date, [h, m], expected) => {
    expect(new Date(atWallClock(date, h!, m!, 0, zone)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('round-trips every instant of a DST year (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: iso('2026-01-01T00:00:00Z'), max: iso('2027-01-01T00:00:00Z') }),
        fc.constantFrom(BERLIN, NEW_YORK, 'UTC', 'Australia/Sydney'),
        (ms, zone) => {
          const t = Math.floor(ms / 1000) * 1000;
          const w = wallClock(t, zone);
          const back = atWallClock(w, w.hour, w.minute, w.second, zone);
          // The second hour of a fall-back night maps to its first occurrence, an hour earlier.
          expect([t, t - HOUR]).toContain(back);
        },
      ),
    );
  });
});

describe('time triggers', () => {
  it.each([
    // Across spring forward the day is 23 h long, yet 07:30 stays 07:30.
    [BERLIN, '2026-03-28T06:30:00Z', '07:30', '2026-03-29T05:30:00Z'],
    [BERLIN, '2026-10-24T05:30:00Z', '07:30', '2026-10-25T06:30:00Z'],
    [NEW_YORK, '2026-03-07T12:30:00Z', '07:30', '2026-03-08T11:30:00Z'],
    [NEW_YORK, '2026-10-31T11:30:00Z', '07:30', '2026-11-01T12:30:00Z'],
    // 02:30 does not exist on the spring-forward night: it fires at 03:30 local, once.
    [BERLIN, '2026-03-28T12:00:00Z', '02:30', '2026-03-29T01:30:00Z'],
    [BERLIN, '2026-03-29T01:30:00Z', '02:30', '2026-03-30T00:30:00Z'],
    // 02:30 happens twice on the fall-back night: it fires the first time only.
    [BERLIN, '2026-10-24T12:00:00Z', '02:30', '2026-10-25T00:30:00Z'],
    [BERLIN, '2026-10-25T00:30:00Z', '02:30', '2026-10-26T01:30:00Z'],
  ])('%s after %s: %s fires at %s', (zone, after, at, expected) => {
    expect(new Date(nextTimeOfDay(at, undefined, iso(after), zone)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('skips to the chosen weekdays', () => {
    // Friday 2026-03-27 08:00 Berlin → next weekday 07:30 is Monday 30 March (after the DST change).
    const next = nextTimeOfDay('07:30', ['mon', 'tue', 'wed', 'thu', 'fri'], iso('2026-03-27T07:00:00Z'), BERLIN);
    expect(new Date(next).toISOString()).toBe('2026-03-30T05:30:00.000Z');
  });

  it('always lands on the requested wall time, later than the start (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: iso('2026-01-01T00:00:00Z'), max: iso('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(BERLIN, NEW_YORK),
        (after, h, m, zone) => {
          const at = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const t = nextTimeOfDay(at, undefined, after, zone);
          expect(t).toBeGreaterThan(after);
          expect(t - after).toBeLessThanOrEqual(25 * HOUR);
          // Either the wall time itself, or (in a skipped hour) one hour later.
          expect([at, `${String((h + 1) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`]).toContain(hhmm(t, zone));
        },
      ),
    );
  });
});

describe('cron triggers', () => {
  it('follows the home zone across DST', () => {
    const first = nextCron('0 7 * * *', iso('2026-03-28T12:00:00Z'), BERLIN)!;
    expect(new Date(first).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    const second = nextCron('0 7 * * *', first, BERLIN)!;
    expect(new Date(second).toISOString()).toBe('2026-03-30T05:00:00.000Z');
    expect(nextCron('0 7 * * *', iso('2026-10-31T12:00:00Z'), NEW_YORK)).toBe(iso('2026-11-01T12:00:00Z'));
  });
});

describe('sun triggers around DST', () => {
  it.each([
    [BERLIN, BERLIN_AT, '2026-03-28T12:00:00Z'],
    [BERLIN, BERLIN_AT, '2026-10-24T12:00:00Z'],
    [NEW_YORK, NEW_YORK_AT, '2026-03-07T17:00:00Z'],
    [NEW_YORK, NEW_YORK_AT, '2026-10-31T17:00:00Z'],
  ])(
    '%s: sunset − 30 min on the two days around the change is a day apart in the sky, an hour apart on the clock',
    (zone, loc, start) => {
      const offset = -30 * 60_000;
      const first = nextSun('sunset', offset, iso(start), loc, zone)!;
      const second = nextSun('sunset', offset, first, loc, zone)!;
      // In UTC, sunsets a day apart differ by a day and a couple of minutes.
      expect(Math.abs(second - first - 24 * HOUR)).toBeLessThan(4 * 60_000);
      // Each is exactly suncalc's sunset for that local date, minus 30 minutes.
      for (const t of [first, second]) {
        const w = wallClock(t, zone);
        const sunset = getTimes(new Date(atWallClock(w, 12, 0, 0, zone)), loc.latitude, loc.longitude).sunset!.getTime();
        expect(t).toBe(sunset + offset);
      }
      // On the wall clock, they are about an hour apart (spring: later; autumn: earlier).
      const minutes = (t: number) => {
        const w = wallClock(t, zone);
        return w.hour * 60 + w.minute;
      };
      const shift = minutes(second) - minutes(first);
      expect(Math.abs(Math.abs(shift) - 60)).toBeLessThan(5);
    },
  );

  it('finds yesterday-anchored events with a large negative offset and tomorrow-anchored ones with a large positive one', () => {
    const after = iso('2026-06-21T18:00:00Z'); // 20:00 in Berlin, before sunset (~21:33)
    const sunset = sunOn({ year: 2026, month: 6, day: 21 }, 'sunset', BERLIN_AT, BERLIN)!;
    expect(nextSun('sunset', 0, after, BERLIN_AT, BERLIN)).toBe(sunset);
    expect(nextSun('sunset', -3 * HOUR, after, BERLIN_AT, BERLIN)).toBeGreaterThan(sunset);
    const sunriseTomorrow = sunOn({ year: 2026, month: 6, day: 22 }, 'sunrise', BERLIN_AT, BERLIN)!;
    expect(nextSun('sunrise', 2 * HOUR, after, BERLIN_AT, BERLIN)).toBe(sunriseTomorrow + 2 * HOUR);
  });

  it('skips the weeks of midnight sun to the first sunset after them', () => {
    const tromso = { latitude: 69.65, longitude: 18.96 };
    const next = nextSun('sunset', 0, iso('2026-06-01T00:00:00Z'), tromso, 'Europe/Oslo')!;
    expect(next).toBeGreaterThan(iso('2026-07-15T00:00:00Z'));
  });
});
