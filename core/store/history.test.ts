import { afterEach, describe, expect, it } from 'vitest';
import type { Device, HistoryPoint } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { BUCKET_MS, DAY_MS, historyValues } from './history';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup(dir = tempDataDir()) {
  const clock = new ManualClock(T0);
  const store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
  cleanup.push(
    () => store.database.main.open && store.close(),
    () => dir.remove(),
  );
  return { clock, store, dir };
}

function sensor(temperature: number | null, extra: Partial<Device> = {}): Device {
  return {
    id: 'mqtt:t1',
    name: 'Living room sensor',
    kind: 'sensor',
    integration: 'mqtt',
    availability: 'online',
    capabilities: { temperature: { value: temperature, writable: false }, occupancy: { value: false, writable: false } },
    ...extra,
  };
}

const rawCount = (store: Store) =>
  (store.database.main.prepare('SELECT COUNT(*) AS n FROM history_raw').get() as { n: number }).n;

describe('historyValues', () => {
  it('flattens numbers, booleans, climate fields and availability', () => {
    const device: Device = {
      ...sensor(21.5),
      availability: 'offline',
      capabilities: {
        power: { value: true, writable: true },
        brightness: { value: null, writable: true },
        climate: {
          value: { mode: 'heat', targetTemperature: 21, currentTemperature: 19.5, action: 'heating', preset: null },
          writable: true,
        },
        color: { value: { hue: 1, saturation: 2 }, writable: true },
      },
    };
    expect(historyValues(device)).toEqual({
      power: 1,
      'climate.targetTemperature': 21,
      'climate.currentTemperature': 19.5,
      'climate.action': 2,
      availability: 0,
    });
    expect(historyValues({ ...device, availability: 'unknown' }).availability).toBeUndefined();
  });
});

describe('history', () => {
  it('records only changes, in at most one transaction a second', () => {
    const { clock, store } = setup();
    store.history.observe(sensor(null));
    store.history.observe(sensor(21));
    clock.advance(100);
    store.history.observe(sensor(21)); // unchanged: not recorded
    clock.advance(100);
    store.history.observe(sensor(21.5));
    expect(rawCount(store)).toBe(0); // nothing written yet: batched
    expect(store.writer.transactions).toBe(0);
    clock.advance(1000);
    expect(store.writer.transactions).toBe(1);
    // temperature 21, 21.5; occupancy 0 (once); availability 1 (once)
    expect(rawCount(store)).toBe(4);
    for (let i = 0; i < 50; i++) {
      clock.advance(50);
      store.history.observe(sensor(22 + i / 10));
    }
    // 2.5 s of changes every 50 ms: 3 transactions at most, never two within a second.
    expect(store.writer.transactions).toBeLessThanOrEqual(4);
    clock.advance(1000);
    expect(rawCount(store)).toBe(54);
    const series = store.history.query({ deviceId: 'mqtt:t1', capability: 'temperature', from: T0, to: clock.now() });
    expect(series.resolution).toBe('raw');
    expect(series.points.slice(0, 2)).toEqual([
      { at: T0, value: 21 },
      { at: T0 + 200, value: 21.5 },
    ]);
    expect(series.points.map((p) => p.at)).toEqual([...series.points.map((p) => p.at)].sort((a, b) => a - b));
  });

  it('a query sees what is still queued', () => {
    const { store } = setup();
    store.history.observe(sensor(19));
    expect(store.history.query({ deviceId: 'mqtt:t1', capability: 'temperature', from: T0 - 1, to: T0 + 1 }).points).toEqual([
      { at: T0, value: 19 },
    ]);
  });

  it('after a restart an unchanged value is not recorded again', () => {
    const dir = tempDataDir();
    const first = setup(dir);
    first.store.history.observe(sensor(20));
    first.store.close();
    const second = setup(dir);
    second.clock.advance(60_000);
    second.store.history.observe(sensor(20));
    second.store.history.observe(sensor(20.5));
    second.store.writer.flush();
    const points = second.store.history.query({
      deviceId: 'mqtt:t1',
      capability: 'temperature',
      from: T0,
      to: T0 + DAY_MS,
    }).points;
    expect(points).toEqual([
      { at: T0, value: 20 },
      { at: T0 + 60_000, value: 20.5 },
    ]);
  });

  it('starts a range with the value already in effect', () => {
    const { clock, store } = setup();
    store.history.observe(sensor(18));
    clock.advance(3600_000);
    store.history.observe(sensor(19));
    const series = store.history.query({
      deviceId: 'mqtt:t1',
      capability: 'temperature',
      from: T0 + 1800_000,
      to: T0 + 7200_000,
    });
    expect(series.points).toEqual([
      { at: T0 + 1800_000, value: 18 },
      { at: T0 + 3600_000, value: 19 },
    ]);
  });

  it('keeps 5-minute min/mean/max after raw rows expire, and answers long ranges from them', () => {
    const { clock, store } = setup();
    // Bucket 0: 20 → 22 → 21. Bucket 1: carried 21, then 25. Nothing in bucket 2; bucket 3: carried 25, then 19.
    store.history.record('d', 'temperature', 20, T0);
    store.history.record('d', 'temperature', 22, T0 + 60_000);
    store.history.record('d', 'temperature', 21, T0 + 120_000);
    store.history.record('d', 'temperature', 25, T0 + BUCKET_MS + 10_000);
    store.writer.flush(); // buckets also merge across batches
    store.history.record('d', 'temperature', 19, T0 + 3 * BUCKET_MS + 1);
    store.writer.flush();

    const fiveMin = store.history.query({
      deviceId: 'd',
      capability: 'temperature',
      from: T0,
      to: T0 + DAY_MS,
      resolution: '5m',
    });
    expect(fiveMin.points).toEqual([
      { at: T0, value: 21, min: 20, max: 22 },
      { at: T0 + BUCKET_MS, value: 23, min: 21, max: 25 },
      { at: T0 + 3 * BUCKET_MS, value: 22, min: 19, max: 25 },
    ]);

    // 11 days later the raw rows have gone (default: 10 days) but the buckets remain.
    clock.advance(11 * DAY_MS);
    const deleted = store.history.compact();
    expect(deleted).toBe(5);
    expect(rawCount(store)).toBe(0);
    const later = store.history.query({ deviceId: 'd', capability: 'temperature', from: T0, to: T0 + DAY_MS / 2 });
    expect(later.resolution).toBe('5m');
    expect(later.points).toEqual(fiveMin.points);

    // A year later the buckets go too.
    clock.advance(366 * DAY_MS);
    store.history.compact();
    expect(store.history.query({ deviceId: 'd', capability: 'temperature', from: T0, to: clock.now() }).points).toEqual([]);
  });

  it('honours a shorter raw retention from the settings', () => {
    const { clock, store } = setup();
    store.settings.update({ historyRawDays: 2 });
    store.history.record('d', 'temperature', 20, T0);
    clock.advance(3 * DAY_MS);
    store.history.compact();
    expect(rawCount(store)).toBe(0);
  });

  it('uses 5-minute buckets for ranges longer than two days, and hours for ranges longer than three', () => {
    const { store } = setup();
    for (let i = 0; i < 100; i++) store.history.record('d', 'temperature', 20 + (i % 7), T0 + i * 60_000);
    const query = (days: number) =>
      store.history.query({ deviceId: 'd', capability: 'temperature', from: T0, to: T0 + days * DAY_MS });
    const bounded = (points: HistoryPoint[]) =>
      points.every((p) => p.min !== undefined && p.max !== undefined && p.min <= p.value && p.value <= p.max);
    expect(query(2).resolution).toBe('raw');
    const threeDays = query(3);
    expect(threeDays.resolution).toBe('5m');
    expect(threeDays.points).toHaveLength(20);
    expect(bounded(threeDays.points)).toBe(true);
    const week = query(7);
    expect(week.resolution).toBe('1h');
    expect(week.points.map((p) => p.at)).toEqual([T0, T0 + 3600_000]); // 100 minutes
    expect(bounded(week.points)).toBe(true);
  });

  it('returns an empty series for an unknown device', () => {
    const { store } = setup();
    expect(store.history.query({ deviceId: 'nope', capability: 'power', from: T0, to: T0 + 1 }).points).toEqual([]);
  });
});
