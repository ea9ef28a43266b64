/**
 * Failed authentication per client address: after `limit` failures within `windowMs` the client is
 * refused (429) until the oldest of them leaves the window, so guessing the token costs a minute per
 * ten tries. A burst is logged once, when it starts, not once per request. Pure (time comes in).
 */
export interface AuthLimiterOptions {
  limit?: number;
  windowMs?: number;
  /** Addresses remembered at most (a flood of spoofed sources cannot grow the map without bound). */
  maxClients?: number;
}

export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();
  /** Clients whose current burst was logged already. */
  private readonly reported = new Set<string>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxClients: number;

  constructor(options: AuthLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Seconds the client has to wait before it may try again; 0 when it may try now. */
  retryAfterS(client: string, now: number): number {
    const recent = this.recent(client, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - now) / 1000));
  }

  /** Records a failure; answers true when this one starts a burst that should be logged. */
  fail(client: string, now: number): boolean {
    const recent = this.recent(client, now);
    recent.push(now);
    if (!this.failures.has(client) && this.failures.size >= this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.failures.set(client, recent.slice(-this.limit));
    if (recent.length < this.limit || this.reported.has(client)) return false;
    this.reported.add(client);
    return true;
  }

  private recent(client: string, now: number): number[] {
    const kept = (this.failures.get(client) ?? []).filter((at) => at > now - this.windowMs);
    if (kept.length === 0) this.forget(client);
    return kept;
  }

  private forget(client: string): void {
    this.failures.delete(client);
    this.reported.delete(client);
  }
}
