/**
 * Writes history and logbook rows off the hot path: producers queue rows in memory and one
 * transaction on the `history` connection (`synchronous=NORMAL`, see database.ts) writes them
 * at most once a second. Readers call flush() first, so a query always sees what was queued.
 */
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import type { SqliteDatabase } from './database';

export interface BatchSink {
  /** How many rows are waiting. */
  readonly pending: number;
  /** Writes the waiting rows; runs inside the writer's transaction. */
  writePending(): void;
}

export class BatchedWriter {
  private readonly sinks: BatchSink[] = [];
  private timer: Timer | undefined;
  private lastFlushAt = -Infinity;
  private stopped = false;
  /** Transactions written so far (tests and the benchmark check the batching). */
  transactions = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  add(sink: BatchSink): void {
    this.sinks.push(sink);
  }

  /** A producer queued rows: write them within intervalMs, never more than once per interval. */
  schedule(): void {
    if (this.timer !== undefined || this.stopped) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.flush();
      },
      wait === 0 ? this.intervalMs : wait,
    );
  }

  /** Writes everything queued now, in one transaction. */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.sinks.some((s) => s.pending > 0) || !this.db.open) return;
    try {
      this.db.transaction(() => {
        for (const sink of this.sinks) if (sink.pending > 0) sink.writePending();
      })();
      this.transactions++;
    } catch (error) {
      this.logger.error(`could not write history: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.lastFlushAt = this.clock.now();
  }

  stop(): void {
    this.flush();
    this.stopped = true;
  }
}
