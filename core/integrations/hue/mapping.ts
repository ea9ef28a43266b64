/**
 * Philips Hue bridge (CLIP v2) ↔ the common model, pure: `/api/config` → candidate; resources →
 * devices (each light, each room's grouped light, each sensor device with its motion, light level
 * and temperature services); eventstream updates → state; command → the `PUT` body.
 */
import { z } from 'zod';
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Capabilities, Command, CommandOptions } from '../../model';
import type { DeviceDescription, StateReport } from '../integration';
import { hsToXy, kelvinToMired, miredToKelvin, xyToHs } from '../../model/color';

export const HUE = 'hue';
export const PAIRING_HINT = 'Press the link button on the bridge, then click Pair';
export const LINK_WINDOW_MS = 30_000;

export const BridgeConfig = z.object({
  name: z.string().max(200).optional(),
  bridgeid: z.string().regex(/^[0-9A-Fa-f]{16}$/),
  modelid: z.string().max(50).optional(),
  swversion: z.string().max(50).optional(),
});
export type BridgeConfig = z.infer<typeof BridgeConfig>;

export function candidateFromConfig(config: BridgeConfig, host: string, port: number, paired: boolean): Candidate {
  return {
    integration: HUE,
    uniqueId: config.bridgeid.toLowerCase(),
    kind: 'other',
    name: config.name || 'Hue Bridge',
    manufacturer: 'Signify (Philips Hue)',
    model: config.modelid ? `Hue Bridge (${config.modelid})` : 'Hue Bridge',
    host,
    port,
    needsPairing: !paired,
    ...(paired ? {} : { pairingHint: PAIRING_HINT, pairingWindowMs: LINK_WINDOW_MS }),
  };
}

/** `_hue._tcp` with TXT `bridgeid` (Hue developer docs, "Discovery"). */
export function claimService(service: DiscoveredService, paired: (bridgeId: string) => boolean): Candidate | undefined {
  if (service.type !== 'hue') return undefined;
  const host = service.addresses[0];
  const config = BridgeConfig.safeParse({ bridgeid: service.txt.bridgeid, modelid: service.txt.modelid, name: service.name });
  return host && config.success
    ? candidateFromConfig(config.data, host, service.port, paired(config.data.bridgeid.toLowerCase()))
    : undefined;
}

const Ref = z.object({ rid: z.string(), rtype: z.string() });
export const Resource = z
  .object({
    id: z.string().max(100),
    type: z.string().max(50),
    owner: Ref.optional(),
    metadata: z
      .object({ name: z.string().max(500).optional() })
      .partial()
      .optional(),
    services: z.array(Ref).optional(),
    product_data: z
      .object({ manufacturer_name: z.string().max(200), product_name: z.string().max(200), model_id: z.string().max(100) })
      .partial()
      .optional(),
    on: z.object({ on: z.boolean() }).optional(),
    dimming: z
      .object({ brightness: z.number().min(0).max(100) })
      .partial()
      .optional(),
    color_temperature: z
      .object({
        mirek: z.number().nullable(),
        mirek_valid: z.boolean(),
        mirek_schema: z.object({ mirek_minimum: z.number(), mirek_maximum: z.number() }),
      })
      .partial()
      .optional(),
    color: z
      .object({ xy: z.object({ x: z.number(), y: z.number() }) })
      .partial()
      .optional(),
    motion: z
      .object({ motion: z.boolean(), motion_report: z.object({ motion: z.boolean() }).partial() })
      .partial()
      .optional(),
    light: z
      .object({ light_level: z.number(), light_level_report: z.object({ light_level: z.number() }).partial() })
      .partial()
      .optional(),
    temperature: z
      .object({ temperature: z.number(), temperature_report: z.object({ temperature: z.number() }).partial() })
      .partial()
      .optional(),
  })
  .loose();
export type Resource = z.infer<typeof Resource>;

/** Registry device id of a resource: lights and grouped lights are devices, sensor services belong to their device. */
export function deviceIdOf(resource: Pick<Resource, 'id' | 'type' | 'owner'>): string | undefined {
  if (resource.type === 'light' || resource.type === 'grouped_light') return `${HUE}:${resource.id}`;
  if (SENSOR_TYPES.has(resource.type) && resource.owner?.rtype === 'device') return `${HUE}:${resource.owner.rid}`;
  return undefined;
}

const SENSOR_TYPES = new Set(['motion', 'light_level', 'temperature']);

export function parseResources(data: unknown): Resource[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((item) => {
    const parsed = Resource.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every device the bridge provides, each with its current state. */
export function devicesFrom(resources: Resource[]): { description: DeviceDescription; state: StateReport }[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const out: { description: DeviceDescription; state: StateReport }[] = [];
  const model = (r: Resource | undefined) => r?.product_data?.product_name ?? undefined;
  for (const r of resources) {
    if (r.type === 'light') {
      const owner = r.owner ? byId.get(r.owner.rid) : undefined;
      out.push({
        description: base(
          r,
          r.metadata?.name ?? owner?.metadata?.name ?? 'Hue light',
          'light',
          lightCapabilities(r),
          model(owner),
          owner?.product_data?.manufacturer_name,
        ),
        state: stateOf(r),
      });
    } else if (r.type === 'grouped_light') {
      const owner = r.owner ? byId.get(r.owner.rid) : undefined;
      if (!owner || (owner.type !== 'room' && owner.type !== 'zone')) continue; // the bridge-wide "all lights" group is left out
      const caps: Capabilities = { power: { value: null, writable: true } };
      if (r.dimming) caps.brightness = { value: null, writable: true, min: 0, max: 100, unit: '%' };
      out.push({
        description: base(r, `${owner.metadata?.name ?? 'Hue room'} lights`, 'light', caps, 'Hue room group', undefined),
        state: stateOf(r),
      });
    } else if (r.type === 'device') {
      const sensors = (r.services ?? [])
        .map((s) => byId.get(s.rid))
        .filter((s): s is Resource => !!s && SENSOR_TYPES.has(s.type));
      if (sensors.length === 0) continue;
      const caps: Capabilities = {};
      const state: StateReport = {};
      for (const s of sensors) {
        if (s.type === 'motion') caps.motion = { value: null, writable: false };
        if (s.type === 'light_level') caps.illuminance = { value: null, writable: false, unit: 'lx' };
        if (s.type === 'temperature') caps.temperature = { value: null, writable: false, unit: '°C' };
        Object.assign(state, stateOf(s));
      }
      out.push({
        description: {
          ...base(r, r.metadata?.name ?? 'Hue sensor', 'sensor', caps, model(r), r.product_data?.manufacturer_name),
        },
        state,
      });
    }
  }
  return out;
}

function base(
  r: Resource,
  name: string,
  kind: DeviceDescription['kind'],
  capabilities: Capabilities,
  model?: string,
  manufacturer?: string,
): DeviceDescription {
  return {
    id: `${HUE}:${r.id}`,
    name,
    kind,
    integration: HUE,
    manufacturer: manufacturer ?? 'Signify (Philips Hue)',
    ...(model ? { model } : {}),
    availability: 'unknown',
    capabilities,
  };
}

function lightCapabilities(r: Resource): Capabilities {
  const caps: Capabilities = { power: { value: null, writable: true } };
  if (r.dimming) caps.brightness = { value: null, writable: true, min: 0, max: 100, unit: '%' };
  const schema = r.color_temperature?.mirek_schema;
  if (schema)
    caps.colorTemperature = {
      value: null,
      writable: true,
      min: Math.ceil(1e6 / schema.mirek_maximum),
      max: Math.floor(1e6 / schema.mirek_minimum),
      unit: 'K',
    };
  if (r.color?.xy) caps.color = { value: null, writable: true };
  return caps;
}

/** State in a full resource or a partial eventstream update. */
export function stateOf(r: Resource): StateReport {
  const state: StateReport = {};
  if (r.on) state.power = r.on.on;
  if (r.dimming?.brightness !== undefined) state.brightness = r.dimming.brightness;
  const ct = r.color_temperature;
  if (ct && typeof ct.mirek === 'number' && ct.mirek > 0 && ct.mirek_valid !== false)
    state.colorTemperature = miredToKelvin(ct.mirek);
  if (r.color?.xy) state.color = xyToHs(r.color.xy);
  const motion = r.motion?.motion ?? r.motion?.motion_report?.motion;
  if (motion !== undefined) state.motion = motion;
  const level = r.light?.light_level ?? r.light?.light_level_report?.light_level;
  // CLIP v2: light_level = 10000·log10(lux) + 1
  if (level !== undefined) state.illuminance = Math.max(0, Math.round(10 ** ((level - 1) / 10000) - 1));
  const temperature = r.temperature?.temperature ?? r.temperature?.temperature_report?.temperature;
  if (temperature !== undefined) state.temperature = temperature;
  return state;
}

/** Eventstream message (an array of events with `data` arrays) → reports per registry device. */
export function reportsFromEvents(message: unknown): Map<string, StateReport> {
  const reports = new Map<string, StateReport>();
  if (!Array.isArray(message)) return reports;
  for (const event of message.slice(0, 100)) {
    if (!event || typeof event !== 'object' || (event as { type?: unknown }).type !== 'update') continue;
    for (const item of parseResources((event as { data?: unknown }).data)) {
      const id = deviceIdOf(item);
      if (!id) continue;
      const state = stateOf(item);
      if (Object.keys(state).length) reports.set(id, { ...reports.get(id), ...state });
    }
  }
  return reports;
}

/** Command → `PUT /clip/v2/resource/<light|grouped_light>/<id>` body. */
export function commandToBody(
  command: Command,
  mirekRange?: { min: number; max: number },
  options: CommandOptions = {},
): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (command.power !== undefined) body.on = { on: command.power };
  if (command.brightness !== undefined) body.dimming = { brightness: Math.round(command.brightness * 100) / 100 };
  if (command.color) body.color = { xy: hsToXy(command.color) };
  else if (command.colorTemperature !== undefined) {
    let mirek = kelvinToMired(command.colorTemperature);
    if (mirekRange) mirek = Math.min(mirekRange.max, Math.max(mirekRange.min, mirek));
    body.color_temperature = { mirek };
  }
  if (Object.keys(body).length === 0) return undefined;
  if (options.transitionS !== undefined) body.dynamics = { duration: Math.round(options.transitionS * 1000) };
  return body;
}
