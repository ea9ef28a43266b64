/**
 * Elgato Key Light / Light Strip ↔ the common model, pure (python-elgato, protocols/elgato):
 * `/elgato/accessory-info` → candidate, `/elgato/lights` → state, command → `PUT /elgato/lights`.
 * `on` is 0/1; `temperature` is in mireds, 143–344 (≈ 7000–2900 K).
 */
import { z } from 'zod';
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Capabilities, Command } from '../../model';
import { kelvinToMired, miredToKelvin } from '../../model/color';
import type { DeviceDescription, StateReport } from '../integration';

export const ELGATO = 'elgato';
export const MIRED_MIN = 143;
export const MIRED_MAX = 344;
export const KELVIN_MIN = Math.ceil(1_000_000 / MIRED_MAX);
export const KELVIN_MAX = Math.floor(1_000_000 / MIRED_MIN);

const Mac = z.string().regex(/^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$/);
/** Older firmware (the Light Strip fixture) has no macAddress: the serial number identifies it then. */
export const AccessoryInfo = z
  .object({
    productName: z.string().max(200).optional(),
    macAddress: Mac.optional(),
    serialNumber: z
      .string()
      .regex(/^[\w-]{1,64}$/)
      .optional(),
    displayName: z.string().max(500).optional(),
    firmwareVersion: z.string().max(50).optional(),
  })
  .refine((i) => i.macAddress || i.serialNumber, 'neither macAddress nor serialNumber');
export type AccessoryInfo = z.infer<typeof AccessoryInfo>;

const Light = z.object({
  on: z.union([z.literal(0), z.literal(1)]).optional(),
  brightness: z.number().min(0).max(100).optional(),
  temperature: z.number().min(MIRED_MIN).max(MIRED_MAX).optional(),
  hue: z.number().min(0).max(360).optional(),
  saturation: z.number().min(0).max(100).optional(),
});
export const Lights = z.object({ numberOfLights: z.number().optional(), lights: z.array(Light).min(1) });
export type Lights = z.infer<typeof Lights>;

export const normalizeMac = (mac: string) => mac.replace(/[:-]/g, '').toLowerCase();
export const uniqueIdOf = (info: AccessoryInfo) =>
  info.macAddress ? normalizeMac(info.macAddress) : info.serialNumber!.toLowerCase();
export const kelvinFromMired = miredToKelvin;
export const miredFromKelvin = (kelvin: number) => Math.min(MIRED_MAX, Math.max(MIRED_MIN, kelvinToMired(kelvin)));

export function candidateFromInfo(info: AccessoryInfo, host: string, port: number): Candidate {
  const product = info.productName || 'Elgato light';
  return {
    integration: ELGATO,
    uniqueId: uniqueIdOf(info),
    kind: 'light',
    name: info.displayName || product,
    manufacturer: 'Elgato',
    model: product,
    host,
    port,
    needsPairing: false,
  };
}

/** `_elg._tcp` with TXT `id` = MAC (Home Assistant's elgato discovery); `md` is the model. */
export function claimService(service: DiscoveredService): Candidate | undefined {
  if (service.type !== 'elg') return undefined;
  const mac = Mac.safeParse(service.txt.id);
  const host = service.addresses[0];
  if (!mac.success || !host) return undefined;
  const model = service.txt.md || 'Elgato light';
  return {
    integration: ELGATO,
    uniqueId: normalizeMac(mac.data),
    kind: 'light',
    name: service.name || model,
    manufacturer: 'Elgato',
    model,
    host,
    port: service.port,
    needsPairing: false,
  };
}

export function describe(info: AccessoryInfo, lights: Lights): DeviceDescription {
  const light = lights.lights[0]!;
  const capabilities: Capabilities = {
    power: { value: null, writable: true },
    brightness: { value: null, writable: true, min: 0, max: 100, unit: '%' },
  };
  // A Light Strip reports either hue/saturation or temperature, whichever mode it is in, and takes both.
  const strip = /strip/i.test(info.productName ?? '');
  if (light.temperature !== undefined || strip)
    capabilities.colorTemperature = { value: null, writable: true, min: KELVIN_MIN, max: KELVIN_MAX, unit: 'K' };
  if (light.hue !== undefined || strip) capabilities.color = { value: null, writable: true };
  return {
    id: `${ELGATO}:${uniqueIdOf(info)}`,
    name: info.displayName || info.productName || 'Elgato light',
    kind: 'light',
    integration: ELGATO,
    manufacturer: 'Elgato',
    model: info.productName || 'Elgato light',
    availability: 'unknown',
    capabilities,
  };
}

export function stateFromLights(value: unknown): StateReport {
  const parsed = Lights.safeParse(value);
  if (!parsed.success) return {};
  const light = parsed.data.lights[0]!;
  const state: StateReport = {};
  if (light.on !== undefined) state.power = light.on === 1;
  if (light.brightness !== undefined) state.brightness = light.brightness;
  if (light.temperature !== undefined) state.colorTemperature = kelvinFromMired(light.temperature);
  if (light.hue !== undefined && light.saturation !== undefined) state.color = { hue: light.hue, saturation: light.saturation };
  return state;
}

/** The body of `PUT /elgato/lights` (python-elgato: temperature and hue/saturation are never combined). */
export function commandToLights(command: Command): { numberOfLights: 1; lights: [Record<string, number>] } | undefined {
  const light: Record<string, number> = {};
  if (command.power !== undefined) light.on = command.power ? 1 : 0;
  if (command.brightness !== undefined) light.brightness = Math.round(command.brightness);
  if (command.color) {
    light.hue = Math.round(command.color.hue * 10) / 10;
    light.saturation = Math.round(command.color.saturation * 10) / 10;
  } else if (command.colorTemperature !== undefined) light.temperature = miredFromKelvin(command.colorTemperature);
  return Object.keys(light).length ? { numberOfLights: 1, lights: [light] } : undefined;
}
