import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEATHER,
  daylightFactor,
  nextRunningState,
  outsideTemperature,
  roomIlluminance,
  stepTemperature,
} from './physics';

const room = { tauHours: 10, heatRateCPerHour: 3, coolRateCPerHour: 3 };

describe('physics', () => {
  it('outside temperature: coldest at 03:00, warmest at 15:00', () => {
    expect(outsideTemperature(3)).toBeCloseTo(DEFAULT_WEATHER.meanC - DEFAULT_WEATHER.amplitudeC);
    expect(outsideTemperature(15)).toBeCloseTo(DEFAULT_WEATHER.meanC + DEFAULT_WEATHER.amplitudeC);
  });

  it('daylight is zero at night and peaks at midday; lights add their lux', () => {
    expect(daylightFactor(2)).toBe(0);
    expect(daylightFactor(12.5)).toBeCloseTo(1);
    expect(roomIlluminance(23, 0.02, 250)).toBe(250);
    expect(roomIlluminance(12.5, 0.02, 0)).toBeCloseTo(DEFAULT_WEATHER.peakLux * 0.02);
  });

  it('without heating a room relaxes toward outside with its time constant', () => {
    const t = stepTemperature(20, 0, 10, room, 'idle');
    expect(t).toBeCloseTo(20 * Math.exp(-1));
  });

  it('many small steps equal one big step (exact solution)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 30, noNaN: true }),
        fc.double({ min: -15, max: 35, noNaN: true }),
        fc.constantFrom('idle', 'heat', 'cool') as fc.Arbitrary<'idle' | 'heat' | 'cool'>,
        (t0, out, running) => {
          let t = t0;
          for (let i = 0; i < 60; i++) t = stepTemperature(t, out, 1 / 60, room, running);
          expect(t).toBeCloseTo(stepTemperature(t0, out, 1, room, running), 6);
        },
      ),
    );
  });

  it('running state has hysteresis', () => {
    const table: [Parameters<typeof nextRunningState>, string][] = [
      [['heat', 'idle', 20.8, 21, 25], 'idle'], // inside the band: keep idling
      [['heat', 'idle', 20.6, 21, 25], 'heat'],
      [['heat', 'heat', 21.2, 21, 25], 'heat'], // inside the band: keep heating
      [['heat', 'heat', 21.4, 21, 25], 'idle'],
      [['off', 'heat', 10, 21, 25], 'idle'],
      [['cool', 'idle', 25.4, 21, 25], 'cool'],
      [['cool', 'cool', 24.8, 21, 25], 'cool'],
      [['auto', 'idle', 18, 21, 25], 'heat'],
      [['auto', 'idle', 27, 21, 25], 'cool'],
      [['heat', 'idle', 30, 21, 25], 'idle'],
    ];
    for (const [args, expected] of table) expect(nextRunningState(...args), JSON.stringify(args)).toBe(expected);
  });
});
