/**
 * Entities → devices: grouping by `device.identifiers` (or `connections`), which entity owns
 * each capability, the device kind and its description. Pure.
 */
import type { Availability, Capabilities, CapabilityName, DeviceKind } from '../../model';
import { cleanText } from '../../model';
import type { DeviceDescription } from '../integration';
import type { EntityConfig } from './config';
import type { MappedEntity } from './entity';

export const INTEGRATION_NAME = 'mqtt';
const MAX_ID = 200;

export interface MappedEntityRecord {
  entity: EntityConfig;
  mapped: MappedEntity;
}

/** `mqtt:` + the first identifier (stable across restarts); an entity without device info is its own device. */
export function deviceIdOf(e: EntityConfig): string {
  const d = e.config.device;
  const ids = typeof d?.identifiers === 'string' ? [d.identifiers] : (d?.identifiers ?? []);
  const connection = d?.connections?.[0];
  const own = ids[0] ?? (connection ? `${connection[0]}:${connection[1]}` : (e.config.unique_id ?? e.key));
  return `${INTEGRATION_NAME}:${own}`.slice(0, MAX_ID);
}

/** Main entity (name null) first, then primary before diagnostic/config entities, then by key. */
function rank(r: MappedEntityRecord): [number, number, string] {
  const main = r.entity.config.name === null ? 0 : 1;
  const category = r.entity.config.entity_category ? 1 : 0;
  return [main, category, r.entity.key];
}

export function sortEntities(records: MappedEntityRecord[]): MappedEntityRecord[] {
  return [...records].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
  });
}

/**
 * Our model has one value per capability per device, so when several entities provide the same
 * capability (a z2m double switch, a device temperature next to the room temperature) the
 * highest-ranked entity owns it and the others' values are ignored.
 */
export function capabilityOwners(records: MappedEntityRecord[]): Map<CapabilityName, string> {
  const owners = new Map<CapabilityName, string>();
  for (const r of sortEntities(records))
    for (const cap of Object.keys(r.mapped.capabilities) as CapabilityName[])
      if (!owners.has(cap) && (!r.entity.config.entity_category || DIAGNOSTIC_CAPABILITIES.has(cap)))
        owners.set(cap, r.entity.key);
  return owners;
}

/**
 * A diagnostic entity describes the device, not the room: zigbee2mqtt's `device_temperature`
 * is the chip's temperature (30 °C inside a plug). Only the battery level is worth showing.
 */
const DIAGNOSTIC_CAPABILITIES = new Set<CapabilityName>(['battery']);

export function deviceKind(records: MappedEntityRecord[], capabilities: Capabilities): DeviceKind {
  const has = (component: string) =>
    records.some((r) => r.entity.component === component && Object.keys(r.mapped.capabilities).length > 0);
  if (has('light')) return 'light';
  if (has('climate')) return 'thermostat';
  if (has('switch')) return capabilities.power_w || capabilities.energy_kwh ? 'plug' : 'switch';
  return 'sensor';
}

/** The device description, or undefined when no entity provides a capability we understand. */
export function describeDevice(
  id: string,
  records: MappedEntityRecord[],
  availability: Availability,
  attributes: Record<string, unknown> | undefined,
): DeviceDescription | undefined {
  const sorted = sortEntities(records);
  const owners = capabilityOwners(sorted);
  if (owners.size === 0) return undefined;
  const capabilities: Capabilities = {};
  for (const [cap, key] of owners) {
    const r = sorted.find((e) => e.entity.key === key)!;
    (capabilities as Record<string, unknown>)[cap] = r.mapped.capabilities[cap];
  }
  const info = sorted.find((r) => r.entity.config.device)?.entity.config.device;
  const main = sorted[0]!.entity;
  const name = cleanText(info?.name) || cleanText(main.config.name) || cleanText(main.objectId) || id;
  const description: DeviceDescription = {
    id,
    name,
    kind: deviceKind(sorted, capabilities),
    integration: INTEGRATION_NAME,
    availability,
    capabilities,
  };
  const manufacturer = cleanText(info?.manufacturer);
  const model = cleanText(info?.model) || cleanText(info?.model_id);
  if (manufacturer) description.manufacturer = manufacturer;
  if (model) description.model = model;
  if (attributes && Object.keys(attributes).length) description.attributes = attributes;
  return description;
}

/** json_attributes payloads are untrusted: keep a bounded set of primitive values with cleaned text. */
export function sanitiseAttributes(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50)) {
    const key = cleanText(k, 64);
    if (!key || key === '__proto__') continue;
    if (typeof v === 'string') out[key] = cleanText(v, 200);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[key] = v;
  }
  return out;
}
