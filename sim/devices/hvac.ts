import { MINUTE } from '../clock';
import { nextRunningState, type HvacMode, type RunningState } from '../physics';
import { round, SimDevice, toNumber, type RoomEnv } from './device';

/**
 * What TRVs and wall thermostats share: they measure the room, decide a running
 * state with hysteresis, and report local_temperature when it moved enough.
 * The room physics reads `runningState` to know whether heat is flowing.
 */
export abstract class HvacDevice extends SimDevice {
  abstract systemMode: HvacMode;
  runningState: RunningState = 'idle';
  localTemperature = 20;
  private lastReport = -Infinity;

  /** Setpoints in force right now (presets and schedules applied). */
  protected abstract targets(env: RoomEnv): { heat: number; cool: number };

  override tick(env: RoomEnv, _dtMs: number): void {
    const t = this.targets(env);
    const running = nextRunningState(this.systemMode, this.runningState, env.tempC, t.heat, t.cool);
    const measured = round(env.tempC, 1);
    const moved = Math.abs(measured - this.localTemperature) >= 0.2;
    const heartbeat = env.now - this.lastReport >= 10 * MINUTE;
    if (running !== this.runningState || moved || heartbeat) {
      this.runningState = running;
      this.localTemperature = measured;
      this.lastReport = env.now;
      this.markChanged();
    }
  }
}

/** Round to the device's setpoint step and clamp to its range. */
export function setpoint(value: unknown, min: number, max: number, step: number): number | undefined {
  const n = toNumber(value);
  if (n === undefined) return undefined;
  return Math.min(max, Math.max(min, Math.round(n / step) * step));
}
