import type { Json } from '../z2m/json';

/**
 * What a device offers, in zigbee2mqtt's own terms (its "exposes"). Device models
 * declare these; z2m/discovery.ts turns them into Home Assistant discovery configs,
 * the way zigbee2mqtt's exposeToConfig() does.
 */
export type Expose =
  | {
      type: 'light';
      colorModes: ('xy' | 'color_temp' | 'brightness')[];
      mireds?: { min: number; max: number };
      effects?: string[];
    }
  | { type: 'switch' }
  | {
      type: 'climate';
      modes: string[];
      presets?: string[];
      minTemp: number;
      maxTemp: number;
      step: number;
      heatingSetpoint: 'current_heating_setpoint' | 'occupied_heating_setpoint';
      coolingSetpoint?: 'occupied_cooling_setpoint';
    }
  | { type: 'binary'; property: string; deviceClass: string; on: Json; off: Json }
  | {
      type: 'numeric';
      property: string;
      unit?: string;
      deviceClass?: string;
      stateClass?: 'measurement' | 'total_increasing';
      category?: 'diagnostic';
      enabledByDefault?: boolean;
      icon?: string;
      label?: string;
    };

// Numeric lookups mirror zigbee2mqtt's NUMERIC_DISCOVERY_LOOKUP for the properties we simulate.
export const battery = (): Expose => ({
  type: 'numeric',
  property: 'battery',
  unit: '%',
  deviceClass: 'battery',
  stateClass: 'measurement',
  category: 'diagnostic',
});
export const voltage = (): Expose => ({
  type: 'numeric',
  property: 'voltage',
  unit: 'mV',
  deviceClass: 'voltage',
  stateClass: 'measurement',
  category: 'diagnostic',
  enabledByDefault: false,
});
export const temperature = (): Expose => ({
  type: 'numeric',
  property: 'temperature',
  unit: '°C',
  deviceClass: 'temperature',
  stateClass: 'measurement',
});
export const deviceTemperature = (): Expose => ({
  type: 'numeric',
  property: 'device_temperature',
  unit: '°C',
  deviceClass: 'temperature',
  stateClass: 'measurement',
  category: 'diagnostic',
});
export const humidity = (): Expose => ({
  type: 'numeric',
  property: 'humidity',
  unit: '%',
  deviceClass: 'humidity',
  stateClass: 'measurement',
});
export const pressure = (): Expose => ({
  type: 'numeric',
  property: 'pressure',
  unit: 'hPa',
  deviceClass: 'atmospheric_pressure',
  stateClass: 'measurement',
});
export const illuminance = (): Expose => ({
  type: 'numeric',
  property: 'illuminance',
  unit: 'lx',
  deviceClass: 'illuminance',
  stateClass: 'measurement',
});
export const power = (): Expose => ({
  type: 'numeric',
  property: 'power',
  unit: 'W',
  deviceClass: 'power',
  stateClass: 'measurement',
});
export const energy = (): Expose => ({
  type: 'numeric',
  property: 'energy',
  unit: 'kWh',
  deviceClass: 'energy',
  stateClass: 'total_increasing',
});
export const linkquality = (): Expose => ({
  type: 'numeric',
  property: 'linkquality',
  unit: 'lqi',
  stateClass: 'measurement',
  category: 'diagnostic',
  enabledByDefault: false,
  icon: 'mdi:signal',
  label: 'Linkquality',
});
// Binary lookups: occupancy and presence are device_class "occupancy" in current z2m; contact is inverted (true = closed).
export const occupancy = (): Expose => ({
  type: 'binary',
  property: 'occupancy',
  deviceClass: 'occupancy',
  on: true,
  off: false,
});
export const presence = (): Expose => ({ type: 'binary', property: 'presence', deviceClass: 'occupancy', on: true, off: false });
export const contact = (deviceClass: 'door' | 'window' = 'door'): Expose => ({
  type: 'binary',
  property: 'contact',
  deviceClass,
  on: false,
  off: true,
});
