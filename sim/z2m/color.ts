/**
 * Colour conversions the way zigbee-herdsman-converters does them, so a colour set
 * as RGB/hex is reported back as the same CIE xy a real bridge would report
 * (fixture: state-light-after-set-rgb.txt, rgb 100,200,10 → x 0.2717, y 0.6585).
 */

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function gammaCorrect(v: number): number {
  return v > 0.04045 ? ((v + 0.055) / 1.055) ** 2.4 : v / 12.92;
}

export function rgbToXy(r: number, g: number, b: number): { x: number; y: number } {
  const [rr, gg, bb] = [r, g, b].map((c) => gammaCorrect(Math.min(255, Math.max(0, c)) / 255)) as [number, number, number];
  // Wide-gamut RGB D65 → XYZ (Philips' published matrix, used by herdsman).
  const X = rr * 0.664511 + gg * 0.154324 + bb * 0.162028;
  const Y = rr * 0.283881 + gg * 0.668433 + bb * 0.047685;
  const Z = rr * 0.000088 + gg * 0.07231 + bb * 0.986039;
  const sum = X + Y + Z;
  if (sum === 0) return { x: 0, y: 0 };
  return { x: round4(X / sum), y: round4(Y / sum) };
}

export function hexToRgb(hex: string): { r: number; g: number; b: number } | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const n = parseInt(m[1]!, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** HSV (value 1) → RGB, for estimating how much light a coloured bulb gives. */
export function hsToRgb(hue: number, saturation: number): { r: number; g: number; b: number } {
  const h = (((hue % 360) + 360) % 360) / 60;
  const s = Math.min(100, Math.max(0, saturation)) / 100;
  const c = s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = 1 - c;
  const [r1, g1, b1] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return { r: Math.round((r1 + m) * 255), g: Math.round((g1 + m) * 255), b: Math.round((b1 + m) * 255) };
}
