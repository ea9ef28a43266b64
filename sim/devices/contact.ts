import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { Battery } from './battery';
import { SimDevice, type DeviceInfo, type RoomEnv } from './device';
import { battery, contact, deviceTemperature, linkquality, voltage, type Expose } from './exposes';

/**
 * Aqara MCCGQ11LM door/window contact. `contact: true` means closed (zigbee2mqtt's
 * convention, hence payload_on false in discovery). The world opens it via `open`.
 */
export class ContactSensor extends SimDevice {
  readonly kind = 'contact' as const;
  readonly info: DeviceInfo = {
    manufacturer: 'Aqara',
    model: 'Door and window sensor',
    modelId: 'MCCGQ11LM',
    ieeePrefix: '00158d0000',
  };
  /** Set by the world (people use the door, someone airs the bedroom). */
  open = false;
  private reportedContact = true;
  private readonly battery: Battery;

  constructor(
    name: string,
    roomId: string,
    rng: Random,
    /** An entrance opens when people come and go; a window is opened to air the room some mornings. */
    readonly role: 'entrance' | 'window' = 'entrance',
  ) {
    super(name, roomId, rng);
    this.battery = new Battery(rng.range(60, 100), rng.range(0.1, 0.4));
  }

  exposes(): Expose[] {
    return [contact(), battery(), voltage(), deviceTemperature(), linkquality()];
  }

  state(): JsonObject {
    return {
      battery: this.battery.percent,
      contact: this.reportedContact,
      device_temperature: 20,
      linkquality: this.linkquality,
      power_outage_count: 1,
      voltage: this.battery.millivolts,
    };
  }

  override tick(_env: RoomEnv, dtMs: number): void {
    this.battery.drain(dtMs);
    if (this.reportedContact === this.open) {
      this.reportedContact = !this.open;
      this.markChanged();
    }
  }
}
