/**
 * Times and temperatures in words, as the stored settings ask (`timeFormat`, `units`): the one formatter
 * behind the hub's sentences (explanations, logbook messages, room status) and the renderer's displays,
 * so "since 2:59 PM" and a tile's "2:59 PM" always agree. Pure: the locale for `system` is a parameter.
 */
import type { Settings, TemperatureUnit, TimeFormat } from './settings';

const two = (n: number) => String(n).padStart(2, '0');

/** Whether `locale` writes clock times with AM/PM (en-US, en-AU…) or on a 24-hour clock (de, fr, en-GB…). */
export function localeUses12h(locale?: string): boolean {
  try {
    const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    return cycle === 'h11' || cycle === 'h12';
  } catch {
    return false;
  }
}

/** `system` resolved for a locale: 12 or 24 hours. */
export function resolveTimeFormat(format: TimeFormat | undefined, locale?: string): '12h' | '24h' {
  if (format === '12h' || format === '24h') return format;
  return localeUses12h(locale) ? '12h' : '24h';
}

/** Hours and minutes → "14:59" or "2:59 PM" (a plain space before AM/PM, the same in every runtime). */
export function clockText(hours: number, minutes: number, format: '12h' | '24h'): string {
  if (format === '24h') return `${two(hours)}:${two(minutes)}`;
  const h = hours % 12 === 0 ? 12 : hours % 12;
  return `${h}:${two(minutes)} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** Epoch ms → the local clock time ("14:59", "2:59 PM"). */
export function formatClockTime(at: number, format: '12h' | '24h'): string {
  const d = new Date(at);
  return clockText(d.getHours(), d.getMinutes(), format);
}

/** A stored "HH:MM" (curve steps, schedules) as the person reads times ("18:00" → "6:00 PM"); other text as it is. */
export function formatTimeOfDay(hhmm: string, format: '12h' | '24h'): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? clockText(Number(m[1]), Number(m[2]), format) : hhmm;
}

export function celsiusIn(celsius: number, units: TemperatureUnit): number {
  return units === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
}

/**
 * °C → "21 °C", "21.5 °C", "70 °F": °C to a tenth (trailing zero dropped unless `fixed`), °F whole, as thermostats
 * show them. `fixed`: always one decimal in °C ("21.0 °C"), as logbook entries write a setpoint.
 */
export function temperatureText(celsius: number, units: TemperatureUnit, options: { fixed?: boolean } = {}): string {
  const value = celsiusIn(celsius, units);
  if (units === 'fahrenheit') return `${Math.round(value) || 0} °F`;
  const tenth = Math.round(value * 10) / 10 || 0;
  return `${options.fixed ? tenth.toFixed(1) : String(tenth)} °C`;
}

/** A rate of change (°C per hour), in the chosen units ("1.5 °C/h", "2.7 °F/h"). */
export function temperatureRateText(celsiusPerHour: number, units: TemperatureUnit): string {
  const value = units === 'fahrenheit' ? (celsiusPerHour * 9) / 5 : celsiusPerHour;
  return `${value.toFixed(1)} ${units === 'fahrenheit' ? '°F' : '°C'}/h`;
}

/** The settings' formats bound together, for code that builds sentences. */
export interface TextFormat {
  readonly units: TemperatureUnit;
  readonly timeFormat: '12h' | '24h';
  time(at: number): string;
  timeOfDay(hhmm: string): string;
  temperature(celsius: number, options?: { fixed?: boolean }): string;
  rate(celsiusPerHour: number): string;
}

export function textFormat(units: TemperatureUnit, timeFormat: '12h' | '24h'): TextFormat {
  return {
    units,
    timeFormat,
    time: (at) => formatClockTime(at, timeFormat),
    timeOfDay: (hhmm) => formatTimeOfDay(hhmm, timeFormat),
    temperature: (celsius, options) => temperatureText(celsius, units, options),
    rate: (cph) => temperatureRateText(cph, units),
  };
}

/** Regions that read temperatures in °F (the US and its territories, and a few neighbours). */
const FAHRENHEIT_REGIONS = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM', 'BS', 'BZ', 'KY', 'LR', 'PW', 'FM', 'MH']);

/** The units a locale reads temperatures in, from its region ("en-US" → °F; "en", "de-DE", none → °C). */
export function unitsForLocale(locale: string | undefined): TemperatureUnit {
  if (!locale) return 'celsius';
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).region;
  } catch {
    region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(locale)?.[1];
  }
  return region && FAHRENHEIT_REGIONS.has(region.toUpperCase()) ? 'fahrenheit' : 'celsius';
}

/** The runtime's own locale (the hub's: its environment's; a browser's: its language). */
function runtimeLocale(): string | undefined {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

/**
 * The format the stored settings ask for. Unset units and `system` time follow `locale` (default: the runtime's), as
 * the renderer does with the browser's: on one machine (the app, a browser beside the hub) sentences and tiles agree.
 */
export function textFormatFor(settings: Pick<Settings, 'units' | 'timeFormat'>, locale = runtimeLocale()): TextFormat {
  return textFormat(settings.units ?? unitsForLocale(locale), resolveTimeFormat(settings.timeFormat, locale));
}

/** What sentences use until settings say otherwise (and in tests): 24-hour times and °C. */
export const DEFAULT_TEXT_FORMAT: TextFormat = textFormat('celsius', '24h');
