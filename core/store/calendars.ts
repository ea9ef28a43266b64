/**
 * Room calendars (migration 6): each room's calendar config and its last good events as validated JSON rows
 * (json-rows.ts), so a damaged row is set aside and reported instead of stopping the hub. Credentials are secrets.
 */
import { z } from 'zod';
import type { CalendarRepository, StoredEvents } from '../calendars/repository';
import { CalendarConfig, type CalendarEvent } from '../model';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

const CONFIGS: JsonRowSource = {
  table: 'room_calendars',
  keyColumn: 'room_id',
  bodyColumn: 'config',
  orderBy: 'room_id',
  describe: (roomId) => `the calendar of room "${roomId}"`,
  consequence: 'the room has no calendar until it is set again',
};
const EVENTS: JsonRowSource = {
  table: 'room_calendar_events',
  keyColumn: 'room_id',
  bodyColumn: 'events',
  describe: (roomId) => `the saved bookings of room "${roomId}"`,
  consequence: 'they are read again from the calendar',
};

const StoredEvent: z.ZodType<CalendarEvent> = z
  .object({
    uid: z.string(),
    occurrence: z.string(),
    title: z.string(),
    start: z.number(),
    end: z.number(),
    organizer: z.string().optional(),
    private: z.boolean(),
    allDay: z.boolean(),
    cancelled: z.boolean(),
  })
  .strict();
const StoredEventsSchema = z.object({ events: z.array(StoredEvent), syncedAt: z.number() }).strict();

export class CalendarStore implements CalendarRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {}

  list(): { roomId: string; config: CalendarConfig }[] {
    return readJsonRows(this.db, CONFIGS, CalendarConfig, this.now, this.report).map((r) => ({
      roomId: r.key,
      config: r.value,
    }));
  }

  put(roomId: string, config: CalendarConfig): void {
    const valid = CalendarConfig.parse(config);
    this.db
      .prepare(
        `INSERT INTO room_calendars (room_id, config, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (room_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
      )
      .run(roomId, JSON.stringify(valid), this.now());
  }

  delete(roomId: string): void {
    this.db.prepare('DELETE FROM room_calendars WHERE room_id = ?').run(roomId);
  }

  lastEvents(roomId: string): StoredEvents | undefined {
    return readJsonRows(this.db, EVENTS, StoredEventsSchema, this.now, this.report, { key: roomId })[0]?.value;
  }

  /** Written after each sync that changed the events; ignored for a room whose calendar was removed meanwhile. */
  saveEvents(roomId: string, stored: StoredEvents): void {
    this.db
      .prepare(
        `INSERT INTO room_calendar_events (room_id, events, synced_at)
         SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM room_calendars WHERE room_id = ?)
         ON CONFLICT (room_id) DO UPDATE SET events = excluded.events, synced_at = excluded.synced_at`,
      )
      .run(roomId, JSON.stringify(StoredEventsSchema.parse(stored)), stored.syncedAt, roomId);
  }
}
