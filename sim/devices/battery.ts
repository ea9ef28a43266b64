import { DAY } from '../clock';

/**
 * A coin cell that drains slowly. Real cells last 1–2 years; we drain a little
 * faster (a fraction of a percent per simulated day) so a long demo shows movement.
 */
export class Battery {
  constructor(
    private pct: number,
    private readonly drainPerDay: number,
  ) {}

  drain(dtMs: number): void {
    this.pct = Math.max(0, this.pct - (this.drainPerDay * dtMs) / DAY);
  }

  get percent(): number {
    return Math.round(this.pct);
  }

  /** CR2032-ish: ~3.05 V full, ~2.7 V empty (fixture state-occupancy-sensor-*: voltage 3045). */
  get millivolts(): number {
    return Math.round(2700 + this.pct * 3.5);
  }
}
