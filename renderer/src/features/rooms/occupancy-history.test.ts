import { describe, expect, it } from 'vitest';
import type { LogbookEntry } from '../../../../core/model';
import { formatMinutes, occupancySegments, occupiedMinutes } from './occupancy-history';

const MIN = 60_000;
const entry = (at: number, message: string, rule = 'Occupancy'): LogbookEntry => ({
  id: at,
  at,
  roomId: 'kitchen',
  message,
  cause: { kind: 'automation', rule },
});

describe('occupancySegments', () => {
  it('turns the room’s occupied/vacant lines into periods', () => {
    const entries = [
      entry(10 * MIN, 'Kitchen occupied (Kitchen motion)'),
      entry(25 * MIN, 'Kitchen vacant'),
      entry(40 * MIN, 'Kitchen occupied (Manual hold)'),
      entry(41 * MIN, 'Kitchen lights → 40 %', 'Kitchen (occupancy)'),
    ];
    const segments = occupancySegments(entries, 'Kitchen', 0, 60 * MIN, true);
    expect(segments).toEqual([
      { from: 0, to: 10 * MIN, occupied: false },
      { from: 10 * MIN, to: 25 * MIN, occupied: true },
      { from: 25 * MIN, to: 40 * MIN, occupied: false },
      { from: 40 * MIN, to: 60 * MIN, occupied: true },
    ]);
    expect(occupiedMinutes(segments)).toBe(35);
  });

  it('without lines in the window the room has been as it is now all along', () => {
    expect(occupancySegments([], 'Kitchen', 0, 60 * MIN, false)).toEqual([{ from: 0, to: 60 * MIN, occupied: false }]);
  });

  it('ignores repeated lines and other rooms’ prefixes of the name', () => {
    const entries = [
      entry(5 * MIN, 'Kitchen occupied (a)'),
      entry(6 * MIN, 'Kitchen occupied (b)'),
      entry(9 * MIN, 'Kitchen vacant'),
    ];
    expect(occupancySegments(entries, 'Kitchen', 0, 10 * MIN, false)).toEqual([
      { from: 0, to: 5 * MIN, occupied: false },
      { from: 5 * MIN, to: 9 * MIN, occupied: true },
      { from: 9 * MIN, to: 10 * MIN, occupied: false },
    ]);
  });
});

describe('formatMinutes', () => {
  it('reads like a person would say it', () => {
    expect(formatMinutes(0)).toBe('less than a minute');
    expect(formatMinutes(35)).toBe('35 min');
    expect(formatMinutes(130)).toBe('2 h 10 min');
    expect(formatMinutes(120)).toBe('2 h');
  });
});
