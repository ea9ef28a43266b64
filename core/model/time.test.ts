import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hhmm, hhmmOfMinutes, minutesOfHhmm } from './time';

describe('clock times', () => {
  it('hhmm is the local 24-hour time, zero-padded', () => {
    expect(hhmm(new Date(2024, 0, 1, 7, 5).getTime())).toBe('07:05');
    expect(hhmm(new Date(2024, 0, 1, 19, 2, 59).getTime())).toBe('19:02');
    expect(hhmm(new Date(2024, 0, 1, 0, 0).getTime())).toBe('00:00');
  });

  it.each([
    [0, '00:00'],
    [7 * 60, '07:00'],
    [23 * 60 + 59, '23:59'],
    [1440, '00:00'],
    [-1, '23:59'],
  ])('hhmmOfMinutes(%i) = %s', (minutes, text) => {
    expect(hhmmOfMinutes(minutes)).toBe(text);
  });

  it.each(['24:00', '7:00', '07:60', '', '07:00 ', 'ab:cd'])('minutesOfHhmm rejects %j', (text) => {
    expect(minutesOfHhmm(text)).toBeNull();
  });

  it('minutesOfHhmm and hhmmOfMinutes are inverse over the whole day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), (m) => {
        expect(minutesOfHhmm(hhmmOfMinutes(m))).toBe(m);
      }),
    );
  });
});
