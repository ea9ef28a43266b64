/**
 * Shelly Gen2+ (Plus/Pro/Gen3) ↔ the common model, pure: identity → candidate, component
 * status (`switch:N`, `light:N`) → capabilities and state, command → RPC calls
 * (Shelly API docs: Shelly.GetDeviceInfo, Switch.Set, Light.Set).
 */
import { z } from 'zod';
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Capabilities, Command, DeviceKind } from '../../model';
import type { DeviceDescription, StateReport } from '../integration';

export const SHELLY = 'shelly';
export const PASSWORD_HINT = 'This Shelly is protected by a password: enter it, then click Pair';

/** `GET /shelly` = `Shelly.GetDeviceInfo` (Gen2+ has `gen`; Gen1 has `type` instead and is not supported). */
export const DeviceInfo = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(500).nullable().optional(),
  mac: z.string().max(50).optional(),
  model: z.string().max(100).optional(),
  gen: z.number().int().min(2),
  app: z.string().max(100).optional(),
  ver: z.string().max(50).optional(),
  auth_en: z.boolean().optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

/** Product names of the app ids we know; others read "Shelly <app>". */
const PRODUCTS: Record<string, string> = {
  PlusPlugS: 'Shelly Plus Plug S',
  PlusWallDimmer: 'Shelly Plus Wall Dimmer',
  Plus1PM: 'Shelly Plus 1PM',
  Plus1: 'Shelly Plus 1',
  Plus2PM: 'Shelly Plus 2PM',
  Pro4PM: 'Shelly Pro 4PM',
  Mini1G3: 'Shelly 1 Mini Gen3',
  Mini1PMG3: 'Shelly 1PM Mini Gen3',
};

export function productName(app: string | undefined): string {
  if (!app) return 'Shelly';
  return PRODUCTS[app] ?? `Shelly ${app}`;
}

export function kindOf(app: string | undefined): DeviceKind {
  if (/plug/i.test(app ?? '')) return 'plug';
  if (/dimmer|light|rgbw|bulb|duo/i.test(app ?? '')) return 'light';
  return 'switch';
}

export function candidateFromInfo(info: DeviceInfo, host: string, port: number): Candidate {
  const product = productName(info.app);
  return {
    integration: SHELLY,
    uniqueId: info.id.toLowerCase(),
    kind: kindOf(info.app),
    name: info.name || product,
    manufacturer: 'Shelly',
    model: info.model ? `${product} (${info.model})` : product,
    host,
    port,
    needsPairing: info.auth_en === true,
    ...(info.auth_en ? { pairingHint: PASSWORD_HINT, needsPassword: true } : {}),
  };
}

/** `_shelly._tcp` always; `_http._tcp` only with TXT `gen` ≥ 2 (Gen1 announces plain `_http`). */
export function claimService(service: DiscoveredService): Candidate | undefined {
  const gen = Number(service.txt.gen);
  if (service.type === 'http' && !(gen >= 2)) return undefined;
  if (service.type !== 'shelly' && service.type !== 'http') return undefined;
  const id = (service.txt.id || service.name).toLowerCase();
  if (!/^shelly[\w-]*$/.test(id)) return undefined;
  const host = service.addresses[0];
  if (!host) return undefined;
  const product = productName(service.txt.app);
  return {
    integration: SHELLY,
    uniqueId: id,
    kind: kindOf(service.txt.app),
    name: product,
    manufacturer: 'Shelly',
    model: product,
    host,
    port: service.port,
    needsPairing: false,
  };
}

/** The components we control, e.g. `switch:0`, `light:0`. */
export type ComponentKey = `${'switch' | 'light'}:${number}`;

export function componentsOf(status: Record<string, unknown>): ComponentKey[] {
  return Object.keys(status)
    .filter((k): k is ComponentKey => /^(switch|light):\d{1,2}$/.test(k))
    .sort();
}

/** Channel 0 is the device itself; further channels get a suffix. */
export function deviceIdFor(shellyId: string, key: ComponentKey, all: readonly ComponentKey[]): string {
  const base = `${SHELLY}:${shellyId.toLowerCase()}`;
  return all.length === 1 || key === all[0] ? base : `${base}-${key.replace(':', '')}`;
}

const SwitchStatus = z.object({
  output: z.boolean().optional(),
  apower: z.number().optional(),
  aenergy: z.object({ total: z.number() }).partial().optional(),
});
const LightStatus = z.object({ output: z.boolean().optional(), brightness: z.number().min(0).max(100).optional() });

export function describeComponent(
  info: { id: string; name?: string | null; app?: string; model?: string },
  key: ComponentKey,
  status: unknown,
  all: readonly ComponentKey[],
): DeviceDescription {
  const product = productName(info.app);
  const channel = all.length > 1 ? ` ${key.split(':')[1]}` : '';
  const isLight = key.startsWith('light');
  const capabilities: Capabilities = { power: { value: null, writable: true } };
  if (isLight) capabilities.brightness = { value: null, writable: true, min: 0, max: 100, unit: '%' };
  const sw = SwitchStatus.safeParse(status);
  if (!isLight && sw.success) {
    if (sw.data.apower !== undefined) capabilities.power_w = { value: null, writable: false, unit: 'W' };
    if (sw.data.aenergy?.total !== undefined) capabilities.energy_kwh = { value: null, writable: false, unit: 'kWh' };
  }
  return {
    id: deviceIdFor(info.id, key, all),
    name: `${info.name || product}${channel}`,
    kind: isLight ? 'light' : kindOf(info.app),
    integration: SHELLY,
    manufacturer: 'Shelly',
    model: info.model ? `${product} (${info.model})` : product,
    availability: 'unknown',
    capabilities,
  };
}

/** A full or partial (NotifyStatus) component status → state. */
export function stateFromStatus(key: ComponentKey, status: unknown): StateReport {
  const state: StateReport = {};
  if (key.startsWith('light')) {
    const parsed = LightStatus.safeParse(status);
    if (!parsed.success) return state;
    if (parsed.data.output !== undefined) state.power = parsed.data.output;
    if (parsed.data.brightness !== undefined) state.brightness = parsed.data.brightness;
    return state;
  }
  const parsed = SwitchStatus.safeParse(status);
  if (!parsed.success) return state;
  if (parsed.data.output !== undefined) state.power = parsed.data.output;
  if (parsed.data.apower !== undefined) state.power_w = parsed.data.apower;
  if (parsed.data.aenergy?.total !== undefined) state.energy_kwh = Math.round(parsed.data.aenergy.total) / 1000;
  return state;
}

export interface RpcCall {
  method: string;
  params: Record<string, unknown>;
}

/** A command → the RPC call that carries it (absolute values, never Toggle: repeating is safe). */
export function commandToRpc(key: ComponentKey, command: Command): RpcCall | undefined {
  const id = Number(key.split(':')[1]);
  if (key.startsWith('switch'))
    return command.power === undefined ? undefined : { method: 'Switch.Set', params: { id, on: command.power } };
  const params: Record<string, unknown> = { id };
  if (command.power !== undefined) params.on = command.power;
  if (command.brightness !== undefined) params.brightness = Math.round(command.brightness);
  return Object.keys(params).length > 1 ? { method: 'Light.Set', params } : undefined;
}
