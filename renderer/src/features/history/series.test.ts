import { describe, expect, it } from 'vitest';
import { alignSeries, chartsFor, heatingSpans } from './series';

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
