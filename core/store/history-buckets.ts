/**
 * History's summaries: 5-minute buckets (`history_5m`) and their hourly roll-up (`history_1h`), both with
 * min / max / sum / count / last, both written as additive upserts: a write carries what a bucket gathered since it
 * was last written, and adds it to the stored row. Each 5-minute write adds the same deltas to its hour, so an hour
 * is always the aggregate of its written 5-minute buckets (min of mins, max of maxes, sums and counts added, last of
 * its latest bucket) and a week reads 168 rows per series instead of 2,016.
 */
import type { SqliteDatabase } from './database';

export const BUCKET_MS = 5 * 60_000;
export const HOUR_MS = 60 * 60_000;

export const bucketOf = (at: number): number => at - (at % BUCKET_MS);
export const hourOf = (at: number): number => at - (at % HOUR_MS);

/** What a bucket gathered (since it was last written, once written: see BucketRows.write). */
export interface Bucket {
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
}

export function addToBucket(b: Bucket, value: number): void {
  if (value < b.min) b.min = value;
  if (value > b.max) b.max = value;
  b.sum += value;
  b.count++;
  b.last = value;
}

/**
 * The 5-minute buckets of time-ordered changes. Pure. The value in effect when a bucket starts (the previous
 * change) counts in that bucket too, as the live path does: a bucket's min/mean/max describe all of its 5 minutes.
 */
export function bucketsOf(points: readonly { at: number; value: number }[]): Bucket[] {
  const out: Bucket[] = [];
  let open: Bucket | undefined;
  for (const { at, value } of points) {
    const bucket = bucketOf(at);
    if (!open || open.bucket !== bucket) {
      const carried = open?.last;
      open = { bucket, min: value, max: value, sum: 0, count: 0, last: value };
      out.push(open);
      if (carried !== undefined) addToBucket(open, carried);
    }
    addToBucket(open, value);
  }
  return out;
}

const UPSERT = (table: string) => `INSERT INTO ${table} (series_id, bucket, min, max, sum, count, last)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (series_id, bucket) DO UPDATE SET min = MIN(min, excluded.min), max = MAX(max, excluded.max),
    sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`;

/** The summary tables' statements. Every method runs inside the caller's transaction. */
export class BucketRows {
  private readonly stmt;

  constructor(db: SqliteDatabase) {
    this.stmt = {
      upsert5m: db.prepare(UPSERT('history_5m')),
      upsert1h: db.prepare(UPSERT('history_1h')),
      hourLast: db.prepare(`UPDATE history_1h SET last = (SELECT last FROM history_5m
          WHERE series_id = @series AND bucket >= @hour AND bucket < @hour + ${HOUR_MS} ORDER BY bucket DESC LIMIT 1)
        WHERE series_id = @series AND bucket = @hour`),
      expire5m: db.prepare('DELETE FROM history_5m WHERE series_id = ? AND bucket < ?'),
      expire1h: db.prepare('DELETE FROM history_1h WHERE series_id = ? AND bucket < ?'),
    };
  }

  /**
   * Adds what each bucket gathered to its 5-minute row and its hour's row, then empties it so later values of the
   * same bucket add to the stored rows. `buckets` are one series' in time order, and a series' buckets are written
   * in time order (so the hour's last is the latest written); a write into an hour that may hold later buckets is
   * followed by settleHour. Consecutive buckets of one hour are one upsert of that hour.
   */
  write(seriesId: number, buckets: readonly Bucket[]): void {
    let hour: Bucket | undefined;
    for (const b of buckets) {
      if (b.count === 0) continue;
      this.stmt.upsert5m.run(seriesId, b.bucket, b.min, b.max, b.sum, b.count, b.last);
      if (hour && hour.bucket === hourOf(b.bucket)) {
        if (b.min < hour.min) hour.min = b.min;
        if (b.max > hour.max) hour.max = b.max;
        hour.sum += b.sum;
        hour.count += b.count;
        hour.last = b.last;
      } else {
        if (hour) this.upsertHour(seriesId, hour);
        hour = { ...b, bucket: hourOf(b.bucket) };
      }
      b.sum = 0;
      b.count = 0;
      b.min = Infinity;
      b.max = -Infinity;
    }
    if (hour) this.upsertHour(seriesId, hour);
  }

  private upsertHour(seriesId: number, h: Bucket): void {
    this.stmt.upsert1h.run(seriesId, h.bucket, h.min, h.max, h.sum, h.count, h.last);
  }

  /** An hour's last from its latest 5-minute bucket, after writes out of time order (the backfill of the past). */
  settleHour(seriesId: number, hour: number): void {
    this.stmt.hourLast.run({ series: seriesId, hour });
  }

  /**
   * Deletes 5-minute buckets before `cutoff` and hours that ended before the hour holding it (that hour keeps its
   * summary while part of its buckets go). Returns the rows deleted.
   */
  expire(seriesId: number, cutoff: number): number {
    return this.stmt.expire5m.run(seriesId, cutoff).changes + this.stmt.expire1h.run(seriesId, hourOf(cutoff)).changes;
  }
}
