/**
 * Occupancy fusion, pure: from what each source last reported (and when), the room's manual holds
 * and its previous state, decide occupied / leaving / vacant, which source holds the room, and
 * when to look again. Time is a parameter; nothing here reads a clock.
 */
import type { ManualHold, OccupancySettings, OccupancySource, OccupancyState, SourceKind } from '../../model';

export interface SourceReading {
  id: string;
  name: string;
  kind: Exclude<SourceKind, 'hold'>;
  /** motion detected, presence, door open, media playing; a light is momentary (always false). */
  active: boolean;
  /** When `active` last changed. */
  since: number;
  /** Last time the source was known active (its last activity, for momentary sources). */
  lastActiveAt: number | null;
  /** Last time it became active (an edge, or a momentary event). */
  activatedAt: number | null;
}

export interface OccupancyInput {
  settings: OccupancySettings;
  sources: readonly SourceReading[];
  holds: readonly ManualHold[];
  prev: OccupancyState | undefined;
  now: number;
}

export interface OccupancyResult {
  state: OccupancyState;
  /** When the state may change without new input (the runner sets one timer for it). */
  nextAt: number | null;
}

interface Holder {
  source: OccupancySource;
  until: number;
}

const EVIDENCE: ReadonlySet<SourceKind> = new Set(['motion', 'presence', 'light', 'media']);

/** Sources that still count after a "vacant" hold: only activity that started after it. */
function counts(s: SourceReading, ignoreBefore: number): boolean {
  return (s.activatedAt ?? -Infinity) > ignoreBefore;
}

/** Until when one source keeps the room occupied (may lie in the past). */
export function heldUntil(s: SourceReading, settings: OccupancySettings, corroboratedAt: number, now: number): number {
  const timeout = settings.vacancyTimeoutS * 1000;
  switch (s.kind) {
    case 'motion':
    case 'light':
      return s.active ? now + timeout : (s.lastActiveAt ?? -Infinity) + timeout;
    case 'media':
      return s.active ? Infinity : (s.lastActiveAt ?? -Infinity) + timeout;
    case 'presence': {
      if (!s.active) return (s.lastActiveAt ?? -Infinity) + settings.presenceTimeoutS * 1000;
      // A sensor stuck at "detected" holds only so long without any other sign of life.
      const bound = Math.max(s.since, corroboratedAt) + settings.presenceMaxHoldS * 1000;
      return now < bound ? Infinity : bound;
    }
    case 'door':
      return -Infinity;
  }
}

/** Wasp in a box: every door closed, and someone showed up inside after the last one closed. */
function waspHolder(sources: readonly SourceReading[], ignoreBefore: number): Holder | undefined {
  const doors = sources.filter((s) => s.kind === 'door');
  if (doors.length === 0 || doors.some((d) => d.active)) return undefined;
  const closedAt = Math.max(...doors.map((d) => d.since));
  const inside = sources.some((s) => EVIDENCE.has(s.kind) && (s.activatedAt ?? -Infinity) > closedAt && counts(s, ignoreBefore));
  if (!inside) return undefined;
  const last = doors.reduce((a, b) => (b.since > a.since ? b : a));
  return { source: { id: last.id, name: last.name, kind: 'door' }, until: Infinity };
}

function agreementMet(
  sources: readonly SourceReading[],
  settings: OccupancySettings,
  ignoreBefore: number,
  now: number,
): boolean {
  const { n, windowS } = settings.agreement;
  if (n <= 1) return true;
  const recent = sources.filter(
    (s) => EVIDENCE.has(s.kind) && counts(s, ignoreBefore) && (s.active || (s.lastActiveAt ?? -Infinity) >= now - windowS * 1000),
  );
  return recent.length >= Math.min(n, sources.filter((s) => EVIDENCE.has(s.kind)).length);
}

export function evaluateOccupancy({ settings, sources, holds, prev, now }: OccupancyInput): OccupancyResult {
  const paused = holds.some((h) => h.kind === 'paused' && (h.until === undefined || h.until > now));
  const vacantHold = holds.filter((h) => h.kind === 'vacant').reduce<number>((a, h) => Math.max(a, h.since), -Infinity);
  const occupiedHold = holds.find((h) => h.kind === 'occupied' && h.until > now && h.since > vacantHold);
  const live = sources.filter((s) => s.kind === 'door' || counts(s, vacantHold));
  const corroboratedAt = Math.max(-Infinity, ...live.filter((s) => s.kind !== 'presence').map((s) => s.activatedAt ?? -Infinity));

  const holders: Holder[] = [];
  let lastRelease = -Infinity;
  for (const s of live) {
    if (s.kind === 'door') continue;
    const until = heldUntil(s, settings, corroboratedAt, now);
    if (until > now) holders.push({ source: { id: s.id, name: s.name, kind: s.kind }, until });
    else lastRelease = Math.max(lastRelease, until);
  }
  if (occupiedHold?.kind === 'occupied')
    holders.push({ source: { id: 'hold', name: 'Manual hold', kind: 'hold' }, until: occupiedHold.until });
  const wasp = settings.waspInBox ? waspHolder(sources, vacantHold) : undefined;
  if (wasp) holders.push(wasp);

  const wasVacant = !prev || prev.state === 'vacant';
  const agreed = !wasVacant || occupiedHold !== undefined || agreementMet(sources, settings, vacantHold, now);
  const future: number[] = [];

  let state: OccupancyState;
  if (holders.length > 0 && agreed) {
    // The holder that lasts longest explains the room; ties go to the more certain kind.
    const rank: Record<SourceKind, number> = { hold: 5, presence: 4, door: 3, media: 2, motion: 1, light: 0 };
    const main = holders.reduce((a, b) =>
      b.until > a.until || (b.until === a.until && rank[b.source.kind] > rank[a.source.kind]) ? b : a,
    );
    const until = Number.isFinite(main.until) ? main.until : null;
    state = { state: 'occupied', since: prev?.state === 'occupied' ? prev.since : now, source: main.source, until, paused };
    for (const h of holders) if (Number.isFinite(h.until)) future.push(h.until);
  } else {
    const graceEnd = lastRelease + settings.leavingGraceS * 1000;
    const leaving = prev !== undefined && prev.state !== 'vacant' && now < graceEnd && vacantHold < lastRelease;
    if (leaving) {
      state = {
        state: 'leaving',
        since: prev.state === 'leaving' ? prev.since : now,
        source: prev.source,
        until: graceEnd,
        paused,
      };
      future.push(graceEnd);
    } else {
      state = {
        state: 'vacant',
        since: prev?.state === 'vacant' ? prev.since : now,
        source: wasVacant ? (prev?.source ?? null) : prev.source,
        until: null,
        paused,
      };
    }
  }
  // A stuck presence sensor's bound, a hold ending, a pause ending: all worth a look.
  for (const h of holds) if ('until' in h && h.until !== undefined && h.until > now) future.push(h.until);
  for (const s of live)
    if (s.kind === 'presence' && s.active) future.push(Math.max(s.since, corroboratedAt) + settings.presenceMaxHoldS * 1000);
  const nextAt = future
    .filter((t) => t > now && Number.isFinite(t))
    .reduce<number | null>((a, t) => (a === null || t < a ? t : a), null);
  return { state, nextAt };
}

/** Fold one report into a source's reading (edges and last activity). */
export function observe(
  prev: SourceReading | undefined,
  base: Omit<SourceReading, 'active' | 'since' | 'lastActiveAt' | 'activatedAt'>,
  active: boolean,
  now: number,
): SourceReading {
  if (!prev) return { ...base, active, since: now, lastActiveAt: active ? now : null, activatedAt: active ? now : null };
  if (prev.active === active) return { ...prev, ...base, lastActiveAt: active ? now : prev.lastActiveAt };
  return { ...prev, ...base, active, since: now, lastActiveAt: now, activatedAt: active ? now : prev.activatedAt };
}

/** A momentary sign of life (a light operated by hand). */
export function momentary(
  prev: SourceReading | undefined,
  base: Omit<SourceReading, 'active' | 'since' | 'lastActiveAt' | 'activatedAt'>,
  now: number,
): SourceReading {
  return { ...(prev ?? { since: now }), ...base, active: false, lastActiveAt: now, activatedAt: now };
}
