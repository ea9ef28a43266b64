/**
 * Automatic backups on the hub's clock: one a day into <data>/backups, the newest 7 kept, 0600, written
 * whole (no temporary file left), one more just before a restore; and through the real hub: listed by the
 * API, previewed by name and restored by name, with the restore undone by the backup taken before it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../hub';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { backupName, DailyBackups, msUntilNextDay, parseBackupName } from './daily-backups';
import { tempDataDir } from './test-support';

const DAY = 86_400_000;
/** 10 March 2026, 15:30 local time. */
const START = new Date(2026, 2, 10, 15, 30).getTime();

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temp(): string {
  const made = tempDataDir();
  cleanups.push(() => made.remove());
  return made.dir;
}

describe('DailyBackups', () => {
  it('takes one at start and one after each local midnight, keeps the newest 7, mode 0600', () => {
    const dir = join(temp(), 'backups');
    const clock = new ManualClock(START);
    let n = 0;
    const backups = new DailyBackups({ dir, clock, logger: silentLogger, take: () => ({ n: ++n }) });
    backups.start();
    cleanups.push(() => backups.stop());
    expect(backups.list().map((b) => b.name)).toEqual(['homeroom-2026-03-10.json']);

    clock.advance(10 * DAY);
    const names = backups.list().map((b) => b.name);
    expect(names).toEqual([
      'homeroom-2026-03-20.json',
      'homeroom-2026-03-19.json',
      'homeroom-2026-03-18.json',
      'homeroom-2026-03-17.json',
      'homeroom-2026-03-16.json',
      'homeroom-2026-03-15.json',
      'homeroom-2026-03-14.json',
    ]);
    expect(n).toBe(11);
    // Whole files, nothing temporary left behind, readable only by the owner.
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    for (const name of names) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, names[0]!), 'utf8'))).toEqual({ n: 11 });
    expect(backups.list()[0]!.at).toBe(new Date(2026, 2, 20).getTime());
  });

  it('does not take a second one the same day (a restarted hub), and keeps before-restore ones apart', () => {
    const dir = join(temp(), 'backups');
    const clock = new ManualClock(START);
    const first = new DailyBackups({ dir, clock, logger: silentLogger, take: () => ({ first: true }) });
    first.start();
    first.stop();
    clock.advance(3_600_000);
    const second = new DailyBackups({ dir, clock, logger: silentLogger, take: () => ({ first: false }) });
    second.start();
    cleanups.push(() => second.stop());
    expect(second.read('homeroom-2026-03-10.json')).toEqual({ first: true });

    for (let i = 0; i < 9; i++) {
      clock.advance(1000);
      second.takeBeforeRestore();
    }
    const list = second.list();
    expect(list.filter((b) => b.kind === 'before-restore')).toHaveLength(7);
    expect(list.filter((b) => b.kind === 'daily').map((b) => b.name)).toEqual(['homeroom-2026-03-10.json']);
    expect(list[0]!.name).toBe('homeroom-2026-03-10T16-30-09-before-restore.json');
  });

  it('reads only names of its own backups', () => {
    const dir = join(temp(), 'backups');
    const backups = new DailyBackups({ dir, clock: new ManualClock(START), logger: silentLogger, take: () => ({}) });
    backups.takeDaily();
    expect(backups.read('homeroom-2026-03-10.json')).toEqual({});
    expect(backups.read('homeroom-2026-03-11.json')).toBeUndefined();
    expect(backups.read('../homeroom.db')).toBeUndefined();
    expect(parseBackupName('homeroom-2026-03-10.json/../../x')).toBeUndefined();
  });

  it('names and times agree, and the next run is just after the next local midnight', () => {
    expect(parseBackupName(backupName(START, 'before-restore'))).toEqual({ at: START, kind: 'before-restore' });
    expect(parseBackupName(backupName(START, 'daily'))).toEqual({ at: new Date(2026, 2, 10).getTime(), kind: 'daily' });
    expect(START + msUntilNextDay(START)).toBe(new Date(2026, 2, 11, 0, 1).getTime());
  });
});

describe('automatic backups in the hub', () => {
  async function hubAt(dataDir: string, clock: ManualClock): Promise<Hub> {
    const hub = await startHub({ dataDir, embeddedBrokerPort: 0 }, { logger: silentLogger, clock });
    cleanups.push(() => hub.stop());
    return hub;
  }

  it('lists them, previews one by name, restores it, and the backup taken before undoes the restore', async () => {
    const dataDir = temp();
    const clock = new ManualClock(START);
    const hub = await hubAt(dataDir, clock);
    await hub.handlers.createRoom({ name: 'Office', kind: 'office' });
    clock.advance(DAY); // tomorrow's backup has the office
    const [daily] = await hub.handlers.listBackups({});
    expect(daily).toMatchObject({ name: 'homeroom-2026-03-11.json', kind: 'daily' });
    expect(statSync(join(dataDir, 'backups', daily!.name)).mode & 0o777).toBe(0o600);
    // Never a secret in a backup.
    await hub.handlers.setMqttPassword({ password: 'hunter2-secret' });
    clock.advance(DAY);
    for (const name of readdirSync(join(dataDir, 'backups')))
      expect(readFileSync(join(dataDir, 'backups', name), 'utf8')).not.toContain('hunter2');

    await hub.handlers.createRoom({ name: 'Study', kind: 'home' });
    await hub.handlers.updatePerson({ id: 'bob', name: 'Bob' });
    const preview = await hub.handlers.previewRestore({ name: daily!.name });
    expect(preview).toMatchObject({ ok: true, summary: 'This backup removes the room Study and the person Bob.' });
    expect((await hub.handlers.listRooms({})).map((r) => r.name)).toEqual(['Office', 'Study']);

    const report = await hub.handlers.restoreBackup({ name: daily!.name });
    expect(report).toMatchObject({ ok: true, summary: 'Restored: removed the room Study and the person Bob.' });
    if (!report.ok) throw new Error('refused');
    expect(report.changes.rooms).toEqual({ added: 0, removed: 1, changed: 0 });
    expect(report.changes.people).toEqual({ added: 0, removed: 1, changed: 0 });
    expect((await hub.handlers.listRooms({})).map((r) => r.name)).toEqual(['Office']);
    expect(report.undo).toMatch(/before-restore\.json$/);

    const undone = await hub.handlers.restoreBackup({ name: report.undo! });
    expect(undone).toMatchObject({ ok: true, summary: 'Restored: added the room Study and the person Bob.' });
    expect((await hub.handlers.listPeople({})).map((p) => p.name)).toEqual(['Bob']);
    await expect(hub.handlers.previewRestore({ name: 'homeroom-1999-01-01.json' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.handlers.previewRestore({})).rejects.toMatchObject({ code: 'invalid' });
  });

  it('an invalid backup is refused without taking a backup before it', async () => {
    const hub = await hubAt(temp(), new ManualClock(START));
    const before = await hub.handlers.listBackups({});
    const report = await hub.handlers.importSettings({ backup: { format: 'homeroom-backup', version: 2 } });
    expect(report.ok).toBe(false);
    expect(await hub.handlers.listBackups({})).toEqual(before);
  });
});
