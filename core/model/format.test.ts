import { describe, expect, it } from 'vitest';
import {
  clockText,
  DEFAULT_TEXT_FORMAT,
  formatClockTime,
  formatTimeOfDay,
  resolveTimeFormat,
  temperatureRateText,
  temperatureText,
  textFormatFor,
  unitsForLocale,
} from './format';

describe('clock times', () => {
  it.each<[number, number, string, string]>([
    [0, 0, '00:00', '12:00 AM'],
    [0, 5, '00:05', '12:05 AM'],
    [11, 59, '11:59', '11:59 AM'],
    [12, 0, '12:00', '12:00 PM'],
    [14, 59, '14:59', '2:59 PM'],
    [23, 30, '23:30', '11:30 PM'],
  ])('%i:%i → %s / %s', (h, m, h24, h12) => {
    expect(clockText(h, m, '24h')).toBe(h24);
    expect(clockText(h, m, '12h')).toBe(h12);
    expect(formatClockTime(new Date(2026, 2, 10, h, m, 42).getTime(), '12h')).toBe(h12);
    expect(formatTimeOfDay(h24, '12h')).toBe(h12);
  });

  it('system follows the locale; an explicit choice wins', () => {
    expect(resolveTimeFormat('system', 'en-US')).toBe('12h');
    expect(resolveTimeFormat(undefined, 'de-DE')).toBe('24h');
    expect(resolveTimeFormat('system', 'en-GB')).toBe('24h');
    expect(resolveTimeFormat('24h', 'en-US')).toBe('24h');
    expect(resolveTimeFormat('12h', 'de-DE')).toBe('12h');
    expect(resolveTimeFormat('system', 'not a locale!')).toBe('24h');
    expect(formatTimeOfDay('sunset', '12h')).toBe('sunset');
  });
});

describe('temperatures', () => {
  it.each<[number, string, string, string]>([
    [21, '21 °C', '21.0 °C', '70 °F'],
    [21.5, '21.5 °C', '21.5 °C', '71 °F'],
    [20.04, '20 °C', '20.0 °C', '68 °F'],
    [-0.02, '0 °C', '0.0 °C', '32 °F'],
    [-17.8, '-17.8 °C', '-17.8 °C', '0 °F'],
  ])('%f °C', (c, plain, fixed, f) => {
    expect(temperatureText(c, 'celsius')).toBe(plain);
    expect(temperatureText(c, 'celsius', { fixed: true })).toBe(fixed);
    expect(temperatureText(c, 'fahrenheit')).toBe(f);
  });

  it('rates convert by the factor only', () => {
    expect(temperatureRateText(1.5, 'celsius')).toBe('1.5 °C/h');
    expect(temperatureRateText(1.5, 'fahrenheit')).toBe('2.7 °F/h');
  });
});

describe('textFormatFor', () => {
  it('binds the stored settings', () => {
    const f = textFormatFor({ units: 'fahrenheit', timeFormat: '12h' });
    expect([f.time(new Date(2026, 0, 1, 19, 2).getTime()), f.temperature(21), f.timeOfDay('07:30')]).toEqual([
      '7:02 PM',
      '70 °F',
      '7:30 AM',
    ]);
    expect(DEFAULT_TEXT_FORMAT.time(new Date(2026, 0, 1, 19, 2).getTime())).toBe('19:02');
    expect(textFormatFor({}, 'en-US').timeFormat).toBe('12h');
  });

  it('takes unset units from the locale, as the renderer does from the browser’s, and the setting over both', () => {
    expect(textFormatFor({}, 'en-US').temperature(21)).toBe('70 °F');
    expect(textFormatFor({}, 'en-GB').temperature(21)).toBe('21 °C');
    expect(textFormatFor({ units: 'celsius' }, 'en-US').temperature(21)).toBe('21 °C');
    expect(textFormatFor({ units: 'fahrenheit' }, 'de-DE').temperature(21)).toBe('70 °F');
    expect(unitsForLocale('es-us')).toBe('fahrenheit');
    expect(unitsForLocale('en')).toBe('celsius');
    expect(unitsForLocale('de-DE')).toBe('celsius');
    expect(unitsForLocale('not a tag')).toBe('celsius');
    expect(unitsForLocale(undefined)).toBe('celsius');
  });
});
