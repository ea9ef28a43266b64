/**
 * History: every change of a numeric or binary value (and availability), per device and series.
 *
 * - Change detection: a value is queued only when it differs from the previous one of that
 *   series (after a restart, the previous one is read back from the store once per series).
 * - Writes are queued and written by the BatchedWriter (at most one transaction a second on
 *   the `synchronous=NORMAL` connection).
 * - Two resolutions: `history_raw` (every change, kept `rawDays`, default 10) and `history_5m`
 *   (5-minute buckets with min / mean / max / last, kept a year). Buckets are maintained as rows
 *   are written (each bucket also counts the value carried into it from before), so downsampling
 *   is done by the time raw rows expire, and long ranges read a few thousand buckets instead of
 *   every change. compact() deletes expired rows.
 */
import {
  CLIMATE_ACTION_CODES,
  HISTORY_CAPABILITIES,
  type Device,
  type HistoryCapability,
  type HistoryPoint,
  type HistorySeries,
} from '../model';
import type { Clock, Timer } from '../util/clock';
import type { BatchedWriter, BatchSink } from './batched-writer';
import type { SqliteDatabase } from './database';

export const BUCKET_MS = 5 * 60_000;
export const DAY_MS = 86_400_000;
export const SUMMARY_DAYS = 366;
/** Ranges longer than this are answered from the 5-minute buckets. */
export const RAW_RANGE_MAX_MS = 2 * DAY_MS;
/** …and so are shorter ranges with more changes than a chart can show. */
export const RAW_POINTS_MAX = 5000;
const COMPACT_EVERY_MS = 60 * 60_000;

/** The recordable values of a device, by series name. Pure. */
export function historyValues(device: Device): Partial<Record<HistoryCapability, number>> {
  const out: Partial<Record<HistoryCapability, number>> = {};
  const caps = device.capabilities as Record<string, { value: unknown } | undefined>;
  for (const name of HISTORY_CAPABILITIES) {
    if (name === 'availability' || name.startsWith('climate.')) continue;
    const value = caps[name]?.value;
    if (typeof value === 'boolean') out[name] = value ? 1 : 0;
    else if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
  }
  const climate = device.capabilities.climate?.value;
  if (climate) {
    if (typeof climate.targetTemperature === 'number') out['climate.targetTemperature'] = climate.targetTemperature;
    if (typeof climate.currentTemperature === 'number') out['climate.currentTemperature'] = climate.currentTemperature;
    if (climate.action) out['climate.action'] = CLIMATE_ACTION_CODES[climate.action];
  }
  if (device.availability !== 'unknown') out.availability = device.availability === 'online' ? 1 : 0;
  return out;
}

interface Queued {
  state: SeriesState;
  deviceId: string;
  capability: string;
  at: number;
  value: number;
}

interface SeriesState {
  id?: number;
  last?: number;
  /** The bucket the last written value went into, and that value. */
  bucket?: number;
  written?: number;
}

export interface HistoryOptions {
  db: SqliteDatabase;
  writer: BatchedWriter;
  clock: Clock;
  /** Days every change is kept (read on each compaction, so a settings change applies). */
  rawDays: () => number;
}

export interface HistoryQuery {
  deviceId: string;
  capability: HistoryCapability;
  from: number;
  to: number;
  /** Force a resolution (tests, benchmark); by default chosen from the range. */
  resolution?: 'raw' | '5m';
}

export class HistoryStore implements BatchSink {
  private readonly series = new Map<string, SeriesState>();
  private queue: Queued[] = [];
  private compactTimer: Timer | undefined;
  private readonly stmt;

  constructor(private readonly options: HistoryOptions) {
    const { db } = options;
    this.stmt = {
      seriesId: db.prepare('SELECT id FROM history_series WHERE device_id = ? AND capability = ?'),
      insertSeries: db.prepare('INSERT INTO history_series (device_id, capability) VALUES (?, ?)'),
      lastRaw: db.prepare('SELECT at, value FROM history_raw WHERE series_id = ? ORDER BY at DESC LIMIT 1'),
      lastBucket: db.prepare('SELECT bucket, last FROM history_5m WHERE series_id = ? ORDER BY bucket DESC LIMIT 1'),
      insertRaw: db.prepare('INSERT OR REPLACE INTO history_raw (series_id, at, value) VALUES (?, ?, ?)'),
      upsertBucket:
        db.prepare(`INSERT INTO history_5m (series_id, bucket, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (series_id, bucket) DO UPDATE SET min = MIN(min, excluded.min), max = MAX(max, excluded.max),
          sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`),
      raw: db.prepare('SELECT at, value FROM history_raw WHERE series_id = ? AND at >= ? AND at <= ? ORDER BY at'),
      rawCount: db.prepare('SELECT COUNT(*) AS n FROM history_raw WHERE series_id = ? AND at >= ? AND at <= ?'),
      rawBefore: db.prepare('SELECT value FROM history_raw WHERE series_id = ? AND at < ? ORDER BY at DESC LIMIT 1'),
      buckets: db.prepare(
        'SELECT bucket AS at, sum / count AS value, min, max FROM history_5m WHERE series_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
      ),
      bucketBefore: db.prepare(
        'SELECT last AS value FROM history_5m WHERE series_id = ? AND bucket < ? ORDER BY bucket DESC LIMIT 1',
      ),
      allSeries: db.prepare('SELECT id FROM history_series'),
      expireRaw: db.prepare('DELETE FROM history_raw WHERE series_id = ? AND at < ?'),
      expireBuckets: db.prepare('DELETE FROM history_5m WHERE series_id = ? AND bucket < ?'),
      oldestRaw: db.prepare('SELECT MIN(at) AS at FROM history_raw WHERE series_id = ?'),
    };
    options.writer.add(this);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Compacts now and then every hour. */
  start(): void {
    this.compact();
    const loop = () => {
      this.compactTimer = this.options.clock.setTimeout(() => {
        this.compact();
        loop();
      }, COMPACT_EVERY_MS);
    };
    loop();
  }

  stop(): void {
    if (this.compactTimer !== undefined) this.options.clock.clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
  }

  /** Queues every value of the device that changed since the last one recorded. */
  observe(device: Device, at = this.options.clock.now()): void {
    for (const [capability, value] of Object.entries(historyValues(device))) this.record(device.id, capability, value, at);
  }

  /** Queues one value if it differs from the previous one of its series. */
  record(deviceId: string, capability: string, value: number, at = this.options.clock.now()): void {
    const seriesKey = `${deviceId}\u0000${capability}`;
    let state = this.series.get(seriesKey);
    if (!state) {
      state = this.loadState(deviceId, capability);
      this.series.set(seriesKey, state);
    }
    if (state.last === value) return;
    state.last = value;
    this.queue.push({ state, deviceId, capability, at, value });
    this.options.writer.schedule();
  }

  /**
   * Writes what a series was before anything was recorded (the virtual home's past days, at its first start): only
   * points from 5-minute buckets before both `before` and the series' first stored value, so it never rewrites what
   * was recorded and a second run adds nothing. One transaction; answers the points it wrote (changes only).
   */
  backfill(deviceId: string, capability: HistoryCapability, points: readonly HistoryPoint[], before: number): HistoryPoint[] {
    return this.options.db.transaction(() => {
      const id = this.seriesId(deviceId, capability, true);
      const oldest = (this.stmt.oldestRaw.get(id) as { at: number | null } | undefined)?.at ?? Infinity;
      const limit = Math.min(before, oldest);
      const cut = limit - (limit % BUCKET_MS);
      const kept: HistoryPoint[] = [];
      for (const point of [...points].sort((a, b) => a.at - b.at)) {
        if (point.at >= cut) break;
        if (kept.at(-1)?.value === point.value) continue;
        kept.push({ at: point.at, value: point.value });
      }
      type Bucket = { bucket: number; min: number; max: number; sum: number; count: number; last: number };
      let open: Bucket | undefined;
      const flush = () => {
        if (open) this.stmt.upsertBucket.run(id, open.bucket, open.min, open.max, open.sum, open.count, open.last);
      };
      const add = (bucket: number, value: number) => {
        if (!open || open.bucket !== bucket) {
          // The value in effect when the bucket starts counts in it, as writePending does.
          const carried = open?.last;
          flush();
          const first = carried ?? value;
          open = { bucket, min: first, max: first, sum: first, count: 1, last: first };
          if (carried === undefined) return;
        }
        open.min = Math.min(open.min, value);
        open.max = Math.max(open.max, value);
        open.sum += value;
        open.count++;
        open.last = value;
      };
      for (const point of kept) {
        this.stmt.insertRaw.run(id, point.at, point.value);
        add(point.at - (point.at % BUCKET_MS), point.value);
      }
      flush();
      return kept;
    })();
  }

  /** BatchSink: runs inside the writer's transaction. */
  writePending(): void {
    const rows = this.queue;
    this.queue = [];
    type Bucket = { id: number; bucket: number; min: number; max: number; sum: number; count: number; last: number };
    const buckets: Bucket[] = [];
    const open = new Map<SeriesState, Bucket>();
    const add = (state: SeriesState, id: number, bucket: number, value: number) => {
      const b = open.get(state);
      if (!b || b.bucket !== bucket) {
        const fresh = { id, bucket, min: value, max: value, sum: value, count: 1, last: value };
        buckets.push(fresh);
        open.set(state, fresh);
        return;
      }
      if (value < b.min) b.min = value;
      if (value > b.max) b.max = value;
      b.sum += value;
      b.count++;
      b.last = value;
    };
    const { insertRaw, upsertBucket } = this.stmt;
    for (const row of rows) {
      const state = row.state;
      const id = (state.id ??= this.seriesId(row.deviceId, row.capability, true));
      insertRaw.run(id, row.at, row.value);
      const bucket = row.at - (row.at % BUCKET_MS);
      // The value in effect when a new bucket starts belongs to that bucket's min/mean/max too.
      if (state.bucket !== undefined && bucket > state.bucket && state.written !== undefined)
        add(state, id, bucket, state.written);
      add(state, id, bucket, row.value);
      state.written = row.value;
      state.bucket = bucket;
    }
    for (const b of buckets) upsertBucket.run(b.id, b.bucket, b.min, b.max, b.sum, b.count, b.last);
  }

  /** Time-ordered points of one series; long or dense ranges come from the 5-minute buckets. */
  query(q: HistoryQuery): HistorySeries {
    this.options.writer.flush();
    const base = { deviceId: q.deviceId, capability: q.capability, from: q.from, to: q.to };
    const id = this.seriesId(q.deviceId, q.capability, false);
    if (id === undefined || q.to < q.from) return { ...base, resolution: 'raw', points: [] };
    const resolution = q.resolution ?? this.resolutionFor(id, q.from, q.to);
    let points: HistoryPoint[];
    let before: number | undefined;
    if (resolution === 'raw') {
      points = this.stmt.raw.all(id, q.from, q.to) as HistoryPoint[];
      before = (this.stmt.rawBefore.get(id, q.from) as { value: number } | undefined)?.value;
      before ??= (this.stmt.bucketBefore.get(id, q.from) as { value: number } | undefined)?.value;
    } else {
      const start = Math.floor(q.from / BUCKET_MS) * BUCKET_MS;
      points = (this.stmt.buckets.all(id, start, q.to) as { at: number; value: number; min: number; max: number }[]).map((p) => ({
        at: Math.max(p.at, q.from),
        value: p.value,
        min: p.min,
        max: p.max,
      }));
      before = (this.stmt.bucketBefore.get(id, start) as { value: number } | undefined)?.value;
    }
    if (before !== undefined && (points.length === 0 || points[0]!.at > q.from)) points.unshift({ at: q.from, value: before });
    return { ...base, resolution, points };
  }

  /** Deletes raw rows older than rawDays and buckets older than a year. Returns the rows deleted. */
  compact(now = this.options.clock.now()): number {
    this.options.writer.flush();
    const rawCutoff = now - this.options.rawDays() * DAY_MS;
    const bucketCutoff = now - SUMMARY_DAYS * DAY_MS;
    let deleted = 0;
    this.options.db.transaction(() => {
      for (const { id } of this.stmt.allSeries.all() as { id: number }[]) {
        deleted += this.stmt.expireRaw.run(id, rawCutoff).changes;
        deleted += this.stmt.expireBuckets.run(id, bucketCutoff).changes;
      }
    })();
    return deleted;
  }

  private resolutionFor(id: number, from: number, to: number): 'raw' | '5m' {
    if (to - from > RAW_RANGE_MAX_MS) return '5m';
    const oldest = (this.stmt.oldestRaw.get(id) as { at: number | null }).at;
    const firstRawBucket = oldest === null ? Infinity : Math.floor(oldest / BUCKET_MS) * BUCKET_MS;
    // Buckets only exist before the first raw row once raw rows expired: that part is summaries only.
    if (
      firstRawBucket > from &&
      this.hasBucketsBetween(id, Math.floor(from / BUCKET_MS) * BUCKET_MS, Math.min(firstRawBucket, to + 1))
    )
      return '5m';
    return (this.stmt.rawCount.get(id, from, to) as { n: number }).n > RAW_POINTS_MAX ? '5m' : 'raw';
  }

  private hasBucketsBetween(id: number, from: number, to: number): boolean {
    return this.stmt.buckets.get(id, from, to - 1) !== undefined;
  }

  private seriesId(deviceId: string, capability: string, create: true): number;
  private seriesId(deviceId: string, capability: string, create: false): number | undefined;
  private seriesId(deviceId: string, capability: string, create: boolean): number | undefined {
    const row = this.stmt.seriesId.get(deviceId, capability) as { id: number } | undefined;
    if (row || !create) return row?.id;
    return Number(this.stmt.insertSeries.run(deviceId, capability).lastInsertRowid);
  }

  /** After a restart: the last stored value, so an unchanged value is not written again. */
  private loadState(deviceId: string, capability: string): SeriesState {
    const id = this.seriesId(deviceId, capability, false);
    if (id === undefined) return {};
    const raw = this.stmt.lastRaw.get(id) as { at: number; value: number } | undefined;
    const bucket = this.stmt.lastBucket.get(id) as { bucket: number; last: number } | undefined;
    const last = raw?.value ?? bucket?.last;
    return { id, last, written: last, bucket: bucket?.bucket };
  }
}
