import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import { enforcePrivateModes } from './file-modes';
import { setAside } from './set-aside';

const TOKEN_FILE = 'hub-token';
/** At least 128 bits (22 base64url characters); a shorter stored token is replaced by a new one. */
const VALID = /^[A-Za-z0-9_-]{22,200}$/;

/**
 * The API token survives restarts, so a bookmarked login URL keeps working.
 * A damaged token file is set aside (never silently overwritten) and a new token made.
 */
export function loadOrCreateToken(dataDir: string, logger: Logger): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  enforcePrivateModes(dataDir, logger);
  const path = join(dataDir, TOKEN_FILE);
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8').trim();
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && VALID.test(existing)) return existing;
  if (existing !== undefined) {
    const aside = setAside(path, 'corrupt', Date.now());
    logger.warn(`the token file ${path} was damaged; kept it as ${aside} and made a new token`);
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The owner's token renewed from Settings: the hub starts with it from now on. */
export function saveToken(dataDir: string, token: string): void {
  writeFileSync(join(dataDir, TOKEN_FILE), `${token}\n`, { mode: 0o600 });
}
