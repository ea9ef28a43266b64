import type { HvacMode } from '../physics';
import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import type { DeviceInfo, RoomEnv } from './device';
import { linkquality, type Expose } from './exposes';
import { HvacDevice, setpoint } from './hvac';

const MODES: HvacMode[] = ['off', 'heat', 'cool', 'auto'];

/**
 * A wall thermostat driving a heat pump: heat/cool/auto with separate heating and
 * cooling setpoints (Zen-01 style, zigbee2mqtt properties occupied_heating_setpoint /
 * occupied_cooling_setpoint). `current_heating_setpoint` is accepted as an alias.
 */
export class WallThermostat extends HvacDevice {
  readonly kind = 'thermostat' as const;
  readonly info: DeviceInfo = { manufacturer: 'Zen', model: 'Thermostat', modelId: 'Zen-01-W', ieeePrefix: '000d6f0000' };
  systemMode: HvacMode;
  heatingSetpoint: number;
  coolingSetpoint: number;

  constructor(name: string, roomId: string, rng: Random, options: { heat?: number; cool?: number; mode?: HvacMode } = {}) {
    super(name, roomId, rng);
    this.heatingSetpoint = options.heat ?? 21;
    this.coolingSetpoint = options.cool ?? 25;
    this.systemMode = options.mode ?? 'heat';
  }

  exposes(): Expose[] {
    return [
      {
        type: 'climate',
        modes: MODES,
        minTemp: 7,
        maxTemp: 30,
        step: 0.5,
        heatingSetpoint: 'occupied_heating_setpoint',
        coolingSetpoint: 'occupied_cooling_setpoint',
      },
      linkquality(),
    ];
  }

  state(): JsonObject {
    return {
      linkquality: this.linkquality,
      local_temperature: this.localTemperature,
      occupied_cooling_setpoint: this.coolingSetpoint,
      occupied_heating_setpoint: this.heatingSetpoint,
      running_state: this.runningState,
      system_mode: this.systemMode,
    };
  }

  protected targets(_env: RoomEnv): { heat: number; cool: number } {
    return { heat: this.heatingSetpoint, cool: this.coolingSetpoint };
  }

  override set(cmd: Record<string, unknown>): boolean {
    let handled = false;
    if (typeof cmd.system_mode === 'string' && (MODES as string[]).includes(cmd.system_mode)) {
      this.systemMode = cmd.system_mode as HvacMode;
      handled = true;
    }
    const heat = setpoint(cmd.occupied_heating_setpoint ?? cmd.current_heating_setpoint, 7, 30, 0.5);
    if (heat !== undefined) {
      this.heatingSetpoint = heat;
      handled = true;
    }
    const cool = setpoint(cmd.occupied_cooling_setpoint, 7, 30, 0.5);
    if (cool !== undefined) {
      this.coolingSetpoint = cool;
      handled = true;
    }
    if (handled) this.markChanged();
    return handled;
  }
}
