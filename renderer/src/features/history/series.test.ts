import { describe, expect, it } from 'vitest';
import { alignSeries, chartsFor, heatingSpans, holdGapMs, resolutionWords, withHolds } from './series';

describe('history series', () => {
  it('aligns change-only series on one axis, carrying values forward to the end', () => {
    const [xs, a, b] = alignSeries(
      [
        [
          { at: 1000, value: 20 },
          { at: 3000, value: 21 },
        ],
        [{ at: 2000, value: 19 }],
      ],
      5000,
    );
    expect(xs).toEqual([1, 2, 3, 5]);
    expect(a).toEqual([20, 20, 21, 21]);
    expect(b).toEqual([null, 19, 19, 19]);
    expect(alignSeries([[]], 5000)).toEqual([[], []]);
  });

  it('holds a value across a gap of two buckets of the resolution, and names what a point stands for', () => {
    const HOUR = 3600_000;
    const hourly = [0, 1, 3].map((i) => ({ at: i * HOUR, value: 20 + i }));
    // Hour 2 is missing (no change in it): held there; hours next to each other are a line.
    expect(withHolds(hourly, holdGapMs('1h'))).toEqual([
      { at: 0, value: 20 },
      { at: HOUR, value: 21 },
      { at: 3 * HOUR - 1000, value: 21 },
      { at: 3 * HOUR, value: 23 },
    ]);
    expect(withHolds(hourly, holdGapMs('5m'))).toHaveLength(5);
    expect(holdGapMs('raw')).toBe(holdGapMs('5m'));
    expect([resolutionWords('raw'), resolutionWords('5m'), resolutionWords('1h')]).toEqual([
      undefined,
      '5-minute averages',
      'hourly averages',
    ]);
  });

  it('finds heating periods, including one still running', () => {
    expect(
      heatingSpans(
        [
          { at: 0, value: 1 },
          { at: 10, value: 2 },
          { at: 20, value: 1 },
          { at: 30, value: 2 },
        ],
        50,
      ),
    ).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 50 },
    ]);
  });

  it('picks charts by capability: thermostat first, steps for on/off and occupancy', () => {
    const charts = chartsFor({
      capabilities: {
        climate: {
          value: { mode: 'heat', targetTemperature: 21, currentTemperature: 20, action: 'idle', preset: null },
          writable: true,
        },
        occupancy: { value: true, writable: false },
        temperature: { value: 20, writable: false },
        color: { value: null, writable: true },
      },
    });
    expect(charts.map((c) => [c.title, c.kind === 'single' ? c.step : 'combined'])).toEqual([
      ['Temperature and target', 'combined'],
      ['Temperature', false],
      ['Occupancy', true],
    ]);
  });
});
