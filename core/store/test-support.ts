/** Temporary data directories for store tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'homeroom-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
