import { describe, expect, it } from 'vitest';
import { LoadSchedule } from './load';

describe('LoadSchedule (--rate)', () => {
  it('spreads the rate over every device, round-robin, carrying fractions between ticks', () => {
    const schedule = new LoadSchedule(3, 50); // 50 a second = 1 per 20 ms tick
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) seen.push(...schedule.take(20));
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 0]);
    const slow = new LoadSchedule(10, 10); // one every 100 ms
    expect([1, 2, 3, 4].map(() => slow.take(20).length)).toEqual([0, 0, 0, 0]);
    expect(slow.take(20)).toEqual([0]);
  });

  it('produces exactly rate × seconds messages over a long run, whatever the tick lengths', () => {
    const schedule = new LoadSchedule(2000, 2000);
    let total = 0;
    const ticks = [17, 23, 20, 31, 9];
    for (let i = 0; i < 500; i++) total += schedule.take(ticks[i % ticks.length]!).length;
    const elapsed = 100 * ticks.reduce((a, b) => a + b, 0);
    expect(total).toBe(Math.floor((2000 * elapsed) / 1000));
  });

  it('does nothing without devices or rate', () => {
    expect(new LoadSchedule(0, 100).take(1000)).toEqual([]);
    expect(new LoadSchedule(5, 0).take(1000)).toEqual([]);
  });
});
