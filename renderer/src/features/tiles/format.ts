/** How values and times read on a tile. Pure. Temperatures: `units/temperature.ts`. */
import { hsToRgb, kelvinToRgb, type Rgb } from '../../../../core/model/color';

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${Math.round(value)}%`;
}

// One formatter per precision: building an Intl.NumberFormat per reading cost more than the tile's render.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, unit: string, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  let format = numberFormats.get(maxFractionDigits);
  if (!format)
    numberFormats.set(
      maxFractionDigits,
      (format = new Intl.NumberFormat(undefined, { maximumFractionDigits: maxFractionDigits })),
    );
  return `${format.format(value)} ${unit}`;
}

const rtf = typeof Intl !== 'undefined' ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

/** "just now", "5 minutes ago", "2 hours ago", "yesterday". */
export function formatRelative(at: number, now: number = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (!rtf) return new Date(at).toLocaleString();
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** A colour temperature as CSS (for the warm → cool track and the icon glow), as core/model/color sees it. */
// Colour maths (culori) per light per render was the dashboard's largest script cost at two thousand
// devices; a light's range and a kelvin value repeat, so each answer is kept (bounded by distinct inputs).
const kelvinCss = new Map<number, string>();
const gradients = new Map<string, string>();
const MAX_CACHED = 20_000;

export function kelvinToCss(kelvin: number): string {
  let css = kelvinCss.get(kelvin);
  if (css === undefined) {
    css = cssRgb(kelvinToRgb(kelvin));
    if (kelvinCss.size < MAX_CACHED) kelvinCss.set(kelvin, css);
  }
  return css;
}

export function kelvinGradient(min: number, max: number): string {
  const key = `${min}:${max}`;
  let gradient = gradients.get(key);
  if (gradient === undefined) {
    const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => `${kelvinToCss(min + (max - min) * f)} ${f * 100}%`);
    gradient = `linear-gradient(90deg, ${stops.join(', ')})`;
    if (gradients.size < MAX_CACHED) gradients.set(key, gradient);
  }
  return gradient;
}

/** Hue/saturation at full value as CSS: the same colour the hub sends to the light. */
export function hueSatToCss(hue: number, saturation: number): string {
  return cssRgb(hsToRgb({ hue, saturation }));
}

const cssRgb = ({ r, g, b }: Rgb) => `rgb(${r} ${g} ${b})`;
