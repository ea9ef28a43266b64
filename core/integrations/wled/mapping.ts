/**
 * WLED ↔ the common model, pure (kno.wled.ge JSON API): `/json/info` → candidate and
 * capabilities, `/json/state` → state, command → one `POST /json/state` body.
 */
import { z } from 'zod';
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Capabilities, Command, CommandOptions } from '../../model';
import type { DeviceDescription, StateReport } from '../integration';
import { hsToRgb, rgbToHs } from '../../model/color';

export const WLED = 'wled';
/** `seg[].cct` 0–255 spans these kelvin (WLED accepts kelvin 1900–10091 directly). */
export const KELVIN_MIN = 1900;
export const KELVIN_MAX = 10091;

export const Info = z.object({
  ver: z.string().max(50).optional(),
  name: z.string().max(500).optional(),
  mac: z.string().regex(/^[0-9a-fA-F]{12}$/),
  brand: z.string().max(50).optional(),
  product: z.string().max(50).optional(),
  arch: z.string().max(50).optional(),
  leds: z
    .object({ count: z.number().optional(), lc: z.number().int().optional(), cct: z.union([z.boolean(), z.number()]).optional() })
    .partial()
    .optional(),
});
export type Info = z.infer<typeof Info>;

const Segment = z.object({
  id: z.number().optional(),
  on: z.boolean().optional(),
  col: z.array(z.array(z.number())).optional(),
  cct: z.number().optional(),
});
export const State = z.object({
  on: z.boolean().optional(),
  bri: z.number().min(0).max(255).optional(),
  seg: z.array(Segment).optional(),
});
export type State = z.infer<typeof State>;

export function model(info: Info): string {
  return [info.brand ?? 'WLED', info.ver, info.arch ? `(${info.arch})` : ''].filter(Boolean).join(' ');
}

export function candidateFromInfo(info: Info, host: string, port: number): Candidate {
  return {
    integration: WLED,
    uniqueId: info.mac.toLowerCase(),
    kind: 'light',
    name: info.name || 'WLED',
    manufacturer: 'WLED',
    model: model(info),
    host,
    port,
    needsPairing: false,
  };
}

/** `_wled._tcp` with TXT `mac` (wled00/wled.cpp). */
export function claimService(service: DiscoveredService): Candidate | undefined {
  if (service.type !== 'wled') return undefined;
  const mac = service.txt.mac?.toLowerCase();
  const host = service.addresses[0];
  if (!mac || !/^[0-9a-f]{12}$/.test(mac) || !host) return undefined;
  return {
    integration: WLED,
    uniqueId: mac,
    kind: 'light',
    name: service.name || 'WLED',
    manufacturer: 'WLED',
    model: 'WLED',
    host,
    port: service.port,
    needsPairing: false,
  };
}

/** Light capabilities (`leds.lc`): bit 0 RGB, bit 2 white-balance (CCT). */
function lightCapabilities(info: Info): { rgb: boolean; cct: boolean } {
  const lc = info.leds?.lc ?? 1;
  return { rgb: (lc & 1) === 1, cct: (lc & 4) === 4 || info.leds?.cct === true || info.leds?.cct === 1 };
}

export function describe(info: Info): DeviceDescription {
  const { rgb, cct } = lightCapabilities(info);
  const capabilities: Capabilities = {
    power: { value: null, writable: true },
    brightness: { value: null, writable: true, min: 0, max: 100, unit: '%' },
  };
  if (rgb) capabilities.color = { value: null, writable: true };
  if (cct) capabilities.colorTemperature = { value: null, writable: true, min: KELVIN_MIN, max: KELVIN_MAX, unit: 'K' };
  return {
    id: `${WLED}:${info.mac.toLowerCase()}`,
    name: info.name || 'WLED',
    kind: 'light',
    integration: WLED,
    manufacturer: 'WLED',
    model: model(info),
    availability: 'unknown',
    capabilities,
  };
}

export function stateFromJson(state: unknown, info: Info): StateReport {
  const parsed = State.safeParse(state);
  if (!parsed.success) return {};
  const { rgb, cct } = lightCapabilities(info);
  const report: StateReport = {};
  const s = parsed.data;
  if (s.on !== undefined) report.power = s.on;
  if (s.bri !== undefined) report.brightness = Math.round((s.bri / 255) * 1000) / 10;
  const seg = s.seg?.[0];
  const first = seg?.col?.[0];
  if (rgb && first && first.length >= 3) report.color = rgbToHs({ r: first[0]!, g: first[1]!, b: first[2]! });
  if (cct && seg?.cct !== undefined) {
    const k =
      seg.cct >= KELVIN_MIN ? seg.cct : KELVIN_MIN + (Math.min(255, Math.max(0, seg.cct)) / 255) * (KELVIN_MAX - KELVIN_MIN);
    report.colorTemperature = Math.round(k);
  }
  return report;
}

/** One `POST /json/state` body with absolute values (never `"t"` toggles: resending is safe). */
export function commandToState(command: Command, options: CommandOptions = {}): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (command.power !== undefined) body.on = command.power;
  if (command.brightness !== undefined) body.bri = Math.round((command.brightness / 100) * 255);
  const seg: Record<string, unknown> = {};
  if (command.color) {
    const { r, g, b } = hsToRgb(command.color);
    seg.col = [[r, g, b]];
  }
  if (command.colorTemperature !== undefined)
    seg.cct = Math.round(Math.min(KELVIN_MAX, Math.max(KELVIN_MIN, command.colorTemperature)));
  if (Object.keys(seg).length) body.seg = [{ id: 0, ...seg }];
  if (Object.keys(body).length === 0) return undefined;
  // `tt`: this call's transition in tenths of a second (`transition` would change the default for later ones).
  if (options.transitionS !== undefined) body.tt = Math.min(65_535, Math.round(options.transitionS * 10));
  return body;
}
