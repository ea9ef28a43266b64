import { HOUR, MINUTE } from '../clock';
import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { round, SimDevice, type DeviceInfo, type RoomEnv } from './device';
import { deviceTemperature, energy, linkquality, power, type Expose } from './exposes';

/** What is plugged in decides the load: constant, a fridge cycling, or a TV used when people are there. */
export type PlugLoad =
  { kind: 'constant'; watts: number } | { kind: 'fridge'; watts: number } | { kind: 'tv'; watts: number; standby: number };

/** Xiaomi ZNCZ02LM with power/energy metering (fixture bridge-devices-full.txt, power_plug). */
export class Plug extends SimDevice {
  readonly kind = 'plug' as const;
  readonly info: DeviceInfo = { manufacturer: 'Xiaomi', model: 'Mi smart plug', modelId: 'ZNCZ02LM', ieeePrefix: '00158d0000' };
  on = true;
  /** Reported values (what the plug last told the bridge). */
  private powerW = 0;
  private energyKwh: number;
  private lastReport = -Infinity;
  private trueW = 0;

  constructor(
    name: string,
    roomId: string,
    rng: Random,
    private readonly load: PlugLoad,
  ) {
    super(name, roomId, rng);
    this.energyKwh = round(rng.range(1, 40), 2);
  }

  exposes(): Expose[] {
    return [{ type: 'switch' }, power(), energy(), deviceTemperature(), linkquality()];
  }

  state(): JsonObject {
    return {
      device_temperature: 30,
      energy: round(this.energyKwh, 2),
      linkquality: this.linkquality,
      power: this.powerW,
      power_outage_memory: true,
      state: this.on ? 'ON' : 'OFF',
    };
  }

  override set(cmd: Record<string, unknown>): boolean {
    const state = typeof cmd.state === 'string' ? cmd.state.toUpperCase() : undefined;
    if (state === 'ON') this.on = true;
    else if (state === 'OFF') this.on = false;
    else if (state === 'TOGGLE') this.on = !this.on;
    else return false;
    this.markChanged();
    return true;
  }

  private demand(env: RoomEnv): number {
    if (!this.on) return 0;
    switch (this.load.kind) {
      case 'constant':
        return this.load.watts;
      case 'fridge': // compressor runs ~20 min of every hour
        return env.now % HOUR < 20 * MINUTE ? this.load.watts : 2;
      case 'tv':
        return env.occupied && (env.hour >= 18 || env.hour < 1) ? this.load.watts : this.load.standby;
    }
  }

  override tick(env: RoomEnv, dtMs: number): void {
    this.energyKwh += (this.trueW * dtMs) / HOUR / 1000;
    this.trueW = this.demand(env) * (1 + this.rng.range(-0.02, 0.02));
    const w = round(this.trueW, 1);
    // The ZNCZ02LM reports on a change of a few watts, and at least every minute while drawing power.
    const changedEnough = Math.abs(w - this.powerW) >= Math.max(2, this.powerW * 0.05);
    if (changedEnough || (w > 0 && env.now - this.lastReport >= MINUTE)) {
      this.powerW = w;
      this.lastReport = env.now;
      this.markChanged();
    }
  }
}
