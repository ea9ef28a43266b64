/**
 * What the hub sent, handled in the order it came and in slices: when handling (validating a big
 * batch of devices, mostly) has taken `budgetMs`, the rest waits for the next task, so the
 * browser can draw a frame and take input in between; frames that arrive meanwhile queue behind.
 * While nothing waits, a job runs at once, in the task that brought it.
 */
export type Yielder = (run: () => void) => void;

/** A new task as soon as possible (a message to itself: no timer clamping, no frame wait). */
export const yieldToBrowser: Yielder = (run) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
};

export type InboxOptions = { yielder?: Yielder; budgetMs?: number; now?: () => number };

export class Inbox {
  private jobs: (() => void)[] = [];
  private readonly settling = new Set<() => void>();
  private head = 0;
  private running = false;
  private scheduled = false;
  private readonly yielder: Yielder;
  private readonly budgetMs: number;
  private readonly now: () => number;

  constructor({ yielder = yieldToBrowser, budgetMs = 8, now = () => performance.now() }: InboxOptions = {}) {
    this.yielder = yielder;
    this.budgetMs = budgetMs;
    this.now = now;
  }

  /** Jobs waiting for a later task. */
  get waiting(): number {
    return this.jobs.length - this.head;
  }

  /**
   * `settles`: the job resolves a promise (a request's answer). Its continuation runs as a
   * microtask, after the task, so the jobs behind it wait for a new task: an event that came after
   * the answer is still handled after what the caller does with the answer.
   */
  push(job: () => void, { settles = false }: { settles?: boolean } = {}): void {
    if (settles) this.settling.add(job);
    this.jobs.push(job);
    if (this.running || this.scheduled) return;
    // An answer was handled in this task: its continuation (a microtask) comes first.
    if (this.settledInSlice) return this.yieldNow();
    // Several frames handled in one task (one loop pushing a batch's pieces) share its budget.
    if (this.sliceStart !== null && this.now() - this.sliceStart >= this.budgetMs) return this.yieldNow();
    this.run();
  }

  /** When the current task's slice began; null once that task is over. */
  private sliceStart: number | null = null;

  private slice = 0;
  private settledInSlice = false;

  private yieldNow(): void {
    this.scheduled = true;
    this.yielder(() => {
      this.sliceStart = null; // a task of its own: a new slice
      this.settledInSlice = false;
      this.run();
    });
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.running = true;
    if (this.sliceStart === null) {
      this.sliceStart = this.now();
      const slice = ++this.slice;
      queueMicrotask(() => {
        if (this.slice !== slice) return;
        this.sliceStart = null;
        this.settledInSlice = false;
      });
    }
    const start = this.sliceStart;
    try {
      while (this.head < this.jobs.length) {
        const job = this.jobs[this.head++]!;
        const settles = this.settling.delete(job);
        if (settles) this.settledInSlice = true;
        try {
          job();
        } catch (error) {
          console.error('Handling a message from the hub failed', error);
        }
        if (this.head < this.jobs.length && (settles || this.now() - start >= this.budgetMs)) return this.yieldNow();
      }
      this.jobs = [];
      this.head = 0;
    } finally {
      this.running = false;
    }
  };
}
