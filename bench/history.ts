/**
 * `tsx bench/history.ts [--json] [--sensors N] [--days N] [--every-s N]`
 *
 * History store benchmark, same run, same machine, same disk:
 * - insert throughput through the store (change detection, 5-minute buckets, batched
 *   transactions on the synchronous=NORMAL connection) vs plain better-sqlite3 inserts into a
 *   bare (series, at, value) table with the same batch size and pragmas — the ratio is the
 *   store's overhead;
 * - time to query one week of one sensor and of every sensor (200 by default), as the detail
 *   panel and a dashboard of charts would: the week as the store answers it (hourly roll-up) against
 *   the same week forced to 5-minute buckets, alternating in the same run (the ratio is the roll-up's gain).
 * Exported as runHistoryBench() for `npm run bench`.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DAY_MS, type HistoryResolution } from '../core/store/history';
import { openStore } from '../core/store/store';
import { ManualClock } from '../core/util/clock';
import { silentLogger } from '../core/util/logger';
import { latencySummary, median } from './stats';

export interface HistoryBenchOptions {
  sensors?: number;
  days?: number;
  /** A sensor changes every this many seconds. */
  everyS?: number;
}

export interface HistoryBenchResult {
  sensors: number;
  days: number;
  rows: number;
  storeRowsPerS: number;
  plainRowsPerS: number;
  /** store / plain (1 = no overhead). */
  ratio: number;
  weekOneSensorMs: { p50: number; p99: number; points: number; resolution: string };
  /** Median of WEEK_ROUNDS, as the store answers (hourly). */
  weekAllSensorsMs: { total: number; points: number; resolution: string; rounds: number[] };
  /** The same week forced to 5-minute buckets, alternating with the above: the baseline. */
  weekAllSensors5mMs: { total: number; points: number; resolution: string; rounds: number[] };
  /** 5-minute / hourly time (how many times faster the roll-up answers). */
  weekSpeedup: number;
  dayOneSensorRawMs: { p50: number; p99: number; points: number; resolution: string };
  dbBytes: number;
}

const WEEK = 7 * DAY_MS;
/** Rounds of the 200-sensor week, alternating hourly and 5-minute, so both see the same machine load. */
const WEEK_ROUNDS = 3;

export async function runHistoryBench(options: HistoryBenchOptions = {}): Promise<HistoryBenchResult> {
  const sensors = options.sensors ?? 200;
  const days = options.days ?? 8;
  const everyMs = (options.everyS ?? 120) * 1000;
  const start = Date.UTC(2026, 10, 1);
  const end = start + days * DAY_MS;
  const dir = mkdtempSync(join(tmpdir(), 'homeroom-bench-history-'));
  try {
    // A smooth signal with noise so consecutive values differ (every sample is a change).
    const value = (sensor: number, t: number) =>
      20 + 3 * Math.sin((t / DAY_MS) * 2 * Math.PI + sensor) + ((t / 1000 + sensor) % 7) / 10;

    // 1. Through the store: ticks of one second collect into one batch, as in the hub.
    const clock = new ManualClock(start);
    const store = openStore({ dataDir: dir, clock, logger: silentLogger });
    // 2. Plain better-sqlite3: same rows, same batch size, same pragmas, a bare table.
    const plain = new Database(join(dir, 'plain.db'));
    plain.pragma('journal_mode = WAL');
    plain.pragma('synchronous = NORMAL');
    plain.pragma('cache_size = -16384'); // as the store's history connection
    plain.exec(
      'CREATE TABLE samples (series_id INTEGER NOT NULL, at INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, at)) WITHOUT ROWID',
    );
    const insert = plain.prepare('INSERT INTO samples (series_id, at, value) VALUES (?, ?, ?)');
    const batch = plain.transaction((t: number) => {
      for (let s = 0; s < sensors; s++) insert.run(s, t + s, value(s, t));
    });
    // Interleaved, a few batches of each in turn, so both see the same machine load (8 engineers share 2 cores:
    // run one after the other, a load spike made either side up to 2× slower).
    let rows = 0;
    let storeMs = 0;
    let plainMs = 0;
    const times: number[] = [];
    for (let t = start; t < end; t += everyMs) times.push(t);
    for (let i = 0; i < times.length; i += 20) {
      const chunk = times.slice(i, i + 20);
      const t0 = performance.now();
      for (const t of chunk) {
        for (let s = 0; s < sensors; s++) store.history.record(`bench:sensor-${s}`, 'temperature', value(s, t), t + s);
        rows += sensors;
        store.writer.flush();
      }
      const t1 = performance.now();
      for (const t of chunk) batch(t);
      storeMs += t1 - t0;
      plainMs += performance.now() - t1;
    }
    plain.close();

    // 3. Queries: the last week, as the detail panel asks for it.
    const from = end - WEEK;
    const oneSensor: number[] = [];
    let weekPoints = 0;
    let weekResolution = '';
    for (let i = 0; i < 20; i++) {
      const q0 = performance.now();
      const series = store.history.query({ deviceId: `bench:sensor-${i % sensors}`, capability: 'temperature', from, to: end });
      oneSensor.push(performance.now() - q0);
      weekPoints = series.points.length;
      weekResolution = series.resolution;
    }
    const allSensors = (resolution?: HistoryResolution) => {
      const q0 = performance.now();
      let points = 0;
      let answered = '';
      for (let s = 0; s < sensors; s++) {
        const series = store.history.query({
          deviceId: `bench:sensor-${s}`,
          capability: 'temperature',
          from,
          to: end,
          resolution,
        });
        points += series.points.length;
        answered = series.resolution;
      }
      return { ms: performance.now() - q0, points, resolution: answered };
    };
    const hourly: ReturnType<typeof allSensors>[] = [];
    const fiveMinutes: ReturnType<typeof allSensors>[] = [];
    for (let round = 0; round < WEEK_ROUNDS; round++) {
      hourly.push(allSensors());
      fiveMinutes.push(allSensors('5m'));
    }
    const dayRaw: number[] = [];
    let dayPoints = 0;
    let dayResolution = '';
    for (let i = 0; i < 20; i++) {
      const q0 = performance.now();
      const series = store.history.query({
        deviceId: `bench:sensor-${i % sensors}`,
        capability: 'temperature',
        from: end - DAY_MS,
        to: end,
      });
      dayRaw.push(performance.now() - q0);
      dayPoints = series.points.length;
      dayResolution = series.resolution;
    }
    const dbBytes =
      (store.database.main.pragma('page_count', { simple: true }) as number) *
      (store.database.main.pragma('page_size', { simple: true }) as number);
    store.close();

    const round = (n: number) => Math.round(n * 100) / 100;
    const weekOf = (runs: ReturnType<typeof allSensors>[]) => ({
      total: round(median(runs.map((r) => r.ms))),
      points: runs[0]!.points,
      resolution: runs[0]!.resolution,
      rounds: runs.map((r) => round(r.ms)),
    });
    const weekAll = weekOf(hourly);
    const weekAll5m = weekOf(fiveMinutes);
    const one = latencySummary(oneSensor);
    const day = latencySummary(dayRaw);
    return {
      sensors,
      days,
      rows,
      storeRowsPerS: Math.round(rows / (storeMs / 1000)),
      plainRowsPerS: Math.round(rows / (plainMs / 1000)),
      ratio: round(plainMs / storeMs),
      weekOneSensorMs: { p50: round(one.p50), p99: round(one.p99), points: weekPoints, resolution: weekResolution },
      weekAllSensorsMs: weekAll,
      weekAllSensors5mMs: weekAll5m,
      weekSpeedup: round(weekAll5m.total / weekAll.total),
      dayOneSensorRawMs: { p50: round(day.p50), p99: round(day.p99), points: dayPoints, resolution: dayResolution },
      dbBytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printHistoryBench(r: HistoryBenchResult): void {
  console.log(
    `\nHistory store — ${r.sensors} sensors, ${r.days} days, ${r.rows.toLocaleString('en')} changes (${(r.dbBytes / 1e6).toFixed(1)} MB)\n`,
  );
  console.table({
    'insert: store (rows/s)': {
      value: r.storeRowsPerS.toLocaleString('en'),
      note: 'change detection + 5-min buckets, one transaction per batch',
    },
    'insert: plain better-sqlite3 (rows/s)': {
      value: r.plainRowsPerS.toLocaleString('en'),
      note: 'bare table, same batches and pragmas',
    },
    'store / plain throughput': { value: r.ratio.toFixed(2), note: '1.00 = no overhead' },
    'query 1 week, 1 sensor (ms p50 / p99)': {
      value: `${r.weekOneSensorMs.p50} / ${r.weekOneSensorMs.p99}`,
      note: `${r.weekOneSensorMs.points} points, ${r.weekOneSensorMs.resolution}`,
    },
    [`query 1 week, ${r.sensors} sensors (ms total, median)`]: {
      value: String(r.weekAllSensorsMs.total),
      note: `${r.weekAllSensorsMs.points.toLocaleString('en')} points, ${r.weekAllSensorsMs.resolution}; rounds ${r.weekAllSensorsMs.rounds.join(' / ')}`,
    },
    [`query 1 week, ${r.sensors} sensors, forced 5m (ms total, median)`]: {
      value: String(r.weekAllSensors5mMs.total),
      note: `${r.weekAllSensors5mMs.points.toLocaleString('en')} points, ${r.weekAllSensors5mMs.resolution}; rounds ${r.weekAllSensors5mMs.rounds.join(' / ')}`,
    },
    'week: 5m / hourly time': { value: `${r.weekSpeedup}×`, note: 'same run, rounds alternating' },
    'query 1 day, 1 sensor (ms p50 / p99)': {
      value: `${r.dayOneSensorRawMs.p50} / ${r.dayOneSensorRawMs.p99}`,
      note: `${r.dayOneSensorRawMs.points} points, ${r.dayOneSensorRawMs.resolution}`,
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { json: { type: 'boolean' }, sensors: { type: 'string' }, days: { type: 'string' }, 'every-s': { type: 'string' } },
  });
  const result = await runHistoryBench({
    sensors: values.sensors ? Number(values.sensors) : undefined,
    days: values.days ? Number(values.days) : undefined,
    everyS: values['every-s'] ? Number(values['every-s']) : undefined,
  });
  if (values.json) console.log(JSON.stringify(result));
  else printHistoryBench(result);
}
