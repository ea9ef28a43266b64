/**
 * Writes history and logbook rows off the hot path: producers queue rows in memory and one
 * transaction on the `history` connection (`synchronous=NORMAL`, see database.ts) writes them
 * at most once a second. Readers call flush() first, so a query always sees what was queued.
 *
 * When the writer runs by itself it writes at most ROWS_PER_TRANSACTION rows per transaction and continues with the
 * rest after yielding (setImmediate): a hub starting with 2,000 devices queues ~6,000 rows at once (every series is
 * new), and one transaction of them blocked the event loop, and so the API, for ~100 ms (profiled).
 */
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import type { SqliteDatabase } from './database';

export interface BatchSink {
  /** How many rows are waiting. */
  readonly pending: number;
  /**
   * Writes the waiting rows, oldest first; runs inside the writer's transaction. With a limit a sink may write only
   * that many and keep the rest waiting (a sink that ignores it writes everything).
   */
  writePending(limit?: number): void;
}

/**
 * Rows per transaction of a scheduled write: the API answers between two of them. 1,000 rows of a start (each a new
 * series) took ~20 ms of one turn (profiled), beside the turn's MQTT and discovery slices; 250 take ~5 ms.
 */
export const ROWS_PER_TRANSACTION = 250;

export class BatchedWriter {
  private readonly sinks: BatchSink[] = [];
  private timer: Timer | undefined;
  /** A scheduled write that left rows waiting continues after the event loop's pending I/O. */
  private continuation: NodeJS.Immediate | undefined;
  private lastFlushAt = -Infinity;
  private stopped = false;
  /** Transactions written so far (tests and the benchmark check the batching). */
  transactions = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
    private readonly rowsPerTransaction = ROWS_PER_TRANSACTION,
  ) {}

  add(sink: BatchSink): void {
    this.sinks.push(sink);
  }

  /** A producer queued rows: write them within intervalMs, never more than once per interval. */
  schedule(): void {
    if (this.timer !== undefined || this.continuation !== undefined || this.stopped) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.writeSome();
      },
      wait === 0 ? this.intervalMs : wait,
    );
  }

  /** Writes everything queued now, in one transaction (readers, stop). */
  flush(): void {
    this.cancel();
    this.write(Infinity);
  }

  /** A scheduled write: a transaction of at most rowsPerTransaction rows, then the rest after yielding. */
  private writeSome(): void {
    this.continuation = undefined;
    this.write(this.rowsPerTransaction);
    if (this.stopped || !this.db.open || !this.sinks.some((s) => s.pending > 0)) return;
    this.continuation = setImmediate(() => this.writeSome());
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.continuation !== undefined) clearImmediate(this.continuation);
    this.continuation = undefined;
  }

  private write(limit: number): void {
    if (!this.sinks.some((s) => s.pending > 0) || !this.db.open) return;
    try {
      this.db.transaction(() => {
        let budget = limit;
        for (const sink of this.sinks) {
          if (sink.pending === 0 || budget <= 0) continue;
          const before = sink.pending;
          sink.writePending(budget);
          budget -= before - sink.pending;
        }
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
