/** Temporary data directories for store tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'homeroom-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A 0.1 behaviour as this version keeps it: the circadian curve's latitude/longitude moved to the location setting. */
export function withoutCurveLocation<T>(behaviour: T): T {
  const copy = structuredClone(behaviour) as { lighting?: { curve?: Record<string, unknown> } };
  if (copy.lighting?.curve) {
    delete copy.lighting.curve.latitude;
    delete copy.lighting.curve.longitude;
  }
  return copy as T;
}
