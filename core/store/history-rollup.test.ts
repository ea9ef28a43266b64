/** The hourly roll-up (`history_1h`, migration 8): kept equal to its 5-minute buckets, queried for long ranges, pruned. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openDatabase } from './database';
import { BUCKET_MS, DAY_MS, HOUR_MS } from './history';
import { bucketsOf } from './history-buckets';
import { MIGRATIONS } from './migrations';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

/** 12:00, the start of an hour. */
const T0 = Date.UTC(2026, 10, 4, 12, 0, 0);
const MIN = 60_000;
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function open(dir: string, now = T0) {
  const clock = new ManualClock(now);
  const store = openStore({ dataDir: dir, clock, logger: silentLogger });
  return { clock, store };
}

function setup() {
  const dir = tempDataDir();
  const opened = open(dir.dir);
  cleanup.push(
    () => opened.store.database.main.open && opened.store.close(),
    () => dir.remove(),
  );
  return opened;
}

interface Row {
  series_id: number;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
}
const rows = (store: Store, table: 'history_5m' | 'history_1h') =>
  store.database.history.prepare(`SELECT * FROM ${table} ORDER BY series_id, bucket`).all() as Row[];

/** The hours as the aggregate of the stored 5-minute buckets (written independently of history-buckets.ts). */
function hoursOf(buckets: Row[]): Row[] {
  const out = new Map<string, Row>();
  for (const b of buckets) {
    const hour = b.bucket - (b.bucket % HOUR_MS);
    const key = `${b.series_id}:${hour}`;
    const h = out.get(key);
    if (!h) out.set(key, { ...b, bucket: hour });
    else {
      h.min = Math.min(h.min, b.min);
      h.max = Math.max(h.max, b.max);
      h.sum += b.sum;
      h.count += b.count;
      h.last = b.last; // ordered by bucket: the latest wins
    }
  }
  return [...out.values()];
}

type Op =
  | { kind: 'record'; series: number; afterS: number; value: number }
  | { kind: 'flush' }
  | { kind: 'tick' }
  | { kind: 'query' }
  | { kind: 'restart' }
  | { kind: 'backfill'; series: number; points: { beforeMin: number; value: number }[] };

const value = fc.integer({ min: -8, max: 8 }).map((n) => n / 2);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      series: fc.nat(1),
      afterS: fc.integer({ min: 1, max: 2400 }),
      value,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'query' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('backfill' as const),
      series: fc.nat(1),
      points: fc.array(fc.record({ beforeMin: fc.integer({ min: 1, max: 240 }), value }), { maxLength: 12 }),
    }),
  },
);

describe('hourly roll-up', () => {
  it('is the aggregate of the 5-minute buckets of its hour, whatever the order of writes, flushes and restarts', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const dir = tempDataDir();
        let { clock, store } = open(dir.dir);
        try {
          let at = T0 + 2 * MIN;
          for (const o of ops) {
            if (o.kind === 'record') store.history.record(`d${o.series}`, 'temperature', o.value, (at += o.afterS * 1000));
            else if (o.kind === 'flush') store.writer.flush();
            else if (o.kind === 'tick') clock.advance(1000);
            else if (o.kind === 'query')
              store.history.query({ deviceId: 'd0', capability: 'temperature', from: T0, to: at, resolution: '1h' });
            else if (o.kind === 'restart') {
              store.close();
              ({ clock, store } = open(dir.dir, clock.now()));
            } else {
              // The past before now: it may fall in hours (and open buckets) that already hold recorded values.
              const points = o.points.map((p) => ({ at: at - p.beforeMin * MIN, value: p.value }));
              store.history.backfill(`d${o.series}`, 'temperature', points, at);
            }
          }
          store.history.stop(); // writes every open bucket
          const fiveMinutes = rows(store, 'history_5m');
          expect(rows(store, 'history_1h')).toEqual(hoursOf(fiveMinutes));
        } finally {
          store.close();
          dir.remove();
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('answers a week with hourly min/mean/max, the value carried into each bucket included', () => {
    const { store } = setup();
    // Hour 0: 10 from 12:00, 16 at 12:30. Hour 1: 22 at 13:10. Nothing in hour 2. Hour 3: 4 at 15:05.
    store.history.record('d', 'temperature', 10, T0);
    store.history.record('d', 'temperature', 16, T0 + 30 * MIN);
    store.writer.flush();
    store.history.record('d', 'temperature', 22, T0 + 70 * MIN);
    store.history.record('d', 'temperature', 4, T0 + 185 * MIN);
    const week = (from: number) => store.history.query({ deviceId: 'd', capability: 'temperature', from, to: from + 7 * DAY_MS });
    const series = week(T0);
    expect(series.resolution).toBe('1h');
    // 12:00 {10}, 12:30 {10 carried, 16}: (10 + 10 + 16) / 3. 13:10 {16 carried, 22}. 15:05 {22 carried, 4}.
    expect(series.points).toEqual([
      { at: T0, value: 12, min: 10, max: 16 },
      { at: T0 + HOUR_MS, value: 19, min: 16, max: 22 },
      { at: T0 + 3 * HOUR_MS, value: 13, min: 4, max: 22 },
    ]);
    // A week starting in the quiet hour begins with the value in effect (the last of 13:00's hour).
    expect(week(T0 + 2 * HOUR_MS + 10 * MIN).points).toEqual([
      { at: T0 + 2 * HOUR_MS + 10 * MIN, value: 22 },
      { at: T0 + 3 * HOUR_MS, value: 13, min: 4, max: 22 },
    ]);
    // …and one starting inside an hour gets that hour's summary at its start.
    expect(week(T0 + 20 * MIN).points[0]).toEqual({ at: T0 + 20 * MIN, value: 12, min: 10, max: 16 });
  });

  it('backfills the past into hours that already hold recorded buckets, keeping the latest bucket last', () => {
    const { store } = setup();
    store.history.record('d', 'temperature', 21, T0 + 32 * MIN); // live: 12:30's bucket
    store.writer.flush();
    store.history.query({ deviceId: 'd', capability: 'temperature', from: T0, to: T0 + 7 * DAY_MS }); // written
    const past = [
      { at: T0 + 5 * MIN, value: 18 },
      { at: T0 + 20 * MIN, value: 19 },
    ];
    expect(store.history.backfill('d', 'temperature', past, T0 + 32 * MIN)).toHaveLength(2);
    const [hour] = rows(store, 'history_1h');
    // 12:05 {18}, 12:20 {18 carried, 19}, 12:30 {21}: the hour ends at 21, not at the backfill's 19.
    expect(hour).toMatchObject({ bucket: T0, min: 18, max: 21, sum: 18 + 18 + 19 + 21, count: 4, last: 21 });
    expect(rows(store, 'history_1h')).toEqual(hoursOf(rows(store, 'history_5m')));
  });

  it('prunes hours with the buckets after a year, keeping the hour that holds the cutoff', () => {
    const { clock, store } = setup();
    store.history.record('d', 'temperature', 20, T0 + 10 * MIN);
    store.history.record('d', 'temperature', 21, T0 + 2 * HOUR_MS + 5 * MIN);
    store.history.record('d', 'temperature', 22, T0 + 2 * HOUR_MS + 40 * MIN);
    store.writer.flush();
    store.history.compact();
    expect(rows(store, 'history_1h').map((r) => r.bucket)).toEqual([T0, T0 + HOUR_MS * 2]);

    // A year and a bit later the cutoff is 14:10: 12:00 goes, 14:00 stays (its 14:40 bucket still exists).
    clock.advance(366 * DAY_MS + 2 * HOUR_MS + 10 * MIN);
    store.history.compact();
    expect(rows(store, 'history_1h').map((r) => r.bucket)).toEqual([T0 + 2 * HOUR_MS]);
    expect(rows(store, 'history_5m').map((r) => r.bucket)).toEqual([T0 + 2 * HOUR_MS + 40 * MIN]);
    clock.advance(HOUR_MS);
    store.history.compact();
    expect(rows(store, 'history_1h')).toEqual([]);
  });
});

describe('migration 8', () => {
  it('backfills the hours from a store that has only 5-minute buckets', () => {
    const dir = tempDataDir();
    cleanup.push(() => dir.remove());
    const before = openDatabase({
      dataDir: dir.dir,
      clock: new ManualClock(T0),
      logger: silentLogger,
      migrations: MIGRATIONS.filter((m) => m.version < 8),
    });
    const db = before.main;
    db.prepare("INSERT INTO history_series (id, device_id, capability) VALUES (1, 'a', 'temperature'), (2, 'b', 'power')").run();
    const insert = db.prepare(
      'INSERT INTO history_5m (series_id, bucket, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Written as the 0.x store wrote them: buckets from points (carried values included), out of time order here.
    const a = bucketsOf([
      { at: T0 + 2 * MIN, value: 20 },
      { at: T0 + 31 * MIN, value: 23 },
      { at: T0 + 58 * MIN, value: 19 },
      { at: T0 + 61 * MIN, value: 18 },
      { at: T0 + 5 * HOUR_MS, value: 25 },
    ]);
    for (const b of [...a].reverse()) insert.run(1, b.bucket, b.min, b.max, b.sum, b.count, b.last);
    insert.run(2, T0 + 3 * BUCKET_MS, 0, 1, 1, 2, 1);
    before.close();

    const { store } = open(dir.dir);
    cleanup.unshift(() => store.close());
    expect(store.database.schemaVersion).toBe(8);
    expect(rows(store, 'history_1h')).toEqual([
      // 12:00 {20}, 12:30 {20, 23}, 12:55 {23, 19}
      { series_id: 1, bucket: T0, min: 19, max: 23, sum: 20 + 43 + 42, count: 5, last: 19 },
      // 13:00 {19, 18}
      { series_id: 1, bucket: T0 + HOUR_MS, min: 18, max: 19, sum: 37, count: 2, last: 18 },
      { series_id: 1, bucket: T0 + 5 * HOUR_MS, min: 18, max: 25, sum: 43, count: 2, last: 25 },
      { series_id: 2, bucket: T0, min: 0, max: 1, sum: 1, count: 2, last: 1 },
    ]);
    expect(rows(store, 'history_1h')).toEqual(hoursOf(rows(store, 'history_5m')));
    // The store answers a week from them, and keeps adding to them.
    store.history.record('a', 'temperature', 24, T0 + 5 * HOUR_MS + 7 * MIN);
    const week = store.history.query({ deviceId: 'a', capability: 'temperature', from: T0, to: T0 + 7 * DAY_MS });
    expect(week.resolution).toBe('1h');
    expect(week.points.at(-1)).toEqual({ at: T0 + 5 * HOUR_MS, value: (43 + 25 + 24) / 4, min: 18, max: 25 });
  });
});
