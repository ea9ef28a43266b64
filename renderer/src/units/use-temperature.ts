/** Temperatures in the units the store holds: every displayed temperature and every temperature input goes through this. */
import { useMemo } from 'react';
import { useUnits } from '../store/context';
import {
  formatTemperature,
  parseTemperature,
  rangeIn,
  stepTemperature,
  temperatureNumber,
  temperatureSymbol,
  type Units,
} from './temperature';

export type TemperatureFormat = {
  units: Units;
  /** '°C' or '°F'. */
  symbol: string;
  /** °C → "21.0 °C" / "70 °F" ("—" for none). */
  format(celsius: number | null | undefined): string;
  /** °C → the number alone, as an input shows it ('' for none). */
  number(celsius: number | null | undefined): string;
  /** Typed text → °C, or null when it is not a number. */
  parse(text: string): number | null;
  /** A °C range in these units. */
  range(rangeC: { min: number; max: number }): { min: number; max: number };
  /** One stepper press from `celsius`, in the device's `stepC`. */
  step(celsius: number, direction: 1 | -1, stepC: number): number;
};

export function temperatureFormat(units: Units): TemperatureFormat {
  return {
    units,
    symbol: temperatureSymbol(units),
    format: (c) => formatTemperature(c, units),
    number: (c) => temperatureNumber(c, units),
    parse: (text) => parseTemperature(text, units),
    range: (r) => rangeIn(r, units),
    step: (c, direction, stepC) => stepTemperature(c, direction, units, stepC),
  };
}

export function useTemperature(): TemperatureFormat {
  const units = useUnits();
  return useMemo(() => temperatureFormat(units), [units]);
}
