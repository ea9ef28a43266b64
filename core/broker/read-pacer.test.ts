import { describe, expect, it } from 'vitest';
import { createReadPacer } from './read-pacer';

/** Scheduled functions wait here until the test runs them, like setImmediate's queue. */
function manualScheduler() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => void waiting.push(fn),
    get waiting() {
      return waiting.length;
    },
    /** One check phase: what was queued before it started. */
    runTurn: () => {
      for (const fn of waiting.splice(0)) fn();
    },
  };
}

/** mqtt.js's loop: the next packet is handled when the previous one's `done` is called. */
function deliver(pace: (done: () => void) => void, packets: number, onPacket: (i: number) => void) {
  let next = 0;
  const work = () => {
    if (next >= packets) return;
    const i = next++;
    onPacket(i);
    pace(work);
  };
  work();
}

describe('createReadPacer', () => {
  it('lets packets through at once within the budget, then only after a turn, keeping their order', () => {
    const scheduler = manualScheduler();
    let t = 0;
    const pace = createReadPacer({ budgetMs: 5, now: () => t, schedule: scheduler.schedule });
    const seen: number[] = [];
    deliver(pace, 10, (i) => {
      seen.push(i);
      t += 2; // each message takes 2 ms
    });
    // The slice begins after packet 0 (t = 2); after packets 1 and 2 it is 2 and 4 ms old, after packet 3 6 ms: held.
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(scheduler.waiting).toBe(2); // the slice's end, then the held packet
    scheduler.runTurn();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    scheduler.runTurn();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts a fresh slice for a message after the loop turned, however long ago the last one was', () => {
    const scheduler = manualScheduler();
    let t = 0;
    const pace = createReadPacer({ budgetMs: 5, now: () => t, schedule: scheduler.schedule });
    let calls = 0;
    pace(() => calls++);
    scheduler.runTurn(); // the slice ended
    t += 1000;
    pace(() => calls++);
    expect(calls).toBe(2); // not held: a new slice
  });

  it('with a zero budget, holds every packet after a slice’s first until the next turn', () => {
    const scheduler = manualScheduler();
    const pace = createReadPacer({ budgetMs: 0, now: () => 0, schedule: scheduler.schedule });
    const seen: number[] = [];
    deliver(pace, 3, (i) => seen.push(i));
    expect(seen).toEqual([0, 1]);
    scheduler.runTurn();
    expect(seen).toEqual([0, 1, 2]);
  });
});
