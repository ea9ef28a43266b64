/**
 * The hub's one SQLite file (`homeroom.db` in the data directory), opened twice:
 *
 * - `main` (`synchronous=FULL`): everything people set up (settings, rooms, overrides, room behaviours,
 *   people, discovery decisions, learned rates), secrets, migrations. A write the
 *   API acknowledges has been fsynced into the WAL before the call returns.
 * - `history` (`synchronous=NORMAL`): history and logbook batches (at most one transaction a
 *   second). `PRAGMA synchronous` is a per-connection setting, so the history path gets its own
 *   connection to the same file instead of toggling the pragma around each batch. In WAL mode
 *   NORMAL never corrupts the file; at worst a power cut (not a process crash) loses the last
 *   batches. A FULL commit on `main` fsyncs the whole WAL, including earlier NORMAL frames.
 *
 * better-sqlite3 is synchronous, so the two connections never write at the same moment in this
 * process; `busy_timeout` covers a checkpoint running on the other one.
 *
 * A file that is not a database, fails its quick check, or was written by a newer schema
 * version is never reset in place: it is closed, renamed aside by set-aside.ts (with its -wal/-shm
 * files) as `homeroom.db.corrupt-<time>` or `homeroom.db.newer-<time>`, a fresh store is created,
 * and the problem is returned so the hub reports it.
 */
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { MIGRATIONS, type Migration } from './migrations';
import { setAside } from './set-aside';

export type SqliteDatabase = Database.Database;

export const DB_FILE = 'homeroom.db';
/** Above this size the start-up quick check is skipped (it reads the whole file). */
const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface StoreProblem {
  /** `corrupt`/`newer`: the whole file; `damaged`: a row or a JSON file from before that could not be read. */
  kind: 'corrupt' | 'newer' | 'damaged';
  /** For people: what happened and where the old data is. */
  message: string;
  /** Where the old file was moved (unset for a row kept in `damaged_rows`). */
  setAsidePath?: string;
}

export interface OpenedDatabase {
  path: string;
  main: SqliteDatabase;
  history: SqliteDatabase;
  schemaVersion: number;
  /** Set when the previous file could not be used and was kept aside. */
  problem?: StoreProblem;
  close(): void;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Tests use their own list to exercise upgrades. */
  migrations?: readonly Migration[];
}

class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`written by a newer Homeroom (schema version ${found})`);
  }
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const { dataDir, clock, logger } = options;
  const migrations = options.migrations ?? MIGRATIONS;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DB_FILE);

  let problem: StoreProblem | undefined;
  let main: SqliteDatabase;
  let schemaVersion: number;
  try {
    ({ db: main, version: schemaVersion } = openAndMigrate(path, migrations));
  } catch (error) {
    const newer = error instanceof NewerSchemaError;
    const setAsidePath = setAside(path, newer ? 'newer' : 'corrupt', clock.now());
    const why = newer
      ? `The store ${path} was ${(error as NewerSchemaError).message}; this version knows up to ${latest(migrations)}.`
      : `The store ${path} could not be read (${error instanceof Error ? error.message : String(error)}).`;
    problem = {
      kind: newer ? 'newer' : 'corrupt',
      setAsidePath,
      message: `${why} It was kept as ${setAsidePath} and Homeroom started with an empty store: names, rooms, room behaviours, people, added devices and history from before are not shown.`,
    };
    logger.error(problem.message);
    ({ db: main, version: schemaVersion } = openAndMigrate(path, migrations));
  }

  const history = new Database(path, { timeout: 5000 });
  history.pragma('journal_mode = WAL');
  history.pragma('synchronous = NORMAL');
  // A batch touches a leaf page of history_raw per series plus bucket pages: with SQLite's default 2 MB cache a
  // batch of a few hundred series no longer fits and every commit re-reads pages.
  history.pragma('cache_size = -16384');
  history.pragma('foreign_keys = ON');

  return {
    path,
    main,
    history,
    schemaVersion,
    problem,
    close() {
      if (history.open) history.close();
      if (main.open) main.close();
    },
  };
}

function latest(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function openAndMigrate(path: string, migrations: readonly Migration[]): { db: SqliteDatabase; version: number } {
  // A new store is created private (SQLite gives its WAL and shared-memory files the database's mode), so a first
  // start has nothing to tighten; an existing file keeps its mode here and is checked by enforcePrivateModes.
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path, { timeout: 5000 });
  try {
    // Reading the header and schema throws SQLITE_NOTADB / SQLITE_CORRUPT for a damaged file.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (statSync(path).size <= QUICK_CHECK_MAX_BYTES) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    }
    const version = migrate(db, migrations);
    return { db, version };
  } catch (error) {
    try {
      db.close();
    } catch {
      // already unusable
    }
    throw error;
  }
}

/** Applies every migration newer than the file, each in its own transaction. Returns the version. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const known = latest(migrations);
  if (current > known) throw new NewerSchemaError(current);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
  return Math.max(current, known);
}
