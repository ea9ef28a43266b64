import { hash32, type Random } from '../random';
import type { JsonObject } from '../z2m/json';
import type { Expose } from './exposes';

/** Vendor, description and model id, exactly as zigbee2mqtt's definition names them. */
export interface DeviceInfo {
  manufacturer: string;
  /** zigbee2mqtt's `description` (HA `model`), e.g. "Temperature and humidity sensor". */
  model: string;
  /** zigbee2mqtt's `model` (HA `model_id`), e.g. "WSDCGQ11LM". */
  modelId: string;
  /** First bytes of the IEEE address (the vendor's OUI), so addresses look real. */
  ieeePrefix: string;
}

/** What a device can sense about the room it is in, at one instant. */
export interface RoomEnv {
  now: number;
  hour: number;
  tempC: number;
  humidity: number;
  pressureHpa: number;
  lux: number;
  /** Somebody is in the room (moving or still). */
  occupied: boolean;
  /** Somebody in the room moved since the last step (what a PIR sensor can see). */
  moving: boolean;
}

export type DeviceKind =
  | 'color_light'
  | 'ct_light'
  | 'dimmable_light'
  | 'plug'
  | 'trv'
  | 'thermostat'
  | 'motion'
  | 'presence'
  | 'climate_sensor'
  | 'contact';

/** Stable 64-bit IEEE address from the vendor prefix and the name: same device, same address, any seed. */
export function ieeeFor(prefix: string, name: string): string {
  const hex = (hash32('ieee', name).toString(16) + hash32('ieee2', name).toString(16)).padStart(16, '0');
  return `0x${(prefix + hex).slice(0, 16)}`;
}

export const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/**
 * A pure device model: state as zigbee2mqtt publishes it, commands it accepts, and
 * how it reacts to its room. No I/O here; the bridge publishes whatever changed.
 */
export abstract class SimDevice {
  abstract readonly kind: DeviceKind;
  abstract readonly info: DeviceInfo;
  /** Link quality varies a little per report, like a real radio. */
  protected linkquality: number;
  private changed = true;

  constructor(
    readonly name: string,
    readonly roomId: string,
    protected readonly rng: Random,
  ) {
    this.linkquality = rng.int(60, 200);
  }

  get ieee(): string {
    return ieeeFor(this.info.ieeePrefix, this.name);
  }

  /** The full state object zigbee2mqtt publishes on `zigbee2mqtt/<name>`. */
  abstract state(): JsonObject;
  abstract exposes(): Expose[];

  /** Apply a `/set` command (already parsed to an object). Returns false if the device has nothing writable. */
  set(_command: Record<string, unknown>): boolean {
    return false;
  }

  /** React to the room; may mark the device changed (= it would send a report). */
  tick(_env: RoomEnv, _dtMs: number): void {}

  /** True once after something worth publishing happened. */
  takeChanged(): boolean {
    const c = this.changed;
    this.changed = false;
    return c;
  }

  protected markChanged(): void {
    this.changed = true;
    this.reportAgain();
  }

  /** A fresh report of an unchanged state (heartbeat, `--rate` load) carries a fresh link quality reading. */
  reportAgain(): void {
    this.linkquality = Math.max(0, Math.min(255, Math.round(this.linkquality + this.rng.range(-6, 6))));
  }
}

/** Command values arrive as JSON or as raw strings on `/set/<attr>`; coerce numbers leniently like z2m. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
