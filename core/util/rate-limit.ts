/**
 * A sliding-window limit per key (an address): at most `limit` events in `windowMs`. The number of
 * keys remembered is bounded too, so a flood of spoofed sources cannot grow it. Pure: time comes in.
 */
export class SlidingWindowLimit {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one event for `key` if the window has room; answers whether it did. */
  take(key: string, now: number): boolean {
    const recent = (this.events.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return false;
    }
    recent.push(now);
    this.events.delete(key); // re-inserted last: the map's order is least recently used first
    if (this.events.size >= this.maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest !== undefined) this.events.delete(oldest);
    }
    this.events.set(key, recent);
    return true;
  }
}
