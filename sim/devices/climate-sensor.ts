import { MINUTE } from '../clock';
import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { Battery } from './battery';
import { round, SimDevice, type DeviceInfo, type RoomEnv } from './device';
import { battery, humidity, linkquality, pressure, temperature, voltage, type Expose } from './exposes';

/**
 * Aqara WSDCGQ11LM temperature/humidity/pressure sensor (fixture state-weather-sensor.txt).
 * Reports when a reading moved noticeably, no more often than its minimum interval,
 * and at least every 50 minutes (the Aqara heartbeat).
 */
export class ClimateSensor extends SimDevice {
  readonly kind = 'climate_sensor' as const;
  readonly info: DeviceInfo = {
    manufacturer: 'Aqara',
    model: 'Temperature and humidity sensor',
    modelId: 'WSDCGQ11LM',
    ieeePrefix: '00158d0000',
  };
  temperature = 0;
  humidity = 0;
  pressure = 0;
  private lastReport = -Infinity;
  private readonly battery: Battery;
  private readonly minIntervalMs: number;

  constructor(name: string, roomId: string, rng: Random, options: { minIntervalMs?: number } = {}) {
    super(name, roomId, rng);
    this.battery = new Battery(rng.range(50, 100), rng.range(0.2, 0.8));
    this.minIntervalMs = options.minIntervalMs ?? rng.range(30_000, 60_000);
  }

  exposes(): Expose[] {
    return [battery(), temperature(), humidity(), pressure(), voltage(), linkquality()];
  }

  state(): JsonObject {
    return {
      battery: this.battery.percent,
      humidity: this.humidity,
      linkquality: this.linkquality,
      pressure: this.pressure,
      temperature: this.temperature,
      voltage: this.battery.millivolts,
    };
  }

  override tick(env: RoomEnv, dtMs: number): void {
    this.battery.drain(dtMs);
    const since = env.now - this.lastReport;
    if (since < this.minIntervalMs) return;
    const t = round(env.tempC, 2);
    const h = round(env.humidity, 2);
    const moved = Math.abs(t - this.temperature) >= 0.1 || Math.abs(h - this.humidity) >= 1;
    if (moved || since >= 50 * MINUTE) {
      this.temperature = t;
      this.humidity = h;
      this.pressure = round(env.pressureHpa, 1);
      this.lastReport = env.now;
      this.markChanged();
    }
  }
}
