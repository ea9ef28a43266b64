/**
 * The one place the renderer turns °C (what the hub stores and devices report) into what a person
 * reads and types, and back. Pure: the chosen `Units` comes from the store (`useTemperature`).
 */
export const UNITS = ['celsius', 'fahrenheit'] as const;
export type Units = (typeof UNITS)[number];

export function temperatureSymbol(units: Units): '°C' | '°F' {
  return units === 'fahrenheit' ? '°F' : '°C';
}

/** °C → the number shown in `units`. */
export function fromCelsius(celsius: number, units: Units): number {
  return units === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
}

/** A number in `units` → °C. */
export function toCelsius(value: number, units: Units): number {
  return units === 'fahrenheit' ? ((value - 32) * 5) / 9 : value;
}

/** Digits after the point: thermostats and forecasts show whole °F, and °C to a tenth. */
function digits(units: Units): number {
  return units === 'fahrenheit' ? 0 : 1;
}

/** The number as shown, without the unit ("21.0", "70"); '' for no value. */
export function temperatureNumber(celsius: number | null | undefined, units: Units): string {
  if (celsius === null || celsius === undefined || !Number.isFinite(celsius)) return '';
  const rounded = Number(fromCelsius(celsius, units).toFixed(digits(units)));
  return (rounded === 0 ? 0 : rounded).toFixed(digits(units)); // never '-0'
}

/** "21.0 °C", "70 °F", "—" for no value. */
export function formatTemperature(celsius: number | null | undefined, units: Units): string {
  const number = temperatureNumber(celsius, units);
  return number ? `${number} ${temperatureSymbol(units)}` : '—';
}

/**
 * What a person typed in `units` → °C to a tenth, or null when it is not a number (empty included).
 * A comma is taken as the decimal point ("21,5").
 */
export function parseTemperature(text: string, units: Units): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(clean)) return null;
  return Math.round(toCelsius(Number(clean), units) * 10) / 10;
}

/** A °C range as whole or tenth numbers in `units`, for input attributes and messages ("between 41 and 86 °F"). */
export function rangeIn(range: { min: number; max: number }, units: Units): { min: number; max: number } {
  const f = 10 ** digits(units);
  return {
    min: Math.ceil(fromCelsius(range.min, units) * f - 1e-9) / f,
    max: Math.floor(fromCelsius(range.max, units) * f + 1e-9) / f,
  };
}

function roundTo(value: number, step: number): number {
  return Math.round(Math.round(value / step) * step * 1000) / 1000;
}

/**
 * One press of a setpoint stepper: in °C one device step; in °F one degree as shown, rounded to
 * what the device accepts (`stepC`, usually 0.5 °C) — and at least one device step, so a coarse
 * device still moves.
 */
export function stepTemperature(celsius: number, direction: 1 | -1, units: Units, stepC: number): number {
  const oneStep = roundTo(celsius + direction * stepC, stepC);
  if (units === 'celsius') return oneStep;
  const shown = Math.round(fromCelsius(celsius, units));
  const next = roundTo(toCelsius(shown + direction, units), stepC);
  return direction * (next - celsius) > 1e-9 ? next : oneStep;
}

/**
 * A temperature as a form holds it: the text shown or typed, and — while the text is as it was
 * shown — the °C it was made from, so saving an untouched field never drifts by a rounding.
 */
export type TemperatureDraft = { text: string; celsius?: number };

export function temperatureDraft(celsius: number | null | undefined, units: Units): TemperatureDraft {
  const shown = temperatureNumber(celsius, units);
  const text = shown && String(Number(shown)); // an input shows '24', not '24.0'
  return text && celsius !== null && celsius !== undefined ? { text, celsius } : { text };
}

/** °C, or null when the text is not a number. */
export function readTemperature(draft: TemperatureDraft, units: Units): number | null {
  return draft.celsius ?? parseTemperature(draft.text, units);
}
