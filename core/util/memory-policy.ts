import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last major collection kept, in per cent. The hub keeps about
 * 55 MB alive at 2,000 devices, and every report replaces its device's state, so the state it replaced dies old: V8's
 * default (up to twice the live heap for a small heap) let a hub at 2,000 msg/s reach 213 MB of RSS before its first
 * major collection and settle at 175 MB after it. An always-on hub should stay small; a major collection every minute
 * or so costs about a millisecond of CPU per second at that load (docs/performance.md).
 */
export const HEAP_GROWING_PERCENT = 40;

/** Applied once at start, by the processes that run a hub (`npm run hub`, the Electron main process). */
export function applyHubMemoryPolicy(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
