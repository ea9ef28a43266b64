import { MINUTE } from '../clock';
import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { Battery } from './battery';
import { SimDevice, type DeviceInfo, type RoomEnv } from './device';
import { battery, deviceTemperature, illuminance, linkquality, occupancy, voltage, type Expose } from './exposes';

/**
 * Aqara RTCGQ11LM PIR motion sensor (fixture state-occupancy-sensor-rtcgq11lm-illuminance.txt).
 * A PIR sees movement, not people: someone sitting still stops retriggering it, and
 * zigbee2mqtt clears occupancy `occupancyTimeoutS` seconds after the last detection.
 * The hardware sends at most one detection per minute, with an illuminance reading.
 */
export class MotionSensor extends SimDevice {
  readonly kind = 'motion' as const;
  readonly info: DeviceInfo = { manufacturer: 'Aqara', model: 'Motion sensor', modelId: 'RTCGQ11LM', ieeePrefix: '00158d0000' };
  occupancy = false;
  illuminance = 0;
  private measured = false;
  private lastDetection = -Infinity;
  private readonly battery: Battery;
  readonly occupancyTimeoutS: number;

  constructor(name: string, roomId: string, rng: Random, options: { occupancyTimeoutS?: number } = {}) {
    super(name, roomId, rng);
    this.occupancyTimeoutS = options.occupancyTimeoutS ?? 90;
    this.battery = new Battery(rng.range(55, 100), rng.range(0.3, 1));
  }

  exposes(): Expose[] {
    return [occupancy(), illuminance(), battery(), voltage(), deviceTemperature(), linkquality()];
  }

  state(): JsonObject {
    return {
      battery: this.battery.percent,
      device_temperature: 21,
      illuminance: this.illuminance,
      linkquality: this.linkquality,
      occupancy: this.occupancy,
      power_outage_count: 3,
      voltage: this.battery.millivolts,
    };
  }

  override tick(env: RoomEnv, dtMs: number): void {
    this.battery.drain(dtMs);
    // The sensor measures light with each report; its first report (joining the network) has one too.
    if (!this.measured) {
      this.measured = true;
      this.illuminance = Math.round(env.lux);
      this.markChanged();
    }
    if (env.moving && (!this.occupancy || env.now - this.lastDetection >= MINUTE)) {
      this.occupancy = true;
      this.lastDetection = env.now;
      this.illuminance = Math.round(env.lux);
      this.markChanged();
    } else if (this.occupancy && env.now - this.lastDetection >= this.occupancyTimeoutS * 1000) {
      this.occupancy = false;
      this.markChanged();
    }
  }
}
