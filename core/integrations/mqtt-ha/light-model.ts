/**
 * `light` shared rules: which capabilities a config provides, and the unit conversions
 * (brightness scale ↔ %, mireds/kelvin ↔ kelvin) both schemas use.
 */
import type { Capabilities } from '../../model';
import { CAPABILITY_UNITS } from '../../model';
import { kelvinToMired, miredToKelvin } from '../../model/color';
import { invalid, tidy } from './entity';
import type { LightConfig } from './schemas';

export type ColorFormat = 'hs' | 'xy' | 'rgb';

export interface LightModel {
  brightness: boolean;
  colorTemp: boolean;
  /** The format commands use for colour, preferring hs (lossless for our model), then xy, then rgb. */
  color: ColorFormat | undefined;
  /** Colour temperature range, in the device's own unit and in kelvin. */
  range: { kelvinMode: boolean; min: number; max: number; minK: number; maxK: number };
}

const HA_DEFAULT = { minMireds: 153, maxMireds: 500, minKelvin: 2000, maxKelvin: 6535 };

export function colorTempRange(c: LightConfig): LightModel['range'] {
  if (c.color_temp_kelvin) {
    const min = c.min_kelvin ?? HA_DEFAULT.minKelvin;
    const max = c.max_kelvin ?? HA_DEFAULT.maxKelvin;
    return { kelvinMode: true, min, max, minK: min, maxK: max };
  }
  const min = c.min_mireds ?? HA_DEFAULT.minMireds;
  const max = c.max_mireds ?? HA_DEFAULT.maxMireds;
  // Kelvin bounds rounded inwards so any kelvin in range converts to a mired value in range.
  return { kelvinMode: false, min, max, minK: Math.ceil(1e6 / max), maxK: Math.floor(1e6 / min) };
}

export function lightModel(c: LightConfig): LightModel {
  if (c.schema === 'json') {
    const modes = new Set<string>(c.supported_color_modes ?? []);
    if (c.color_temp) modes.add('color_temp');
    if (c.hs) modes.add('hs');
    if (c.xy) modes.add('xy');
    if (c.rgb) modes.add('rgb');
    const color: ColorFormat | undefined = modes.has('hs')
      ? 'hs'
      : modes.has('xy')
        ? 'xy'
        : ['rgb', 'rgbw', 'rgbww'].some((m) => modes.has(m))
          ? 'rgb'
          : undefined;
    const brightness = c.brightness || [...modes].some((m) => m !== 'onoff');
    return { brightness, colorTemp: modes.has('color_temp'), color, range: colorTempRange(c) };
  }
  const color: ColorFormat | undefined = c.hs_command_topic
    ? 'hs'
    : c.xy_command_topic
      ? 'xy'
      : c.rgb_command_topic
        ? 'rgb'
        : undefined;
  return { brightness: !!c.brightness_command_topic, colorTemp: !!c.color_temp_command_topic, color, range: colorTempRange(c) };
}

export function lightCapabilities(m: LightModel): Capabilities {
  const caps: Capabilities = { power: { value: null, writable: true } };
  if (m.brightness)
    caps.brightness = { value: null, writable: true, min: 0, max: 100, step: 1, unit: CAPABILITY_UNITS.brightness };
  if (m.colorTemp)
    caps.colorTemperature = {
      value: null,
      writable: true,
      min: m.range.minK,
      max: m.range.maxK,
      unit: CAPABILITY_UNITS.colorTemperature,
    };
  if (m.color) caps.color = { value: null, writable: true };
  return caps;
}

/** Device brightness (0…scale) → 0–100 %. */
export function brightnessToPercent(v: number, scale: number): number {
  return Math.min(100, Math.max(0, Math.round((v / scale) * 100)));
}

/** 1–100 % → device brightness; never 0 (that would mean off, which is `power`). */
export function percentToBrightness(p: number, scale: number): number {
  return Math.max(1, Math.round((p * scale) / 100));
}

/** Reported colour temperature (mireds, or kelvin with color_temp_kelvin) → kelvin. */
export function colorTempToKelvin(v: number, range: LightModel['range']): number | null {
  if (!(v > 0)) return null;
  return range.kelvinMode ? Math.round(v) : miredToKelvin(v);
}

/** Kelvin → the device's unit, rejecting values outside its range. */
export function kelvinToColorTemp(k: number, range: LightModel['range']): number {
  const v = range.kelvinMode ? Math.round(k) : kelvinToMired(k);
  if (tidy(v) < range.min || tidy(v) > range.max)
    invalid(`Colour temperature ${k} K is outside this light's range ${range.minK}–${range.maxK} K`);
  return v;
}
