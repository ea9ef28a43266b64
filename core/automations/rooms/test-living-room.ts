/**
 * The small living room the room and automation runner tests share: a dimmable, tunable lamp and a
 * motion sensor with a light level, both in `living`, reported through the `fake` integration.
 */
import type { Registry } from '../../registry/registry';

export function addLivingRoom(registry: Registry, options: { kelvin: number }): void {
  const host = registry.hostFor('fake');
  registry.setOverrides([
    ['lamp', { roomId: 'living' }],
    ['motion', { roomId: 'living' }],
  ]);
  host.upsertDevice({
    id: 'lamp',
    name: 'Living lamp',
    kind: 'light',
    integration: 'fake',
    availability: 'online',
    capabilities: {
      power: { value: false, writable: true },
      brightness: { value: 100, writable: true },
      colorTemperature: { value: options.kelvin, writable: true, min: 2200, max: 6500 },
    },
  });
  host.upsertDevice({
    id: 'motion',
    name: 'Living motion',
    kind: 'sensor',
    integration: 'fake',
    availability: 'online',
    capabilities: {
      occupancy: { value: false, writable: false },
      illuminance: { value: 5, writable: false },
      battery: { value: 90, writable: false },
    },
  });
}
