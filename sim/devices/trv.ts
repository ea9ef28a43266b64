import type { HvacMode } from '../physics';
import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { Battery } from './battery';
import type { DeviceInfo, RoomEnv } from './device';
import { battery, linkquality, type Expose } from './exposes';
import { HvacDevice, setpoint } from './hvac';

const PRESETS = ['schedule', 'manual', 'boost', 'complex', 'comfort', 'eco', 'away'] as const;
type Preset = (typeof PRESETS)[number];

/** Tuya TS0601 radiator valve (fixture ha-discovery-climate-trv-ts0601.txt): heat/auto/off, 5–35 °C in 0.5 steps. */
export class Trv extends HvacDevice {
  readonly kind = 'trv' as const;
  readonly info: DeviceInfo = {
    manufacturer: 'Tuya',
    model: 'Radiator valve with thermostat',
    modelId: 'TS0601_thermostat',
    ieeePrefix: '0017882104',
  };
  systemMode: HvacMode = 'heat';
  heatingSetpoint: number;
  preset: Preset = 'manual';
  private readonly battery: Battery;

  constructor(name: string, roomId: string, rng: Random, options: { setpoint?: number; mode?: 'heat' | 'auto' | 'off' } = {}) {
    super(name, roomId, rng);
    this.heatingSetpoint = options.setpoint ?? 20;
    this.systemMode = options.mode ?? 'heat';
    this.battery = new Battery(rng.range(60, 100), rng.range(0.2, 0.6));
  }

  exposes(): Expose[] {
    return [
      {
        type: 'climate',
        modes: ['heat', 'auto', 'off'],
        presets: [...PRESETS],
        minTemp: 5,
        maxTemp: 35,
        step: 0.5,
        heatingSetpoint: 'current_heating_setpoint',
      },
      battery(),
      linkquality(),
    ];
  }

  state(): JsonObject {
    return {
      battery: this.battery.percent,
      current_heating_setpoint: this.heatingSetpoint,
      linkquality: this.linkquality,
      local_temperature: this.localTemperature,
      position: this.runningState === 'heat' ? 100 : 0,
      preset: this.preset,
      running_state: this.runningState,
      system_mode: this.systemMode,
    };
  }

  /** auto follows the valve's built-in schedule; eco/away/boost shift the target like the real valve. */
  protected targets(env: RoomEnv): { heat: number; cool: number } {
    let heat = this.systemMode === 'auto' ? (env.hour >= 6 && env.hour < 22 ? 21 : 17) : this.heatingSetpoint;
    if (this.preset === 'eco') heat -= 3;
    if (this.preset === 'away') heat = 16;
    if (this.preset === 'boost') heat = 35;
    return { heat, cool: Infinity };
  }

  override set(cmd: Record<string, unknown>): boolean {
    let handled = false;
    if (cmd.system_mode === 'heat' || cmd.system_mode === 'auto' || cmd.system_mode === 'off') {
      this.systemMode = cmd.system_mode;
      handled = true;
    }
    const sp = setpoint(cmd.current_heating_setpoint, 5, 35, 0.5);
    if (sp !== undefined) {
      this.heatingSetpoint = sp;
      handled = true;
    }
    if (typeof cmd.preset === 'string' && (PRESETS as readonly string[]).includes(cmd.preset)) {
      this.preset = cmd.preset as Preset;
      handled = true;
    }
    if (handled) this.markChanged();
    return handled;
  }

  override tick(env: RoomEnv, dtMs: number): void {
    this.battery.drain(dtMs);
    super.tick(env, dtMs);
  }
}
