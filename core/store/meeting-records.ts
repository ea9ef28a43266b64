/**
 * The meeting lifecycle's records (migration 7): one `meeting_records` row per room and booking, the record as
 * validated JSON (json-rows.ts), so a damaged row is set aside and reported instead of stopping the hub. Written one
 * transaction per lifecycle step (only the records that changed), read once at the runner's start, pruned by end.
 */
import { z } from 'zod';
import type { MeetingRecord } from '../automations/meetings/lifecycle';
import type { MeetingRecordChanges, MeetingRecordRepository } from '../automations/meetings/repository';
import { BOOKING_STATES } from '../model/booking';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

const RowKey = z.tuple([z.string(), z.string()]);

const SOURCE: JsonRowSource = {
  table: 'meeting_records',
  // Two columns make a row's key; readJsonRows names (and sets aside) a row by one text, so the key is their JSON
  // array (JSON also escapes the NUL inside a booking key).
  keyColumn: 'json_array(room_id, key)',
  bodyColumn: 'record',
  orderBy: 'room_id, end_at',
  describe: (rowKey) => {
    const parsed = RowKey.safeParse(safeJson(rowKey));
    return parsed.success ? `a meeting record of room "${parsed.data[0]}"` : 'a meeting record';
  },
  consequence: 'the utilisation report leaves that meeting out',
};

const time = z.number();
const StoredRecord: z.ZodType<MeetingRecord> = z
  .object({
    key: z.string(),
    uid: z.string(),
    occurrence: z.string(),
    title: z.string(),
    private: z.boolean(),
    organizer: z.string().optional(),
    start: time,
    end: time,
    state: z.enum(BOOKING_STATES),
    since: time,
    preparingAt: time.optional(),
    checkedInAt: time.optional(),
    releasedAt: time.optional(),
    endedAt: time.optional(),
    usedUntil: time.optional(),
    endedEarly: z.boolean().optional(),
    unobserved: z.boolean().optional(),
  })
  .strict();

export class MeetingRecordStore implements MeetingRecordRepository {
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO meeting_records (room_id, key, end_at, record, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room_id, key) DO UPDATE SET
         end_at = excluded.end_at, record = excluded.record, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM meeting_records WHERE room_id = ? AND key = ?');
  }

  load(): Map<string, Map<string, MeetingRecord>> {
    const out = new Map<string, Map<string, MeetingRecord>>();
    for (const { key: rowKey, value } of readJsonRows(this.db, SOURCE, StoredRecord, this.now, this.report)) {
      const [roomId, key] = RowKey.parse(JSON.parse(rowKey));
      const records = out.get(roomId) ?? new Map<string, MeetingRecord>();
      records.set(key, { ...value, key });
      out.set(roomId, records);
    }
    return out;
  }

  save({ roomId, put, remove }: MeetingRecordChanges): void {
    const records = put.map((r) => StoredRecord.parse(r));
    const at = this.now();
    this.db.transaction(() => {
      for (const r of records) this.upsert.run(roomId, r.key, r.end, JSON.stringify(r), at);
      for (const key of remove) this.remove.run(roomId, key);
    })();
  }

  prune(before: number): void {
    this.db.prepare('DELETE FROM meeting_records WHERE end_at < ?').run(before);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
