import { describe, expect, it } from 'vitest';
import { clockFormat } from './time';

const at = (h: number, m: number, s = 0, day = 10) => new Date(2026, 2, day, h, m, s).getTime();

describe('clockFormat', () => {
  it('writes 12- and 24-hour times the same way everywhere', () => {
    const h12 = clockFormat('12h', 'en-US');
    const h24 = clockFormat('24h', 'en-US');
    expect([h12.time(at(14, 59)), h24.time(at(14, 59))]).toEqual(['2:59 PM', '14:59']);
    expect([h12.timeWithSeconds(at(9, 5, 7)), h24.timeWithSeconds(at(9, 5, 7))]).toEqual(['9:05:07 AM', '09:05:07']);
    expect(h12.time(at(0, 30))).toBe('12:30 AM');
  });

  it('follows the locale when set to system', () => {
    expect(clockFormat('system', 'en-US').hours).toBe('12h');
    expect(clockFormat('system', 'de-DE').hours).toBe('24h');
    expect(clockFormat(undefined, 'fr-FR').time(at(14, 59))).toBe('14:59');
  });

  it('adds the day when it is not today', () => {
    const f = clockFormat('24h', 'en-US');
    expect(f.withDay(at(14, 59), at(20, 0))).toBe('14:59');
    expect(f.withDay(at(14, 59, 0, 9), at(20, 0))).toBe('Mon 14:59');
    expect(f.withDay(at(14, 59, 0, 1), at(20, 0))).toBe('Mar 1 14:59');
    expect(f.tick(at(0, 0))).toBe('Tue');
    expect(f.tick(at(6, 0))).toBe('06:00');
  });
});
