/**
 * The one way Homeroom keeps a file it cannot use: renamed (never deleted, never overwritten) to
 * `<file>.<reason>-<time>` beside it, with its SQLite `-wal`/`-shm` companions when it has them, so
 * a person or a newer version can still recover it. The store file, a room-behaviours.json or
 * discovery.json that does not migrate, a damaged key or token file all go through here.
 */
import { existsSync, renameSync } from 'node:fs';

export type SetAsideReason = 'corrupt' | 'newer' | 'migrated';

/** Moves `path` aside and returns where it went. `now` is the clock's time (tests pin it). */
export function setAside(path: string, reason: SetAsideReason, now: number): string {
  // A migrated JSON file keeps a plain name (`discovery.json.migrated`): it is done, not a problem.
  const aside = reason === 'migrated' ? `${path}.migrated` : `${path}.${reason}-${stamp(now)}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}

/** `2026-11-23T10-00-00-000Z`: an ISO time that is also a valid file name everywhere. */
function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}
