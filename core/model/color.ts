/**
 * Colour, one meaning everywhere: the hub's integrations, the simulator and the UI all convert
 * through this module, so "2700 K" and "hue 30°" are the same colour on every path.
 *
 * - Our model is {hue 0–360, saturation 0–100} at full value (brightness is its own capability)
 *   and colour temperature in kelvin.
 * - RGB is sRGB (IEC 61966-2-1, D65), 8-bit per channel on the wire. HSV ↔ sRGB ↔ linear sRGB ↔
 *   CIE XYZ (D65) come from culori; CIE xy is XYZ's chromaticity.
 * - Colour temperature is not in culori: kelvin → xy follows the Planckian locus with the cubic
 *   spline of Kim et al. (2002, "Design of Advanced Color Temperature Control System for HDTV
 *   Applications"; valid 1667–25000 K), xy → kelvin is McCamy's cubic (1992, "Correlated color
 *   temperature as an explicit function of chromaticity coordinates"; ±2 K over 2856–6504 K).
 *
 * Pure and DOM/Node-free (the renderer imports it). Inputs from devices are clamped, so nonsense
 * (zigbee2mqtt test fixtures send x = 100) never yields NaN.
 */
import {
  convertHsvToRgb,
  convertLrgbToRgb,
  convertRgbToHsv,
  convertRgbToLrgb,
  convertRgbToXyz65,
  convertXyz65ToRgb,
  parseHex,
} from 'culori/fn';
import type { HueSaturation } from './capabilities';

/** sRGB, 0–255 per channel. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}
/** CIE 1931 chromaticity. */
export interface Xy {
  x: number;
  y: number;
}

/** The sRGB white point. */
export const D65: Xy = { x: 0.3127, y: 0.329 };
/** The range of the Kim et al. spline; kelvin outside it is clamped onto it. */
export const KELVIN_RANGE = { min: 1667, max: 25_000 } as const;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const finite = (v: number, fallback = 0) => (Number.isFinite(v) ? v : fallback);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
/** xy as devices take it: four decimals (zigbee2mqtt and Hue CLIP v2 both report 4). */
const roundXy = ({ x, y }: Xy): Xy => ({ x: round(x, 4), y: round(y, 4) });

/** rgb 0–255 → hue/saturation (the value is dropped: brightness is a separate capability). */
export function rgbToHs({ r, g, b }: Rgb): HueSaturation {
  const c = (v: number) => clamp(finite(v), 0, 255) / 255;
  const { h, s } = convertRgbToHsv({ r: c(r), g: c(g), b: c(b) });
  return { hue: round(clamp(h ?? 0, 0, 360), 1), saturation: round(clamp(s * 100, 0, 100), 1) };
}

/** hue/saturation at full value → rgb 0–255. */
export function hsToRgb({ hue, saturation }: HueSaturation): Rgb {
  const h = ((finite(hue) % 360) + 360) % 360;
  const { r, g, b } = convertHsvToRgb({ h, s: clamp(finite(saturation), 0, 100) / 100, v: 1 });
  return to8bit({ r, g, b });
}

/** sRGB → xy (black, which has no chromaticity, reads as the white point). */
export function rgbToXy({ r, g, b }: Rgb): Xy {
  const c = (v: number) => clamp(finite(v), 0, 255) / 255;
  const { x: X, y: Y, z: Z } = convertRgbToXyz65({ r: c(r), g: c(g), b: c(b) });
  const sum = X + Y + Z;
  return sum > 0 ? roundXy({ x: X / sum, y: Y / sum }) : { ...D65 };
}

/**
 * xy → sRGB at the brightest it can be (the largest channel 255). A chromaticity outside the
 * sRGB gamut comes back as the nearest colour sRGB can show (negative channels cut to 0).
 */
export function xyToRgb({ x, y }: Xy): Rgb {
  const cx = clamp(finite(x), 0, 1);
  const cy = clamp(finite(y), 0.0001, 1);
  const rgb = convertXyz65ToRgb({ x: cx / cy, y: 1, z: Math.max(0, (1 - cx - cy) / cy) });
  // Scale in linear light, where it is physical; gamma-encoded values would shift the hue.
  const lin = convertRgbToLrgb(rgb);
  const [lr, lg, lb] = [lin.r, lin.g, lin.b].map((v) => Math.max(0, finite(v)));
  const max = Math.max(lr!, lg!, lb!, 1e-9);
  const out = convertLrgbToRgb({ r: lr! / max, g: lg! / max, b: lb! / max });
  return to8bit(out);
}

export function hsToXy(hs: HueSaturation): Xy {
  const h = ((finite(hs.hue) % 360) + 360) % 360;
  const { r, g, b } = convertHsvToRgb({ h, s: clamp(finite(hs.saturation), 0, 100) / 100, v: 1 });
  const { x: X, y: Y, z: Z } = convertRgbToXyz65({ r, g, b });
  const sum = X + Y + Z;
  return sum > 0 ? roundXy({ x: X / sum, y: Y / sum }) : { ...D65 };
}

export function xyToHs(xy: Xy): HueSaturation {
  return rgbToHs(xyToRgb(xy));
}

/** Black-body colour temperature → xy on the Planckian locus (Kim et al. 2002 cubic spline). */
export function kelvinToXy(kelvin: number): Xy {
  const t = clamp(finite(kelvin, 6500), KELVIN_RANGE.min, KELVIN_RANGE.max);
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.2343589e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  const y =
    t <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return roundXy({ x, y });
}

/** xy → correlated colour temperature in kelvin (McCamy 1992), clamped to KELVIN_RANGE. */
export function xyToKelvin({ x, y }: Xy): number {
  const n = (finite(x) - 0.332) / (finite(y) - 0.1858 || 1e-9);
  const cct = -449 * n ** 3 + 3525 * n ** 2 - 6823.3 * n + 5520.33;
  return Math.round(clamp(finite(cct, KELVIN_RANGE.max), KELVIN_RANGE.min, KELVIN_RANGE.max));
}

/** How a colour temperature looks on an sRGB screen (brightest channel 255). */
export function kelvinToRgb(kelvin: number): Rgb {
  return xyToRgb(kelvinToXy(kelvin));
}

/** Mireds (micro reciprocal degrees: zigbee2mqtt `color_temp`, Hue `mirek`, Elgato) ↔ kelvin, rounded. */
export const miredToKelvin = (mired: number): number => Math.round(1e6 / mired);
export const kelvinToMired = (kelvin: number): number => Math.round(1e6 / kelvin);

/** "#rrggbb" (or "rrggbb", "#rgb") → rgb; undefined for anything else. */
export function hexToRgb(hex: string): Rgb | undefined {
  const text = hex.trim();
  const parsed = parseHex(text.startsWith('#') ? text : `#${text}`);
  return parsed && parsed.alpha === undefined ? to8bit(parsed) : undefined;
}

function to8bit({ r, g, b }: { r: number; g: number; b: number }): Rgb {
  const c = (v: number) => Math.round(clamp(finite(v), 0, 1) * 255);
  return { r: c(r), g: c(g), b: c(b) };
}
