import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, nextDelay } from './backoff';

describe('backoffCeiling', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [6, 30_000],
    [100, 30_000],
    [5000, 30_000], // 2 ** 5000 is Infinity
    [-1, 500],
    [Number.NaN, 500],
  ])('attempt %s → %s ms', (attempt, expected) => {
    expect(backoffCeiling(attempt)).toBe(expected);
  });
});

describe('nextDelay', () => {
  it('never exceeds maxMs nor goes negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const d = nextDelay(attempt, { baseMs, maxMs, random: () => r });
          return d >= 0 && d <= maxMs && Number.isInteger(d);
        },
      ),
    );
  });

  it('grows with the attempt for the same random draw, up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const random = () => r;
          return nextDelay(attempt + 1, { random }) >= nextDelay(attempt, { random });
        },
      ),
    );
    // And on average: mean delay at attempt 4 is well above the mean at attempt 0.
    const mean = (attempt: number) => {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += nextDelay(attempt);
      return sum / 2000;
    };
    expect(mean(4)).toBeGreaterThan(mean(0) * 4);
  });

  it('is randomised (full jitter over [0, ceiling))', () => {
    const samples = new Set(Array.from({ length: 50 }, () => nextDelay(3)));
    expect(samples.size).toBeGreaterThan(10);
    expect(nextDelay(3, { random: () => 0 })).toBe(0);
    expect(nextDelay(3, { random: () => 0.5 })).toBe(2000);
    expect(nextDelay(3, { random: () => 0.999999 })).toBeLessThan(4000);
  });

  it('clamps a misbehaving random source', () => {
    expect(nextDelay(0, { random: () => 7 })).toBe(500);
    expect(nextDelay(0, { random: () => -1 })).toBe(0);
  });
});
