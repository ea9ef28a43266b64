/**
 * What a room's devices mean to its behaviours, read from capabilities only (never vendors): which
 * are lights, thermostats, occupancy sources, doors and windows; the room's lux and temperature. Pure.
 */
import { contactRole, type Device, type OccupancySettings } from '../../model';
import type { ClimateView } from './climate';
import type { LightView, RoomLight } from './lighting';
import type { SourceReading } from './occupancy';

export const miredsToKelvin = (m: number) => Math.round(1_000_000 / m);

export function isLight(d: Device): boolean {
  return d.kind === 'light' && d.capabilities.power?.writable === true;
}

export function lightView(d: Device): LightView {
  const c = d.capabilities;
  const ct = c.colorTemperature;
  return {
    id: d.id,
    name: d.name,
    on: c.power?.value ?? null,
    brightness: c.brightness?.value ?? null,
    kelvin: ct?.value ?? null,
    canDim: c.brightness?.writable === true,
    canKelvin: ct?.writable === true,
    minKelvin: ct?.min,
    maxKelvin: ct?.max,
  };
}

export function isThermostat(d: Device): boolean {
  return d.capabilities.climate?.writable === true;
}

export function climateView(d: Device): ClimateView {
  const c = d.capabilities.climate!;
  return {
    id: d.id,
    name: d.name,
    mode: c.value.mode,
    target: c.value.targetTemperature,
    min: c.min,
    max: c.max,
    step: c.step,
    ...(c.options ? { modes: c.options } : {}),
  };
}

export type SourceKindOf = Exclude<SourceReading['kind'], 'light' | 'person'> | 'window';

/**
 * An `occupancy` sensor on batteries is a PIR (it cannot see a still person and clears by itself);
 * a mains-powered one is mmWave presence. `contactRoles` and the name say door or window.
 */
export function sourceKind(d: Device, settings: OccupancySettings): SourceKindOf | undefined {
  const c = d.capabilities;
  if (c.motion) return 'motion';
  if (c.occupancy) return c.battery ? 'motion' : 'presence';
  if (c.contact) {
    const role = contactRole(d, settings);
    return role === 'ignore' ? undefined : role === 'window' ? 'window' : 'door';
  }
  if (c.media) return 'media';
  return undefined;
}

/** What a contact sensor is (shared with the room settings page, so both read a door the same way). */
export { contactRole };

/** A door the user marked as closing only this room; an entrance shared with the outside never is. */
export function isOwnDoor(d: Device, settings: OccupancySettings): boolean {
  return settings.ownDoors.includes(d.id) && contactRole(d, settings) === 'door';
}

/** Whether a source is active: motion or presence seen, door open, media playing. */
export function sourceActive(d: Device, kind: SourceKindOf): boolean | null {
  const c = d.capabilities;
  switch (kind) {
    case 'motion':
      return c.motion?.value ?? c.occupancy?.value ?? null;
    case 'presence':
      return c.occupancy?.value ?? null;
    case 'door':
    case 'window':
      return c.contact?.value === null || c.contact?.value === undefined ? null : !c.contact.value;
    case 'media':
      return c.media ? c.media.value.state === 'playing' : null;
  }
}

/** The room's light level and where it comes from, so explanations quote only sensors the room has. */
export function roomLight(devices: readonly Device[]): RoomLight {
  const measuring = devices.filter((d) => d.capabilities.illuminance !== undefined);
  let best: { lux: number; name: string } | null = null;
  for (const d of measuring) {
    const v = d.capabilities.illuminance?.value;
    if (typeof v === 'number' && (best === null || v < best.lux)) best = { lux: v, name: d.name };
  }
  return { lux: best?.lux ?? null, sensor: best?.name ?? null, sensors: measuring.map((d) => d.name) };
}

/** The darkest reading of the room's light sensors. */
export function roomLux(devices: readonly Device[]): number | null {
  return roomLight(devices).lux;
}

/** Mean of the room's temperature sensors, else of its thermostats' own readings. */
export function roomTemperature(devices: readonly Device[]): number | null {
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const sensors = devices.map((d) => d.capabilities.temperature?.value).filter((v): v is number => typeof v === 'number');
  return (
    mean(sensors) ??
    mean(devices.map((d) => d.capabilities.climate?.value.currentTemperature).filter((v): v is number => typeof v === 'number'))
  );
}

/** Which light attributes differ between two reports (tolerating protocol rounding). */
export function lightDiff(before: LightView, after: LightView): { power?: boolean; brightness?: boolean; color?: boolean } {
  const out: { power?: boolean; brightness?: boolean; color?: boolean } = {};
  if (before.on !== null && after.on !== null && before.on !== after.on) out.power = after.on;
  if (after.on && before.brightness !== null && after.brightness !== null && Math.abs(before.brightness - after.brightness) > 1.5)
    out.brightness = true;
  if (after.on && before.kelvin !== null && after.kelvin !== null && Math.abs(before.kelvin - after.kelvin) > 40)
    out.color = true;
  return out;
}
