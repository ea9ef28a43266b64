import { describe, expect, it, vi } from 'vitest';
import { Inbox } from './inbox';

/** A clock each job moves on by hand, and a yielder that keeps the continuation until the test runs it. */
function manual(budgetMs = 8) {
  let now = 0;
  const later: (() => void)[] = [];
  const inbox = new Inbox({ budgetMs, now: () => now, yielder: (run) => later.push(run) });
  return {
    inbox,
    spend: (ms: number) => (now += ms),
    nextTask: () => later.shift()?.(),
    get yielded() {
      return later.length;
    },
  };
}

describe('Inbox', () => {
  it('runs a job at once while nothing waits', () => {
    const { inbox } = manual();
    const seen: number[] = [];
    inbox.push(() => seen.push(1));
    inbox.push(() => seen.push(2));
    expect(seen).toEqual([1, 2]);
    expect(inbox.waiting).toBe(0);
  });

  it('yields once a slice has used its budget, and keeps the order across tasks, new arrivals behind', async () => {
    const m = manual(8);
    const seen: string[] = [];
    const job = (name: string) => () => {
      seen.push(name);
      m.spend(5);
    };
    // A big batch arrives as several jobs in one task.
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) m.inbox.push(job(name));
    // a1 (5 ms) then a2 (10 ms): over budget, the rest waits for the next task.
    expect(seen).toEqual(['a1', 'a2']);
    expect(m.yielded).toBe(1);
    // A frame arriving meanwhile waits behind the batch instead of jumping it.
    m.inbox.push(job('b'));
    expect(seen).toEqual(['a1', 'a2']);
    m.nextTask();
    expect(seen).toEqual(['a1', 'a2', 'a3', 'a4']);
    m.nextTask();
    expect(seen).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b']);
    expect(m.yielded).toBe(0);
    expect(m.inbox.waiting).toBe(0);
    // Still the same task, its budget used: a new arrival waits for the next one.
    m.inbox.push(job('c'));
    expect(seen.at(-1)).toBe('b');
    m.nextTask();
    expect(seen.at(-1)).toBe('c');
    // After the task (its microtasks run): idle, so the next job runs at once.
    await Promise.resolve();
    m.inbox.push(job('d'));
    expect(seen.at(-1)).toBe('d');
  });

  it('a job that throws does not stop the ones after it', () => {
    const { inbox } = manual();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: number[] = [];
    inbox.push(() => {
      throw new Error('bad handler');
    });
    inbox.push(() => seen.push(2));
    expect(seen).toEqual([2]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('a job that pushes another runs it after itself, not inside it', () => {
    const { inbox } = manual();
    const seen: string[] = [];
    inbox.push(() => {
      inbox.push(() => seen.push('inner'));
      seen.push('outer');
    });
    expect(seen).toEqual(['outer', 'inner']);
  });

  it('after a job that settles a promise, the jobs behind it wait for a new task (its continuation first)', async () => {
    const m = manual(1000);
    const seen: string[] = [];
    let resolve!: () => void;
    const answered = new Promise<void>((r) => (resolve = r)).then(() => seen.push('continuation'));
    m.inbox.push(() => resolve(), { settles: true });
    m.inbox.push(() => seen.push('after'));
    expect(seen).toEqual([]);
    expect(m.yielded).toBe(1);
    await answered; // the task's microtasks
    m.nextTask();
    expect(seen).toEqual(['continuation', 'after']);
  });
});
