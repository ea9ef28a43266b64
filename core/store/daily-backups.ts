/**
 * Backups that run themselves: once a day (local date, by the hub's clock) the hub writes its own
 * export into `<data>/backups/homeroom-YYYY-MM-DD.json`, and just before a restore is applied one
 * more (`…THH-MM-SS-before-restore.json`), so a restore can be undone by restoring that one. The
 * newest 7 of each kind are kept. A backup never holds secrets (exportBackup leaves them out); the
 * files are still readable only by their owner (0600), and each is written to a temporary file,
 * fsynced and renamed, so a crash leaves either the old list or the new file whole.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { BackupName, type StoredBackup } from '../model';
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';

export const KEEP_BACKUPS = 7;

const two = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
const localTime = (d: Date) => `${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}`;

/** The file name of the daily backup taken at `at`, or of the one taken before a restore. */
export function backupName(at: number, kind: StoredBackup['kind']): string {
  const d = new Date(at);
  return kind === 'daily' ? `homeroom-${localDate(d)}.json` : `homeroom-${localDate(d)}T${localTime(d)}-before-restore.json`;
}

/** When the name says it was taken (local time), and its kind; undefined for any other file. */
export function parseBackupName(name: string): { at: number; kind: StoredBackup['kind'] } | undefined {
  if (!BackupName.safeParse(name).success) return undefined;
  const m = /^homeroom-(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})-(\d{2})-(\d{2})-before-restore)?\.json$/.exec(name)!;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return { at: new Date(y!, mo! - 1, d!, h, mi, s).getTime(), kind: m[4] === undefined ? 'daily' : 'before-restore' };
}

/** Milliseconds from `now` to the next local midnight (plus a minute, clear of the date change). */
export function msUntilNextDay(now: number): number {
  const d = new Date(now);
  const next = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 0, 1, 0, 0).getTime();
  return Math.max(60_000, next - now);
}

/** Writes `text` to `path` atomically with mode 0600: temporary file, fsync, rename, fsync of the folder. */
export function writeFileAtomic(path: string, dir: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  }
}

export interface DailyBackupsOptions {
  /** `<data>/backups`. */
  dir: string;
  clock: Clock;
  logger: Logger;
  /** The hub's export, as `exportSettings` answers it. */
  take: () => unknown;
  keep?: number;
}

export class DailyBackups {
  private timer: Timer | undefined;
  private readonly keep: number;

  constructor(private readonly options: DailyBackupsOptions) {
    this.keep = options.keep ?? KEEP_BACKUPS;
  }

  /** Takes today's backup unless there is one, then one each day after the local midnight. */
  start(): void {
    if (this.timer !== undefined) return;
    const run = () => {
      this.timer = this.options.clock.setTimeout(run, msUntilNextDay(this.options.clock.now()));
      try {
        this.takeDaily();
      } catch (error) {
        this.options.logger.error(`daily backup failed: ${String(error)}`);
      }
    };
    run();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Today's backup, unless it exists already (a restarted hub does not take a second one). */
  takeDaily(): StoredBackup | undefined {
    const name = backupName(this.options.clock.now(), 'daily');
    if (this.list().some((b) => b.name === name)) return undefined;
    return this.write(name, 'daily');
  }

  /** The backup taken right before a restore is applied. */
  takeBeforeRestore(): StoredBackup {
    return this.write(backupName(this.options.clock.now(), 'before-restore'), 'before-restore');
  }

  /** Newest first. */
  list(): StoredBackup[] {
    let names: string[];
    try {
      names = readdirSync(this.options.dir);
    } catch {
      return [];
    }
    const out: StoredBackup[] = [];
    for (const name of names) {
      const parsed = parseBackupName(name);
      if (!parsed) continue;
      try {
        out.push({ name, ...parsed, bytes: statSync(join(this.options.dir, name)).size });
      } catch {
        // removed meanwhile
      }
    }
    return out.sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
  }

  /** The backup's JSON, or undefined when there is no such backup (only names from the list are read). */
  read(name: string): unknown {
    if (!parseBackupName(name) || !this.list().some((b) => b.name === name)) return undefined;
    return JSON.parse(readFileSync(join(this.options.dir, name), 'utf8')) as unknown;
  }

  private write(name: string, kind: StoredBackup['kind']): StoredBackup {
    const { dir } = this.options;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(join(dir, name), dir, `${JSON.stringify(this.options.take(), null, 2)}\n`);
    this.prune(kind);
    this.options.logger.info(`backup: ${join(dir, name)}`);
    return this.list().find((b) => b.name === name)!;
  }

  /** Keeps the newest `keep` backups of a kind. */
  private prune(kind: StoredBackup['kind']): void {
    for (const old of this.list()
      .filter((b) => b.kind === kind)
      .slice(this.keep))
      rmSync(join(this.options.dir, old.name), { force: true });
  }
}
