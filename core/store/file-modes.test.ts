/**
 * A data folder made before (or by hand, or unpacked from a backup) with loose modes is tightened at
 * every start: folder 0700, token, database and key files 0600, and the fix is logged.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub } from '../hub';
import type { Logger } from '../util/logger';
import { loadOrCreateToken } from './hub-token';

const mode = (path: string) => statSync(path).mode & 0o777;

function recording(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (message: string) => lines.push(message);
  return { lines, logger: { debug() {}, info: push, warn: push, error: push } };
}

/** A hub started on the folder: while it runs, the database with its WAL and shared memory and the key are 0600. */
async function expectPrivateWhileRunning(dataDir: string, logger: Logger): Promise<void> {
  const hub = await startHub({ dataDir, embeddedBrokerPort: 0 }, { logger });
  try {
    for (const file of ['homeroom.db', 'homeroom.db-wal', 'homeroom.db-shm', 'secret.key']) {
      expect(mode(join(dataDir, file)), file).toBe(0o600);
    }
  } finally {
    await hub.stop();
  }
}

describe('file modes in the data folder', () => {
  it('are enforced on every start, and each fix is logged', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'homeroom-modes-')), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'hub-token'), 'pre-existing-token-0123456789abcdef\n', { mode: 0o644 });
    chmodSync(join(dataDir, 'hub-token'), 0o644);
    const { logger, lines } = recording();

    expect(loadOrCreateToken(dataDir, logger)).toBe('pre-existing-token-0123456789abcdef');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'hub-token'))).toBe(0o600);

    await expectPrivateWhileRunning(dataDir, logger);
    expect(lines.some((l) => l.includes(dataDir) && /0700/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('hub-token') && /0600/.test(l))).toBe(true);

    // A second start with a file loosened in between (a restore, a copy): fixed again.
    chmodSync(join(dataDir, 'homeroom.db'), 0o644);
    chmodSync(dataDir, 0o755);
    const again = await startHub({ dataDir, embeddedBrokerPort: 0 }, { logger });
    await again.stop();
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'homeroom.db'))).toBe(0o600);
  });

  it('are right from the start in a new data folder: nothing to fix, nothing logged', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'homeroom-modes-')), 'data');
    const { logger, lines } = recording();
    await expectPrivateWhileRunning(dataDir, logger);
    expect(mode(dataDir)).toBe(0o700);
    expect(lines.filter((l) => /had mode|could not set the mode/.test(l))).toEqual([]);
  });
});
