import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { DB_FILE, openDatabase } from './database';
import { KEY_FILE } from './key-file-cipher';
import { MIGRATIONS } from './migrations';
import { openStore } from './store';
import { tempDataDir } from './test-support';

const dirs: { remove(): void }[] = [];
function dataDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d.dir;
}
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const clock = () => new ManualClock(Date.UTC(2026, 10, 23, 10, 0, 0));

describe('database', () => {
  it('creates every table from an empty directory and records the migrations', () => {
    const dir = dataDir();
    const db = openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger });
    const tables = (
      db.main.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'settings',
        'rooms',
        'device_overrides',
        'secrets',
        'history_series',
        'history_raw',
        'history_5m',
        'logbook',
        'schema_migrations',
      ]),
    );
    expect(db.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.main.pragma('journal_mode', { simple: true })).toBe('wal');
    // FULL = 2 on the settings connection, NORMAL = 1 on the history connection.
    expect(db.main.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.history.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.problem).toBeUndefined();
    db.close();
  });

  it('applies only the migrations a file does not have yet, each once', () => {
    const dir = dataDir();
    openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger, migrations: MIGRATIONS }).close();
    const extra = [...MIGRATIONS, { version: 99, name: 'test column', sql: 'ALTER TABLE rooms ADD COLUMN colour TEXT' }];
    const db = openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger, migrations: extra });
    expect(db.schemaVersion).toBe(99);
    expect(
      (db.main.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    ).toEqual([...MIGRATIONS.map((m) => m.version), 99]);
    db.close();
    // Opening again changes nothing.
    const again = openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger, migrations: extra });
    expect((again.main.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      MIGRATIONS.length + 1,
    );
    again.close();
  });

  it('sets a corrupt file aside, starts empty and says so', () => {
    const dir = dataDir();
    writeFileSync(join(dir, DB_FILE), Buffer.from('this is not a database, just some bytes '.repeat(200)));
    const errors: string[] = [];
    const c = clock();
    const db = openDatabase({ dataDir: dir, clock: c, logger: { ...silentLogger, error: (m) => errors.push(m) } });
    expect(db.problem?.kind).toBe('corrupt');
    expect(db.problem?.setAsidePath).toBe(join(dir, `${DB_FILE}.corrupt-2026-11-23T10-00-00-000Z`));
    expect(db.problem?.message).toMatch(
      /could not be read \(file is not a database\)\. It was kept as .*homeroom\.db\.corrupt-2026-11-23T10-00-00-000Z/,
    );
    expect(errors).toEqual([db.problem?.message]);
    expect(existsSync(db.problem!.setAsidePath!)).toBe(true);
    expect(statSync(db.problem!.setAsidePath!).size).toBeGreaterThan(1000);
    // The new file works.
    expect(db.main.prepare('SELECT COUNT(*) AS n FROM rooms').get()).toEqual({ n: 0 });
    db.close();
  });

  it('sets aside a database whose pages are damaged', () => {
    const dir = dataDir();
    const store = openStore({ dataDir: dir, clock: clock(), logger: silentLogger });
    for (let i = 0; i < 300; i++) store.rooms.create({ name: `Room ${i} ${'x'.repeat(200)}`, kind: 'home' });
    store.close();
    const path = join(dir, DB_FILE);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096 + 100, 4096 * 3); // scribble over pages 2–3, keep the header
    writeFileSync(path, bytes);
    const db = openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger });
    expect(db.problem?.kind).toBe('corrupt');
    expect(db.problem?.message).toMatch(/could not be read/);
    db.close();
  });

  it('sets aside a store written by a newer version instead of touching it', () => {
    const dir = dataDir();
    openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger }).close();
    const raw = new Database(join(dir, DB_FILE));
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(1000, 'from the future', 0);
    raw.close();
    const db = openDatabase({ dataDir: dir, clock: clock(), logger: silentLogger });
    expect(db.problem?.kind).toBe('newer');
    expect(db.problem?.message).toContain(
      `was written by a newer Homeroom (schema version 1000); this version knows up to ${Math.max(...MIGRATIONS.map((m) => m.version))}.`,
    );
    expect(readdirSync(dir).filter((f) => f.includes('.newer-'))).toEqual([`${DB_FILE}.newer-2026-11-23T10-00-00-000Z`]);
    const aside = new Database(db.problem!.setAsidePath!, { readonly: true });
    expect(aside.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1000 });
    aside.close();
    db.close();
  });

  it('reports the problem through the hub health and diagnostics', async () => {
    const { startHub } = await import('../hub');
    const dir = dataDir();
    writeFileSync(join(dir, DB_FILE), 'garbage'.repeat(1000));
    const hub = await startHub({ dataDir: dir, embeddedBrokerPort: 0 }, { logger: silentLogger });
    try {
      const health = await hub.handlers.health({});
      expect(health.storeProblem).toMatch(/could not be read.*kept as/);
      expect(hub.registry.listDiagnostics()[0]).toMatchObject({ level: 'error', subject: 'Store' });
    } finally {
      await hub.stop();
    }
  });
});

describe('secrets', () => {
  it('are encrypted with a key file only the owner can read, and never stored in plain text', () => {
    const dir = dataDir();
    const store = openStore({ dataDir: dir, clock: clock(), logger: silentLogger });
    store.secrets.set('mqtt.password', 'hunter2-very-secret');
    expect(store.secrets.get('mqtt.password')).toBe('hunter2-very-secret');
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const row = store.database.main.prepare('SELECT data FROM secrets').get() as { data: Buffer };
    expect(row.data.toString('latin1')).not.toContain('hunter2');
    store.close();
    const reopened = openStore({ dataDir: dir, clock: clock(), logger: silentLogger });
    expect(reopened.secrets.get('mqtt.password')).toBe('hunter2-very-secret');
    reopened.close();
  });
});
