import type { Random } from '../random';
import type { JsonObject } from '../z2m/json';
import { round, SimDevice, type DeviceInfo, type RoomEnv } from './device';
import { linkquality, presence, type Expose } from './exposes';

/**
 * Aqara FP1E mmWave presence sensor: sees breathing-scale movement, so `presence`
 * stays true while someone is in the room, even sitting still. Mains (USB) powered.
 */
export class PresenceSensor extends SimDevice {
  readonly kind = 'presence' as const;
  readonly info: DeviceInfo = {
    manufacturer: 'Aqara',
    model: 'Presence sensor FP1E',
    modelId: 'RTCZCGQ13LM',
    ieeePrefix: '54ef441000',
  };
  presence = false;
  private targetDistance = 0;

  constructor(name: string, roomId: string, rng: Random) {
    super(name, roomId, rng);
  }

  exposes(): Expose[] {
    return [
      presence(),
      { type: 'numeric', property: 'target_distance', unit: 'm', deviceClass: 'distance', stateClass: 'measurement' },
      linkquality(),
    ];
  }

  state(): JsonObject {
    return {
      linkquality: this.linkquality,
      motion_sensitivity: 'high',
      presence: this.presence,
      target_distance: this.targetDistance,
    };
  }

  override tick(env: RoomEnv): void {
    if (env.occupied !== this.presence) {
      this.presence = env.occupied;
      this.targetDistance = env.occupied ? round(this.rng.range(0.5, 4), 2) : 0;
      this.markChanged();
    }
  }
}
