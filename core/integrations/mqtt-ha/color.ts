/**
 * Colour conversions between our {hue, saturation} and what lights report (xy, rgb, hs).
 * Written by hand because no colour library is installed; formulas:
 *  - HSV ↔ RGB: the standard hexcone model (Smith 1978, "Color gamut transform pairs").
 *  - sRGB ↔ CIE XYZ: the sRGB D65 matrices and transfer function of IEC 61966-2-1
 *    (as tabulated by Bruce Lindbloom, "RGB/XYZ Matrices"); xy is XYZ's chromaticity.
 * Results are clamped, so nonsense input (z2m test fixtures send x=100) never yields NaN.
 */
import type { HueSaturation } from '../../model';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}
export interface Xy {
  x: number;
  y: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** rgb 0–255 → hue 0–360, saturation 0–100 (brightness is a separate capability, so V is dropped). */
export function rgbToHs({ r, g, b }: Rgb): HueSaturation {
  const [R, G, B] = [r, g, b].map((c) => clamp(Number.isFinite(c) ? c : 0, 0, 255) / 255) as [number, number, number];
  const max = Math.max(R, G, B);
  const delta = max - Math.min(R, G, B);
  let hue = 0;
  if (delta > 0) {
    if (max === R) hue = 60 * (((G - B) / delta) % 6);
    else if (max === G) hue = 60 * ((B - R) / delta + 2);
    else hue = 60 * ((R - G) / delta + 4);
  }
  if (hue < 0) hue += 360;
  return { hue: round(clamp(hue, 0, 360), 1), saturation: round(max === 0 ? 0 : (delta / max) * 100, 1) };
}

/** hue/saturation at full value → rgb 0–255. */
export function hsToRgb({ hue, saturation }: HueSaturation): Rgb {
  const s = clamp(saturation, 0, 100) / 100;
  const h = ((hue % 360) + 360) % 360;
  const c = s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = 1 - c;
  const [r, g, b] =
    h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return { r: Math.round((r + m) * 255), g: Math.round((g + m) * 255), b: Math.round((b + m) * 255) };
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

export function hsToXy(hs: HueSaturation): Xy {
  const { r, g, b } = hsToRgb(hs);
  const [R, G, B] = [r, g, b].map((c) => toLinear(c / 255)) as [number, number, number];
  const X = 0.4124564 * R + 0.3575761 * G + 0.1804375 * B;
  const Y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const Z = 0.0193339 * R + 0.119192 * G + 0.9503041 * B;
  const sum = X + Y + Z;
  if (sum === 0) return { x: 0.3127, y: 0.329 }; // D65 white point
  return { x: round(X / sum, 4), y: round(Y / sum, 4) };
}

export function xyToHs({ x, y }: Xy): HueSaturation {
  const cx = clamp(Number.isFinite(x) ? x : 0, 0, 1);
  const cy = clamp(Number.isFinite(y) ? y : 0, 0.0001, 1);
  const X = cx / cy;
  const Z = Math.max(0, (1 - cx - cy) / cy);
  const lin = [
    3.2404542 * X - 1.5371385 - 0.4985314 * Z,
    -0.969266 * X + 1.8760108 + 0.041556 * Z,
    0.0556434 * X - 0.2040259 + 1.0572252 * Z,
  ].map((c) => Math.max(0, c));
  const max = Math.max(...lin, 1e-9);
  const [r, g, b] = lin.map((c) => clamp(fromLinear(c / max), 0, 1) * 255) as [number, number, number];
  return rgbToHs({ r, g, b });
}
