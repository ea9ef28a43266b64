import { describe, expect, it } from 'vitest';
import { createDispatchQueue } from './dispatch-queue';

/** Scheduled functions wait here until the test runs them, like setImmediate's queue. */
function manualScheduler() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => void waiting.push(fn),
    /** One check phase: what was queued before it started. */
    runTurn: () => {
      for (const fn of waiting.splice(0)) fn();
    },
    get waiting() {
      return waiting.length;
    },
  };
}

describe('createDispatchQueue', () => {
  it('hands items over at once within a slice, then in later turns, in order', () => {
    let clock = 0;
    const scheduler = manualScheduler();
    const handled: number[] = [];
    // Each item takes 2 ms: a 5 ms slice holds three.
    const queue = createDispatchQueue<number>(
      (n) => {
        handled.push(n);
        clock += 2;
      },
      { budgetMs: 5, now: () => clock, schedule: scheduler.schedule },
    );
    for (let i = 0; i < 10; i++) queue.push(i);
    expect(handled).toEqual([0, 1, 2]);
    expect(queue.size).toBe(7);
    scheduler.runTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5]);
    queue.push(10); // arrives while items wait: behind them
    while (scheduler.waiting > 0) scheduler.runTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(queue.size).toBe(0);
    // A quiet moment later: the next item is handled at once.
    queue.push(11);
    expect(handled.at(-1)).toBe(11);
  });

  it('handles one item per slice even with no budget, and drops what waits on clear()', () => {
    const scheduler = manualScheduler();
    const handled: string[] = [];
    const queue = createDispatchQueue<string>((s) => handled.push(s), {
      budgetMs: 0,
      now: () => 0,
      schedule: scheduler.schedule,
    });
    for (const s of ['a', 'b', 'c', 'd']) queue.push(s);
    expect(handled).toEqual(['a']);
    scheduler.runTurn();
    expect(handled).toEqual(['a', 'b']);
    queue.clear();
    while (scheduler.waiting > 0) scheduler.runTurn();
    expect(handled).toEqual(['a', 'b']);
  });
});
