/** Which tile shows a device: decided by its capabilities only, never by vendor or model. */
import type { Device } from '../../../core/model';

export type TileKind = 'thermostat' | 'light' | 'switch' | 'speaker' | 'sensor';

export const TILE_KIND_LABELS: Record<TileKind, string> = {
  thermostat: 'Thermostat',
  light: 'Light',
  switch: 'Switch plug',
  speaker: 'Speaker',
  sensor: 'Sensor',
};

export function tileKindOf(device: Pick<Device, 'capabilities'>): TileKind {
  const caps = device.capabilities;
  if (caps.climate) return 'thermostat';
  if (caps.media) return 'speaker';
  if (caps.brightness || caps.colorTemperature || caps.color) return 'light';
  if (caps.power) return 'switch';
  return 'sensor';
}
