/**
 * `--rate R`: a steady load of R state messages a second spread round-robin over every device, on top of the
 * home's own (realistic, mostly quiet) reports, so benchmarks can drive 2,000 devices at 2,000 msg/s.
 * Each message is a fresh report of the device's current state (new link quality, as a radio would send);
 * the physics is untouched. Real time, not simulated time: the rate is what the broker and the hub see.
 */

/** Round-robin over `count` devices at `rate` a second, in ticks of any length; carries fractions over. Pure. */
export class LoadSchedule {
  private next = 0;
  private carry = 0;

  constructor(
    private readonly count: number,
    private readonly rate: number,
  ) {}

  /** The device indexes to report in a tick of `elapsedMs`. */
  take(elapsedMs: number): number[] {
    if (this.count === 0 || this.rate <= 0) return [];
    const due = this.carry + (this.rate * elapsedMs) / 1000;
    const n = Math.floor(due);
    this.carry = due - n;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.next;
      this.next = (this.next + 1) % this.count;
    }
    return out;
  }
}

export interface LoadTimer {
  now(): number;
  setInterval(fn: () => void, ms: number): { unref?(): void };
  clearInterval(handle: unknown): void;
}

/** Starts reporting through `report(index)`; returns stop(). Ticks every 20 ms (50 bursts a second). */
export function startLoad(
  count: number,
  rate: number,
  report: (index: number) => void,
  timer: LoadTimer = { now: () => performance.now(), setInterval, clearInterval },
): () => void {
  const schedule = new LoadSchedule(count, rate);
  let last = timer.now();
  const handle = timer.setInterval(() => {
    const now = timer.now();
    for (const index of schedule.take(now - last)) report(index);
    last = now;
  }, 20);
  return () => timer.clearInterval(handle);
}
