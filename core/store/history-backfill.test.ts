/** History written after the fact (the virtual home's past days): before what was recorded, once, with its buckets. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { BUCKET_MS } from './history';
import { openStore } from './store';
import { tempDataDir } from './test-support';

/** 12:02: two minutes into a 5-minute bucket. */
const T0 = Date.UTC(2026, 10, 4, 12, 2, 0);
const bucketOf = (at: number) => at - (at % BUCKET_MS);
const MIN = 60_000;
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup() {
  const dir = tempDataDir();
  const clock = new ManualClock(T0);
  const store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
  cleanup.push(
    () => store.close(),
    () => dir.remove(),
  );
  return { clock, store };
}

describe('HistoryStore.backfill', () => {
  it('writes the changes before the first recorded value, and a second run adds nothing', () => {
    const { store } = setup();
    store.history.record('mqtt:t1', 'temperature', 21, T0); // live, at the start
    store.writer.flush();
    const past = [
      { at: T0 - 60 * MIN, value: 19 },
      { at: T0 - 59 * MIN, value: 19 }, // unchanged: not a change
      { at: T0 - 30 * MIN, value: 20 },
      { at: T0 - 2 * MIN, value: 20.5 }, // in the live value's 5-minute bucket: left out
    ];
    const written = store.history.backfill('mqtt:t1', 'temperature', past, T0);
    expect(written).toEqual([
      { at: T0 - 60 * MIN, value: 19 },
      { at: T0 - 30 * MIN, value: 20 },
    ]);
    const query = (resolution?: 'raw' | '5m') =>
      store.history.query({ deviceId: 'mqtt:t1', capability: 'temperature', from: T0 - 2 * 3600_000, to: T0, resolution });
    expect(query('raw').points.map((p) => [p.at, p.value])).toEqual([
      [T0 - 60 * MIN, 19],
      [T0 - 30 * MIN, 20],
      [T0, 21],
    ]);
    expect(store.history.backfill('mqtt:t1', 'temperature', past, T0)).toEqual([]);
    // The 5-minute summaries know the past too: the 19 carried into the bucket where the 20 arrives counts in it.
    const buckets = query('5m').points;
    expect(buckets.find((b) => b.at === bucketOf(T0 - 60 * MIN))).toMatchObject({ value: 19, min: 19, max: 19 });
    expect(buckets.find((b) => b.at === bucketOf(T0 - 30 * MIN))).toMatchObject({ value: 19.5, min: 19, max: 20 });
    expect(buckets.at(-1)).toMatchObject({ at: bucketOf(T0), value: 21 });
  });

  it('a series with nothing recorded yet takes everything before `before`, and live recording continues after it', () => {
    const { store } = setup();
    const written = store.history.backfill(
      'mqtt:m1',
      'occupancy',
      [
        { at: T0 - 90 * MIN, value: 0 },
        { at: T0 - 40 * MIN, value: 1 },
        { at: T0 - 20 * MIN, value: 0 },
      ],
      T0,
    );
    expect(written).toHaveLength(3);
    store.history.record('mqtt:m1', 'occupancy', 0, T0); // unchanged since the past: not written again
    store.history.record('mqtt:m1', 'occupancy', 1, T0 + MIN);
    store.writer.flush();
    const points = store.history.query({
      deviceId: 'mqtt:m1',
      capability: 'occupancy',
      from: T0 - 2 * 3600_000,
      to: T0 + MIN,
      resolution: 'raw',
    }).points;
    expect(points.map((p) => p.value)).toEqual([0, 1, 0, 1]);
  });
});
