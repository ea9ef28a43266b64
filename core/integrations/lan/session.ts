/**
 * The life of one LAN device connection: connect (read the full state, open the push channel
 * or start polling), and when that ends — the device stopped answering — mark it offline with
 * the reason and try again with exponential backoff until it answers again.
 */
import { nextDelay } from '../../util/backoff';
import type { Clock, Timer } from '../../util/clock';

export interface Connection {
  /** Settles with the reason when the connection ends (push channel closed, poll failed). */
  closed: Promise<string>;
  close(): void;
}

export interface SessionOptions {
  clock: Clock;
  /** Reads the state and opens the channel; rejects when the device does not answer. */
  connect(): Promise<Connection>;
  online(): void;
  offline(reason: string): void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export class DeviceSession {
  private connection: Connection | undefined;
  private timer: Timer | undefined;
  private attempt = 0;
  private running = false;
  private generation = 0;
  private connectedOnce = false;
  private lastError = 'not contacted yet';
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly options: SessionOptions) {}

  get connected(): boolean {
    return this.connection !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.connection?.close();
    this.connection = undefined;
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error('stopped'));
  }

  /** Drop the current connection and connect again at once (e.g. the device moved). */
  restart(): void {
    this.stop();
    this.attempt = 0;
    this.start();
  }

  /** Resolves once the device has answered; rejects with the last error after `waitMs`. */
  ready(waitMs: number): Promise<void> {
    if (this.connectedOnce) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.readyWaiters.push(waiter);
      const timer = this.options.clock.setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new Error(this.lastError));
      }, waitMs);
      const settle = waiter.resolve;
      waiter.resolve = () => {
        this.options.clock.clearTimeout(timer);
        settle();
      };
    });
  }

  private async run(generation: number): Promise<void> {
    const current = () => this.running && generation === this.generation;
    let connection: Connection;
    try {
      connection = await this.options.connect();
    } catch (error) {
      if (!current()) return;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.offline(this.lastError);
      return this.retry(generation);
    }
    if (!current()) return connection.close();
    this.connection = connection;
    this.attempt = 0;
    this.connectedOnce = true;
    this.options.online();
    for (const w of this.readyWaiters.splice(0)) w.resolve();
    const reason = await connection.closed;
    if (!current()) return;
    this.connection = undefined;
    this.lastError = reason;
    this.options.offline(reason);
    this.retry(generation);
  }

  private retry(generation: number): void {
    const delay = nextDelay(this.attempt++, {
      baseMs: this.options.baseDelayMs ?? 500,
      maxMs: this.options.maxDelayMs ?? 30_000,
      random: this.options.random ?? (() => 0.5 + Math.random() / 2),
    });
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.running && generation === this.generation) void this.run(generation);
    }, delay);
  }
}

/** A promise and the function that settles it: the `closed` of a Connection. */
export function closeSignal(): { closed: Promise<string>; end: (reason: string) => void } {
  let end: (reason: string) => void = () => {};
  let done = false;
  const closed = new Promise<string>((resolve) => {
    end = (reason) => {
      if (done) return;
      done = true;
      resolve(reason);
    };
  });
  return { closed, end: (reason) => end(reason) };
}
