import { describe, expect, it, vi } from 'vitest';
import { SimClock } from './clock';
import { hash01, Random } from './random';

describe('SimClock', () => {
  it('runs at speed × real time from its start', () => {
    let real = 1_000;
    const clock = new SimClock({ speed: 60, start: 5_000_000, realNow: () => real });
    expect(clock.now()).toBe(5_000_000);
    real += 1_000;
    expect(clock.now()).toBe(5_060_000);
  });

  it('timers fire after ms / speed real milliseconds', () => {
    vi.useFakeTimers();
    try {
      const clock = new SimClock({ speed: 60 });
      const fn = vi.fn();
      clock.setTimeout(fn, 60_000);
      vi.advanceTimersByTime(999);
      expect(fn).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(fn).toHaveBeenCalledOnce();
      const t = clock.setTimeout(fn, 60_000);
      clock.clearTimeout(t);
      vi.advanceTimersByTime(5_000);
      expect(fn).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a non-positive speed', () => {
    expect(() => new SimClock({ speed: 0 })).toThrow();
  });
});

describe('Random', () => {
  it('is reproducible per seed and forks independent streams', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Random(42).fork('x').next()).toBe(new Random(42).fork('x').next());
    expect(new Random(42).fork('x').next()).not.toBe(new Random(42).fork('y').next());
    expect(hash01(1, 'a', 2)).toBe(hash01(1, 'a', 2));
    const r = new Random(1);
    for (let i = 0; i < 100; i++) {
      const n = r.int(2, 4);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(4);
    }
  });
});
