/**
 * History: every change of a numeric or binary value (and availability), per device and series.
 *
 * - Change detection: a value is queued only when it differs from the previous one of that
 *   series, compared in memory: every series and its last value are read in one query when the store
 *   opens, so recording never queries per row.
 * - Writes are queued and written by the BatchedWriter (at most one transaction a second on
 *   the `synchronous=NORMAL` connection), one prepared single-row INSERT per raw row (measured: faster than
 *   multi-row VALUES lists, which bind hundreds of parameters per statement).
 * - A series' current 5-minute bucket is accumulated in memory and written when the next bucket starts
 *   (or before a query, a compaction or a stop reads or needs it), not once per batch: a sensor reporting
 *   every 30 s costs one bucket write per 5 minutes instead of ten. A crash loses at most that open
 *   bucket's summary; every raw row is written.
 * - Three resolutions: `history_raw` (every change, kept `rawDays`, default 10), `history_5m`
 *   (5-minute buckets with min / mean / max / last, kept a year) and `history_1h` (their hourly
 *   roll-up, kept a year; see history-buckets.ts). Buckets are maintained as rows are written (each
 *   bucket also counts the value carried into it from before), so downsampling is done by the time
 *   raw rows expire, and long ranges read a few hundred hours instead of every change. compact()
 *   deletes expired rows.
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
import { addToBucket, BucketRows, bucketOf, bucketsOf, hourOf, type Bucket } from './history-buckets';

export { BUCKET_MS, HOUR_MS } from './history-buckets';
export const DAY_MS = 86_400_000;
export const SUMMARY_DAYS = 366;
/** Ranges longer than this are answered from the 5-minute buckets. */
export const RAW_RANGE_MAX_MS = 2 * DAY_MS;
/** …and so are shorter ranges with more changes than a chart can show. */
export const RAW_POINTS_MAX = 5000;
/**
 * Ranges longer than this are answered from the hourly roll-up. A day stays at 5 minutes (288 points: the shape of an
 * evening is visible), a week is 168 hourly points; past three days 5-minute points (> 860) outnumber the pixels of a
 * detail chart and would be drawn over each other, while hours still give 72 or more.
 */
export const HOURLY_RANGE_MIN_MS = 3 * DAY_MS;
const COMPACT_EVERY_MS = 60 * 60_000;

/** The recordable values of a device, by series name. Pure. */
export function historyValues(device: Device): Partial<Record<HistoryCapability, number>> {
  const out: Partial<Record<HistoryCapability, number>> = {};
  forEachHistoryValue(device, (name, value) => (out[name] = value));
  return out;
}

/**
 * historyValues without building the object: observe() runs on every device change (2,000 a second under load),
 * and its objects and entry arrays were a share of what the hub promoted and collected (sampled heap profile).
 */
function forEachHistoryValue(device: Device, visit: (name: HistoryCapability, value: number) => void): void {
  const caps = device.capabilities as Record<string, { value: unknown } | undefined>;
  for (const name of HISTORY_CAPABILITIES) {
    if (name === 'availability' || name.startsWith('climate.')) continue;
    const value = Object.hasOwn(caps, name) ? caps[name]?.value : undefined;
    if (typeof value === 'boolean') visit(name, value ? 1 : 0);
    else if (typeof value === 'number' && Number.isFinite(value)) visit(name, value);
  }
  const climate = device.capabilities.climate?.value;
  if (climate) {
    if (typeof climate.targetTemperature === 'number') visit('climate.targetTemperature', climate.targetTemperature);
    if (typeof climate.currentTemperature === 'number') visit('climate.currentTemperature', climate.currentTemperature);
    if (climate.action) visit('climate.action', CLIMATE_ACTION_CODES[climate.action]);
  }
  if (device.availability !== 'unknown') visit('availability', device.availability === 'online' ? 1 : 0);
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
  /** What `bucket` gathered since it was last written (upserts add to the stored row). */
  open?: Bucket;
  /** Buckets that ended and are not written yet. */
  closed?: Bucket[];
}

/**
 * Ended buckets are written every this many batches (≥ 10 s apart, the writer runs at most once a second). A
 * commit's cost is mostly the B-tree pages it dirties, one per series touched: bucket rows written with every
 * batch doubled that, and the store reached 0.3–0.5× plain better-sqlite3 inserts.
 */
const BUCKETS_EVERY_BATCHES = 10;

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
  resolution?: HistoryResolution;
}

export type HistoryResolution = HistorySeries['resolution'];

export class HistoryStore implements BatchSink {
  /** Every series in the store, by `device\0capability`, loaded once (see loadSeries). */
  private readonly series = new Map<string, SeriesState>();
  /** Series with bucket values not written yet (ended or open). */
  private readonly unwritten = new Set<SeriesState>();
  private batches = 0;
  private queue: Queued[] = [];
  private compactTimer: Timer | undefined;
  private readonly stmt;
  private readonly buckets: BucketRows;

  constructor(private readonly options: HistoryOptions) {
    const { db } = options;
    this.stmt = {
      insertSeries: db.prepare('INSERT INTO history_series (device_id, capability) VALUES (?, ?)'),
      // One query for every series' last raw value and last bucket: index seeks inside SQLite, not one call per row.
      loadSeries: db.prepare(`SELECT s.id, s.device_id AS deviceId, s.capability,
          (SELECT value FROM history_raw r WHERE r.series_id = s.id ORDER BY r.at DESC LIMIT 1) AS rawLast,
          b.bucket, b.last AS bucketLast
        FROM history_series s
        LEFT JOIN history_5m b ON b.series_id = s.id
          AND b.bucket = (SELECT MAX(bucket) FROM history_5m WHERE series_id = s.id)`),
      insertRaw: db.prepare('INSERT OR REPLACE INTO history_raw (series_id, at, value) VALUES (?, ?, ?)'),
      raw: db.prepare('SELECT at, value FROM history_raw WHERE series_id = ? AND at >= ? AND at <= ? ORDER BY at'),
      rawCount: db.prepare('SELECT COUNT(*) AS n FROM history_raw WHERE series_id = ? AND at >= ? AND at <= ?'),
      rawBefore: db.prepare('SELECT value FROM history_raw WHERE series_id = ? AND at < ? ORDER BY at DESC LIMIT 1'),
      // Rows in the shape of the answer (no second object per point): a week of 200 sensors is 400,000 of them.
      buckets: db.prepare(
        'SELECT MAX(bucket, ?) AS at, sum / count AS value, min, max FROM history_5m WHERE series_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
      ),
      bucketBefore: db.prepare(
        'SELECT last AS value FROM history_5m WHERE series_id = ? AND bucket < ? ORDER BY bucket DESC LIMIT 1',
      ),
      hours: db.prepare(
        'SELECT MAX(bucket, ?) AS at, sum / count AS value, min, max FROM history_1h WHERE series_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
      ),
      hourBefore: db.prepare(
        'SELECT last AS value FROM history_1h WHERE series_id = ? AND bucket < ? ORDER BY bucket DESC LIMIT 1',
      ),
      allSeries: db.prepare('SELECT id FROM history_series'),
      expireRaw: db.prepare('DELETE FROM history_raw WHERE series_id = ? AND at < ?'),
      oldestRaw: db.prepare('SELECT MIN(at) AS at FROM history_raw WHERE series_id = ?'),
    };
    this.buckets = new BucketRows(db);
    this.loadSeries();
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

  /** Stops compacting and writes what is queued, open buckets included. */
  stop(): void {
    if (this.compactTimer !== undefined) this.options.clock.clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
    this.writeOpenBuckets();
  }

  /** Queues every value of the device that changed since the last one recorded. */
  observe(device: Device, at = this.options.clock.now()): void {
    forEachHistoryValue(device, (capability, value) => this.record(device.id, capability, value, at));
  }

  /** Queues one value if it differs from the previous one of its series. */
  record(deviceId: string, capability: string, value: number, at = this.options.clock.now()): void {
    const seriesKey = `${deviceId}\u0000${capability}`;
    let state = this.series.get(seriesKey);
    if (!state) {
      state = {}; // every stored series was loaded: this one is new
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
    // What is queued counts as recorded: written first, so the past stays before every live row and bucket.
    this.options.writer.flush();
    return this.options.db.transaction(() => {
      const id = this.seriesId(deviceId, capability);
      const oldest = (this.stmt.oldestRaw.get(id) as { at: number | null } | undefined)?.at ?? Infinity;
      const limit = Math.min(before, oldest);
      const cut = bucketOf(limit);
      const kept: HistoryPoint[] = [];
      for (const point of [...points].sort((a, b) => a.at - b.at)) {
        if (point.at >= cut) break;
        if (kept.at(-1)?.value === point.value) continue;
        kept.push({ at: point.at, value: point.value });
      }
      for (const point of kept) this.stmt.insertRaw.run(id, point.at, point.value);
      // Written before what is stored: an hour may hold later buckets already, so its last comes from them.
      this.buckets.write(id, bucketsOf(kept));
      for (const hour of new Set(kept.map((p) => hourOf(p.at)))) this.buckets.settleHour(id, hour);
      // A series with nothing recorded after these points continues from the last of them (change detection).
      const state = this.series.get(`${deviceId}\u0000${capability}`)!;
      const latest = kept.at(-1);
      if (latest && state.last === undefined) {
        state.last = state.written = latest.value;
        state.bucket = bucketOf(latest.at);
      }
      return kept;
    })();
  }

  /** BatchSink: runs inside the writer's transaction; up to `limit` rows, oldest first. */
  writePending(limit = Infinity): void {
    const rows = limit >= this.queue.length ? this.queue : this.queue.slice(0, limit);
    this.queue = rows === this.queue ? [] : this.queue.slice(rows.length);
    const { insertRaw } = this.stmt;
    for (const row of rows) {
      const state = row.state;
      const id = (state.id ??= this.createSeries(row.deviceId, row.capability));
      insertRaw.run(id, row.at, row.value);
      const bucket = bucketOf(row.at);
      let open = state.open;
      if (!open || open.bucket !== bucket) {
        if (open && open.count > 0) (state.closed ??= []).push(open);
        open = state.open = { bucket, min: row.value, max: row.value, sum: 0, count: 0, last: row.value };
        // The value in effect when a new bucket starts belongs to that bucket's min/mean/max too.
        if (state.bucket !== undefined && bucket > state.bucket && state.written !== undefined) addToBucket(open, state.written);
      }
      addToBucket(open, row.value);
      this.unwritten.add(state);
      state.written = row.value;
      state.bucket = bucket;
    }
    if (++this.batches % BUCKETS_EVERY_BATCHES === 0) this.writeBuckets([...this.unwritten], false);
  }

  /** Writes the ended buckets of `states` (and their open ones with `open`); runs inside a transaction. */
  private writeBuckets(states: SeriesState[], open: boolean): void {
    for (const state of states) {
      if (state.id === undefined) continue;
      const buckets = state.closed ?? [];
      if (open && state.open) buckets.push(state.open);
      this.buckets.write(state.id, buckets);
      state.closed = undefined;
      if (open || !state.open || state.open.count === 0) this.unwritten.delete(state);
    }
  }

  /** Writes the unwritten buckets of `only` (or of every series), open ones included, so a reader sees them. */
  private writeOpenBuckets(only?: SeriesState): void {
    this.options.writer.flush();
    const states = only ? (this.unwritten.has(only) ? [only] : []) : [...this.unwritten];
    if (states.length === 0 || !this.options.db.open) return;
    this.options.db.transaction(() => this.writeBuckets(states, true))();
  }

  /** Time-ordered points of one series; long or dense ranges come from the 5-minute buckets or the hours. */
  query(q: HistoryQuery): HistorySeries {
    const state = this.series.get(`${q.deviceId}\u0000${q.capability}`);
    // Every series' buckets at once, in one transaction: a chart of many sensors asks one after the other, and a
    // commit per series cost more than the reads.
    if (state) this.writeOpenBuckets();
    const base = { deviceId: q.deviceId, capability: q.capability, from: q.from, to: q.to };
    const id = state?.id;
    if (id === undefined || q.to < q.from) return { ...base, resolution: 'raw', points: [] };
    const resolution = q.resolution ?? this.resolutionFor(id, q.from, q.to);
    let points: HistoryPoint[];
    let before: number | undefined;
    if (resolution === 'raw') {
      points = this.stmt.raw.all(id, q.from, q.to) as HistoryPoint[];
      before = (this.stmt.rawBefore.get(id, q.from) as { value: number } | undefined)?.value;
      before ??= (this.stmt.bucketBefore.get(id, q.from) as { value: number } | undefined)?.value;
    } else if (resolution === '5m') {
      const start = bucketOf(q.from);
      points = this.stmt.buckets.all(q.from, id, start, q.to) as HistoryPoint[];
      before = (this.stmt.bucketBefore.get(id, start) as { value: number } | undefined)?.value;
    } else {
      const start = hourOf(q.from);
      points = this.stmt.hours.all(q.from, id, start, q.to) as HistoryPoint[];
      before = (this.stmt.hourBefore.get(id, start) as { value: number } | undefined)?.value;
    }
    if (before !== undefined && (points.length === 0 || points[0]!.at > q.from)) points.unshift({ at: q.from, value: before });
    return { ...base, resolution, points };
  }

  /** Deletes raw rows older than rawDays and buckets and hours older than a year. Returns the rows deleted. */
  compact(now = this.options.clock.now()): number {
    this.writeOpenBuckets();
    const rawCutoff = now - this.options.rawDays() * DAY_MS;
    const bucketCutoff = now - SUMMARY_DAYS * DAY_MS;
    let deleted = 0;
    this.options.db.transaction(() => {
      for (const { id } of this.stmt.allSeries.all() as { id: number }[]) {
        deleted += this.stmt.expireRaw.run(id, rawCutoff).changes;
        deleted += this.buckets.expire(id, bucketCutoff);
      }
    })();
    return deleted;
  }

  private resolutionFor(id: number, from: number, to: number): HistoryResolution {
    if (to - from > HOURLY_RANGE_MIN_MS) return '1h';
    if (to - from > RAW_RANGE_MAX_MS) return '5m';
    const oldest = (this.stmt.oldestRaw.get(id) as { at: number | null }).at;
    const firstRawBucket = oldest === null ? Infinity : bucketOf(oldest);
    // Buckets only exist before the first raw row once raw rows expired: that part is summaries only.
    if (firstRawBucket > from && this.hasBucketsBetween(id, bucketOf(from), Math.min(firstRawBucket, to + 1))) return '5m';
    return (this.stmt.rawCount.get(id, from, to) as { n: number }).n > RAW_POINTS_MAX ? '5m' : 'raw';
  }

  private hasBucketsBetween(id: number, from: number, to: number): boolean {
    return this.stmt.buckets.get(from, id, from, to - 1) !== undefined;
  }

  private seriesId(deviceId: string, capability: string): number {
    const key = `${deviceId}\u0000${capability}`;
    let state = this.series.get(key);
    if (!state) this.series.set(key, (state = {}));
    return (state.id ??= this.createSeries(deviceId, capability));
  }

  private createSeries(deviceId: string, capability: string): number {
    return Number(this.stmt.insertSeries.run(deviceId, capability).lastInsertRowid);
  }

  /** Every series with its last stored value, so change detection after a restart never queries per value. */
  private loadSeries(): void {
    type Row = {
      id: number;
      deviceId: string;
      capability: string;
      rawLast: number | null;
      bucket: number | null;
      bucketLast: number | null;
    };
    for (const row of this.stmt.loadSeries.all() as Row[]) {
      const last = row.rawLast ?? row.bucketLast ?? undefined;
      this.series.set(`${row.deviceId}\u0000${row.capability}`, {
        id: row.id,
        last,
        written: last,
        bucket: row.bucket ?? undefined,
      });
    }
  }
}
