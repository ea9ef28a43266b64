/**
 * What zigbee2mqtt reports after an RGB or hex `/set`: zigbee-herdsman-converters turns RGB into
 * CIE xy with Philips' "wide gamut RGB D65" matrix (lib/color.ts), not with sRGB's, so
 * rgb 100,200,10 comes back as x 0.2717, y 0.6585 (recording state-light-after-set-rgb.txt).
 * The simulator reproduces that wire behaviour; it is the bridge's quirk, not our meaning of RGB,
 * which is sRGB in core/model/color.ts. The transfer function is sRGB's in both (culori's).
 */
import { convertRgbToLrgb } from 'culori/fn';
import type { Rgb, Xy } from '../../core/model/color';

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

export function herdsmanRgbToXy({ r, g, b }: Rgb): Xy {
  const c = (v: number) => Math.min(255, Math.max(0, v)) / 255;
  const lin = convertRgbToLrgb({ r: c(r), g: c(g), b: c(b) });
  const X = lin.r * 0.664511 + lin.g * 0.154324 + lin.b * 0.162028;
  const Y = lin.r * 0.283881 + lin.g * 0.668433 + lin.b * 0.047685;
  const Z = lin.r * 0.000088 + lin.g * 0.07231 + lin.b * 0.986039;
  const sum = X + Y + Z;
  // Black has no chromaticity (herdsman would divide by zero): reported as 0, 0.
  return sum === 0 ? { x: 0, y: 0 } : { x: round4(X / sum), y: round4(Y / sum) };
}
