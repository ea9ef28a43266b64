/**
 * The data folder holds the API token, the database (history, sessions, sealed secrets) and the key
 * that unseals them: only its owner may read it. Modes given at creation are not enough — a folder
 * made by hand, an older version, a copy or a restore leaves them loose — so they are enforced at
 * every start, and each fix is logged.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../util/logger';

/** Files that must be 0600: the token, the database with its WAL and shared-memory files, key files. */
export function isPrivateFile(name: string): boolean {
  return name === 'hub-token' || /^homeroom\.db(-wal|-shm|-journal)?$/.test(name) || name.endsWith('.key');
}

export function enforcePrivateModes(dataDir: string, logger: Logger): void {
  tighten(dataDir, 0o700, logger);
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'backups') tighten(join(dataDir, name), 0o700, logger);
    else if (isPrivateFile(name)) tighten(join(dataDir, name), 0o600, logger);
  }
}

function tighten(path: string, mode: number, logger: Logger): void {
  try {
    const stat = statSync(path);
    if ((stat.mode & 0o777) === mode) return;
    chmodSync(path, mode);
    logger.warn(
      `${path} had mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}; set it to ${mode.toString(8).padStart(4, '0')}`,
    );
  } catch (error) {
    logger.warn(`could not set the mode of ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
