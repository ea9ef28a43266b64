/** `sensor` → temperature (°C), humidity, illuminance (lx), battery, power_w, energy_kwh, by device class and unit. */
import type { CapabilityName } from '../../model';
import { CAPABILITY_UNITS } from '../../model';
import type { StateReport } from '../integration';
import { numberOf, renderState, type MappedEntity } from './entity';
import type { SensorConfig } from './schemas';

type SensorCapability = 'temperature' | 'humidity' | 'illuminance' | 'battery' | 'power_w' | 'energy_kwh';

/** Unit of measurement → factor (or function) to our unit; an unknown unit means the value is not understood. */
const CONVERSIONS: Record<SensorCapability, Record<string, (v: number) => number>> = {
  temperature: {
    '°C': (v) => v,
    C: (v) => v,
    '°F': (v) => ((v - 32) * 5) / 9,
    F: (v) => ((v - 32) * 5) / 9,
    K: (v) => v - 273.15,
  },
  humidity: { '%': (v) => v },
  illuminance: { lx: (v) => v, lux: (v) => v },
  battery: { '%': (v) => v },
  power_w: { W: (v) => v, kW: (v) => v * 1000, mW: (v) => v / 1000 },
  energy_kwh: { kWh: (v) => v, Wh: (v) => v / 1000, MWh: (v) => v * 1000 },
};

const BY_DEVICE_CLASS: Record<string, SensorCapability> = {
  temperature: 'temperature',
  humidity: 'humidity',
  illuminance: 'illuminance',
  battery: 'battery',
  power: 'power_w',
  energy: 'energy_kwh',
};

/** The capability a sensor provides, or undefined (pressure, voltage, link quality… are not in our vocabulary). */
export function sensorCapability(c: SensorConfig): SensorCapability | undefined {
  const capability = c.device_class ? BY_DEVICE_CLASS[c.device_class] : undefined;
  if (!capability) return undefined;
  // Without a unit, assume our unit (°C, %, lx, W, kWh); a foreign unit we cannot convert → not mapped.
  const unit = c.unit_of_measurement ?? CAPABILITY_UNITS[capability as CapabilityName];
  return unit !== undefined && CONVERSIONS[capability][unit] ? capability : undefined;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function mapSensor(c: SensorConfig): MappedEntity {
  const capability = sensorCapability(c);
  if (!capability) return { capabilities: {}, stateTopics: [], parseState: () => ({}) };
  const unit = c.unit_of_measurement ?? CAPABILITY_UNITS[capability]!;
  const convert = CONVERSIONS[capability][unit]!;
  return {
    capabilities: { [capability]: { value: null, writable: false, unit: CAPABILITY_UNITS[capability] } },
    stateTopics: [c.state_topic],
    parseState(_topic, payload): StateReport {
      const n = numberOf(renderState(c.value_template, payload));
      if (n === undefined) return {};
      return { [capability]: n === null ? null : round(convert(n), capability === 'energy_kwh' ? 6 : 2) };
    },
  };
}
