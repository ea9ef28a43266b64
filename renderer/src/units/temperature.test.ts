import { describe, expect, it } from 'vitest';
import { formatTemperature, fromCelsius, parseTemperature, rangeIn, stepTemperature, temperatureNumber } from './temperature';

describe('temperatures', () => {
  it('formats °C to a tenth and °F to whole degrees', () => {
    expect(formatTemperature(20, 'celsius')).toBe('20.0 °C');
    expect(formatTemperature(20, 'fahrenheit')).toBe('68 °F');
    expect(formatTemperature(21.04, 'fahrenheit')).toBe('70 °F');
    expect(formatTemperature(-17.8, 'fahrenheit')).toBe('0 °F');
    expect(formatTemperature(-0.01, 'celsius')).toBe('0.0 °C');
    expect(formatTemperature(null, 'fahrenheit')).toBe('—');
    expect(formatTemperature(Number.NaN, 'celsius')).toBe('—');
    expect(temperatureNumber(undefined, 'celsius')).toBe('');
  });

  it('parses what a person types back to °C, and nothing else', () => {
    expect(parseTemperature('70', 'fahrenheit')).toBe(21.1);
    expect(parseTemperature(' 21,5 ', 'celsius')).toBe(21.5);
    expect(parseTemperature('-4', 'fahrenheit')).toBe(-20);
    for (const text of ['', '  ', 'abc', '21 °C', '1e3', '--1', '.']) expect(parseTemperature(text, 'celsius')).toBeNull();
  });

  it('shows a °C range in the person’s units without leaving it', () => {
    expect(rangeIn({ min: 5, max: 30 }, 'fahrenheit')).toEqual({ min: 41, max: 86 });
    expect(rangeIn({ min: 3, max: 12 }, 'fahrenheit')).toEqual({ min: 38, max: 53 });
    expect(rangeIn({ min: 3, max: 12 }, 'celsius')).toEqual({ min: 3, max: 12 });
  });

  it('steps one shown °F at a time, in the half degrees Celsius a thermostat accepts', () => {
    let c = 20;
    const shown: string[] = [];
    for (let i = 0; i < 10; i++) {
      c = stepTemperature(c, 1, 'fahrenheit', 0.5);
      expect(c * 2).toBe(Math.round(c * 2));
      shown.push(temperatureNumber(c, 'fahrenheit'));
    }
    expect(shown).toEqual(['69', '70', '71', '72', '73', '74', '75', '76', '77', '78']);
    expect(stepTemperature(20, -1, 'fahrenheit', 0.5)).toBe(19.5); // 67 °F
    expect(stepTemperature(20, 1, 'celsius', 0.5)).toBe(20.5);
    // A device that only takes whole degrees still moves on every press.
    expect(stepTemperature(20, 1, 'fahrenheit', 2)).toBe(22);
    expect(fromCelsius(stepTemperature(21, 1, 'fahrenheit', 1), 'fahrenheit')).toBeGreaterThan(fromCelsius(21, 'fahrenheit'));
  });
});
