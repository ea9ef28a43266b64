/**
 * Discovery configs waiting to be processed, in slices that yield to the event loop: a broker hands a starting hub
 * every retained config at once (about 9,600 for 2,000 zigbee2mqtt devices), and handling them in one go blocked
 * the API for seconds. Pure scheduling: what a slice does is the integration's.
 *
 * - Order: configs are handled in the order their topics first arrived.
 * - A config arriving again before it was handled replaces the waiting payload (keeping its place), so only the
 *   latest one is handled; an empty payload (a removal) replaces a waiting config the same way.
 * - A slice handles entries, then calls `endSlice` and yields (`schedule`). The slice, its `endSlice` included, is
 *   meant to take `budgetMs`: entries are handled for the share of the budget that handling took in the slice before
 *   (at least a quarter). `endSlice` describes every device the slice touched and replays their states, and measured
 *   as long as the handling itself (8 ms of configs, then 8–17 ms to end the slice, in a 2,000-device start).
 * - 5 ms by default: a turn of the event loop may also run a slice of incoming MQTT messages and one of a fan-out
 *   (dispatch-queue.ts, the integration's FanOut), each about as long, so together they stay well under the API's 50 ms.
 */
export interface DiscoveryQueueOptions {
  /** Handles one config (topic, payload). */
  handle: (topic: string, payload: string) => void;
  /** After each slice: the integration describes the devices the slice touched and subscribes their topics. */
  endSlice: () => void;
  /** Yields to the event loop; default setImmediate (after pending I/O, so the API answers between slices). */
  schedule?: (run: () => void) => void;
  now?: () => number;
  budgetMs?: number;
}

/** Handling gets at least this share of a slice, however long ending one takes. */
const MIN_HANDLING_SHARE = 0.25;

export class DiscoveryQueue {
  private readonly waiting = new Map<string, string>();
  private scheduled = false;
  private readonly schedule: (run: () => void) => void;
  private readonly now: () => number;
  private readonly budgetMs: number;
  /** The part of the budget spent handling entries: what the last slice's handling took of handling + endSlice. */
  private handlingShare = 1;
  /** Slices run so far (tests and the benchmark check the slicing). */
  slices = 0;

  constructor(private readonly options: DiscoveryQueueOptions) {
    this.schedule = options.schedule ?? ((run) => void setImmediate(run));
    this.now = options.now ?? (() => performance.now());
    this.budgetMs = options.budgetMs ?? 5;
  }

  get size(): number {
    return this.waiting.size;
  }

  push(topic: string, payload: string): void {
    this.waiting.set(topic, payload); // an existing key keeps its position
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.runSlice());
  }

  clear(): void {
    this.waiting.clear();
  }

  /** Handles everything now, without yielding (stop, tests). */
  drain(): void {
    while (this.waiting.size > 0) this.runSlice(Infinity);
  }

  private runSlice(budgetMs = this.budgetMs * this.handlingShare): void {
    this.scheduled = false;
    if (this.waiting.size === 0) return;
    const start = this.now();
    let handled = start;
    this.slices++;
    try {
      for (const [topic, payload] of this.waiting) {
        this.waiting.delete(topic);
        this.options.handle(topic, payload);
        handled = this.now();
        if (handled - start >= budgetMs) break;
      }
    } finally {
      this.options.endSlice();
      const end = this.now();
      if (end > start) this.handlingShare = Math.min(1, Math.max(MIN_HANDLING_SHARE, (handled - start) / (end - start)));
      if (this.waiting.size > 0 && !this.scheduled) {
        this.scheduled = true;
        this.schedule(() => this.runSlice());
      }
    }
  }
}
