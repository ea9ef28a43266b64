/**
 * Reconnect delays: exponential backoff with "full jitter" (delay uniformly random in
 * [0, min(max, base·2^attempt))). Jitter keeps many clients — or one hub restarted in a
 * loop — from hammering a broker in lockstep; the cap keeps a long outage from growing
 * the wait beyond what a person would tolerate.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Returns a number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** The upper bound of the delay for `attempt` (0-based), before jitter. */
export function backoffCeiling(attempt: number, { baseMs = 500, maxMs = 30_000 }: BackoffOptions = {}): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // 2 ** n overflows to Infinity for large n, which Math.min turns into maxMs.
  return Math.max(0, Math.min(maxMs, baseMs * 2 ** n));
}

/** The delay in ms before reconnect attempt `attempt` (0 = first retry). Never exceeds maxMs. */
export function nextDelay(attempt: number, options: BackoffOptions = {}): number {
  const ceiling = backoffCeiling(attempt, options);
  const r = Math.min(Math.max((options.random ?? Math.random)(), 0), 1);
  return Math.min(ceiling, Math.floor(r * ceiling));
}
