/** How values and times read on a tile. Pure. Temperatures: `units/temperature.ts`. */
import { hsToRgb, kelvinToRgb, type Rgb } from '../../../../core/model/color';

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${Math.round(value)}%`;
}

export function formatNumber(value: number | null | undefined, unit: string, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: maxFractionDigits }).format(value)} ${unit}`;
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
export function kelvinToCss(kelvin: number): string {
  return cssRgb(kelvinToRgb(kelvin));
}

export function kelvinGradient(min: number, max: number): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => `${kelvinToCss(min + (max - min) * f)} ${f * 100}%`);
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}

/** Hue/saturation at full value as CSS: the same colour the hub sends to the light. */
export function hueSatToCss(hue: number, saturation: number): string {
  return cssRgb(hsToRgb({ hue, saturation }));
}

const cssRgb = ({ r, g, b }: Rgb) => `rgb(${r} ${g} ${b})`;
