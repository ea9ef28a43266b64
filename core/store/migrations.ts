/**
 * The store's schema, as an append-only list. Never edit a released migration: add one.
 * Each runs in its own transaction and is recorded in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, overrides, rooms, secrets, history, logbook',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('home', 'office', 'meeting')),
        position INTEGER NOT NULL
      );
      CREATE TABLE device_overrides (
        device_id TEXT PRIMARY KEY,
        name TEXT,
        room_id TEXT REFERENCES rooms(id) ON DELETE SET NULL,
        hidden INTEGER NOT NULL DEFAULT 0,
        icon TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        cipher TEXT NOT NULL,
        data BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE history_series (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        capability TEXT NOT NULL,
        UNIQUE (device_id, capability)
      );
      CREATE TABLE history_raw (
        series_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (series_id, at)
      ) WITHOUT ROWID;
      CREATE TABLE history_5m (
        series_id INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        sum REAL NOT NULL,
        count INTEGER NOT NULL,
        last REAL NOT NULL,
        PRIMARY KEY (series_id, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE logbook (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        device_id TEXT,
        room_id TEXT,
        message TEXT NOT NULL,
        cause TEXT NOT NULL
      );
      CREATE INDEX logbook_at ON logbook (at);
      CREATE INDEX logbook_device_at ON logbook (device_id, at);
    `,
  },
  {
    version: 2,
    name: 'room behaviours, people, discovery decisions, learned rates, damaged rows',
    // Behaviours and people are stored as their zod-validated JSON (one row each): new fields in
    // those schemas need no migration, and a row that no longer validates is moved to damaged_rows.
    sql: `
      CREATE TABLE room_behaviours (
        room_id TEXT PRIMARY KEY,
        behaviour TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        person TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE discovery_added (
        id TEXT PRIMARY KEY,
        device TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE discovery_ignored (
        id TEXT PRIMARY KEY
      );
      CREATE TABLE learned_rates (
        room_id TEXT PRIMARY KEY,
        rates TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE damaged_rows (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        problem TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE legacy_imports (
        file TEXT PRIMARY KEY,
        imported_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'browser sessions',
    // A signed-in browser's cookie stands for one row; only the id's SHA-256 is stored.
    sql: `
      CREATE TABLE browser_sessions (
        id_hash TEXT PRIMARY KEY,
        token_fingerprint TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'automations, scenes, automation traces',
    // Automations and scenes as their validated JSON (like behaviours); traces are a record, pruned after `traceDays`.
    sql: `
      CREATE TABLE automations (
        id TEXT PRIMARY KEY,
        automation TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE scenes (
        id TEXT PRIMARY KEY,
        scene TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE automation_traces (
        id INTEGER PRIMARY KEY,
        automation_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        trace TEXT NOT NULL
      );
      CREATE INDEX automation_traces_automation_at ON automation_traces (automation_id, at);
      CREATE INDEX automation_traces_at ON automation_traces (at);
    `,
  },
  {
    version: 5,
    name: 'users and their tokens; browser sessions belong to a user',
    // Only each token's SHA-256 is kept. The owner (the hub's own token) is made in code on the first start
    // (core/api/users.ts ensureOwner), because the token lives in the data folder's hub-token file, not here;
    // sessions from before are then given to the owner (BrowserSessions.adopt).
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'guest', 'board')),
        rooms TEXT NOT NULL DEFAULT '[]',
        token_hash TEXT NOT NULL UNIQUE,
        token_created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        owner INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      ALTER TABLE browser_sessions ADD COLUMN user_id TEXT;
      CREATE INDEX browser_sessions_user ON browser_sessions (user_id);
    `,
  },
  {
    version: 6,
    name: 'room calendars and their last good events',
    // The config as validated JSON (credentials are secrets, never here); the events so a restart shows bookings at once.
    sql: `
      CREATE TABLE room_calendars (
        room_id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE room_calendar_events (
        room_id TEXT PRIMARY KEY REFERENCES room_calendars(room_id) ON DELETE CASCADE,
        events TEXT NOT NULL,
        synced_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'meeting records',
    // The meeting lifecycle's record of each booking as validated JSON, so a restart keeps the utilisation report and
    // today's states; the end time (also in the JSON) is a column for pruning and for reading a room's in order.
    sql: `
      CREATE TABLE meeting_records (
        room_id TEXT NOT NULL,
        key TEXT NOT NULL,
        end_at INTEGER NOT NULL,
        record TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (room_id, key)
      );
      CREATE INDEX meeting_records_room_end ON meeting_records (room_id, end_at);
    `,
  },
  {
    version: 8,
    name: 'hourly history roll-up',
    // The 5-minute buckets summed per hour (a week is 168 rows per series instead of 2,016), maintained beside them by
    // core/store/history-buckets.ts. The backfill groups what is stored; an hour's last is its latest bucket's last.
    sql: `
      CREATE TABLE history_1h (
        series_id INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        sum REAL NOT NULL,
        count INTEGER NOT NULL,
        last REAL NOT NULL,
        PRIMARY KEY (series_id, bucket)
      ) WITHOUT ROWID;
      INSERT INTO history_1h (series_id, bucket, min, max, sum, count, last)
        SELECT series_id, hour, MIN(min), MAX(max), SUM(sum), SUM(count),
          (SELECT l.last FROM history_5m l WHERE l.series_id = h.series_id AND l.bucket >= h.hour
            AND l.bucket < h.hour + 3600000 ORDER BY l.bucket DESC LIMIT 1)
        FROM (SELECT series_id, bucket - bucket % 3600000 AS hour, min, max, sum, count FROM history_5m) h
        GROUP BY series_id, hour;
    `,
  },
];
