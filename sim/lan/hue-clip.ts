/**
 * Applying a CLIP v2 `PUT /clip/v2/resource/light/<id>` (or grouped_light) body to a
 * resource: `on.on`, `dimming.brightness` (percent), `color_temperature.mirek`, `color.xy`.
 * Returns the changed fields (for the eventstream) or an error description for a 400.
 */
import { isObject } from './http';
import { kelvinToXy, miredToKelvin } from '../../core/model/color';
import type { Resource } from './hue-resources';

export type PutResult = { ok: true; changed: Record<string, unknown> } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** All-or-nothing, like the bridge: a body with one bad field changes nothing. */
export function applyLightPut(light: Resource, body: unknown): PutResult {
  const draft = structuredClone(light);
  const result = applyTo(draft, body);
  if (result.ok) Object.assign(light, draft);
  return result;
}

function applyTo(light: Resource, body: unknown): PutResult {
  if (!isObject(body)) return { ok: false, error: 'body contains invalid json' };
  const changed: Obj = {};
  const on = body.on;
  if (on !== undefined) {
    if (!isObject(on) || typeof on.on !== 'boolean') return invalid('on.on');
    (light.on as Obj).on = on.on;
    changed.on = { on: on.on };
  }
  const dimming = body.dimming;
  if (dimming !== undefined) {
    const b = isObject(dimming) ? dimming.brightness : undefined;
    if (typeof b !== 'number' || b < 0 || b > 100) return invalid('dimming.brightness');
    const d = light.dimming as Obj;
    // 0 is not "off": the bulb goes to its lowest level (CLIP v2 docs: brightness 0 → min_dim_level).
    d.brightness = round2(Math.max(b, typeof d.min_dim_level === 'number' ? d.min_dim_level : 0));
    changed.dimming = { brightness: d.brightness };
  }
  const ct = body.color_temperature;
  if (ct !== undefined) {
    const schema = (light.color_temperature as Obj)?.mirek_schema as Obj | undefined;
    const mirek = isObject(ct) ? ct.mirek : undefined;
    if (
      !schema ||
      typeof mirek !== 'number' ||
      !Number.isInteger(mirek) ||
      mirek < (schema.mirek_minimum as number) ||
      mirek > (schema.mirek_maximum as number)
    ) {
      return invalid('color_temperature.mirek');
    }
    light.color_temperature = { ...(light.color_temperature as Obj), mirek, mirek_valid: true };
    changed.color_temperature = { mirek, mirek_valid: true };
    if (isObject(light.color)) {
      light.color.xy = kelvinToXy(miredToKelvin(mirek)); // a real bridge keeps xy on the locus in colour-temperature mode
      changed.color = { xy: light.color.xy };
    }
  }
  const color = body.color;
  if (color !== undefined) {
    const xy = isObject(color) ? color.xy : undefined;
    if (!isObject(light.color) || !isObject(xy) || !inUnit(xy.x) || !inUnit(xy.y)) return invalid('color.xy');
    light.color.xy = { x: xy.x, y: xy.y };
    // A colour leaves the white-spectrum: the bridge reports mirek null / mirek_valid false.
    light.color_temperature = { ...(light.color_temperature as Obj), mirek: null, mirek_valid: false };
    changed.color = { xy: light.color.xy };
    changed.color_temperature = { mirek: null, mirek_valid: false };
  }
  return { ok: true, changed };
}

const inUnit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const invalid = (field: string): PutResult => ({ ok: false, error: `invalid value for ${field}` });
