/**
 * Occupancy fusion, pure: from what each source last reported (and when), the room's manual holds
 * and its previous state, decide occupied / leaving / vacant, which source holds the room, and
 * when to look again. Time is a parameter; nothing here reads a clock.
 *
 * "Vacant after N minutes" means the room is vacant N minutes after the last sign of life; the
 * leaving grace (lights dimmed as a warning) is the last part of that time, not added to it.
 */
import type { ManualHold, OccupancySettings, OccupancySource, OccupancyState, SourceKind, StuckSource } from '../../model';

export interface SourceReading {
  id: string;
  name: string;
  kind: Exclude<SourceKind, 'hold'>;
  /** motion detected, presence, door open, media playing, person marked present; a light is momentary (always false). */
  active: boolean;
  /** When `active` last changed. */
  since: number;
  /** Last time the source was known active (its last activity, for momentary sources; the last detection for motion). */
  lastActiveAt: number | null;
  /** Last time it became active (an edge, or a momentary event). */
  activatedAt: number | null;
  /** A door the user marked as this room's own (never an entrance): the closed-door rule may use it. */
  own?: boolean;
}

export interface OccupancyInput {
  settings: OccupancySettings;
  sources: readonly SourceReading[];
  holds: readonly ManualHold[];
  prev: OccupancyState | undefined;
  now: number;
}

/** One source holding the room, and when the room's maximum hold would stop it (null: never). */
export interface Holder {
  source: OccupancySource;
  /** When the room is vacant by this source alone (Infinity: held while it stays active). */
  until: number;
  cappedAt: number | null;
  /** When its activity started (what triggered the room). */
  activatedAt: number;
}

export interface OccupancyResult {
  state: OccupancyState;
  /** When the state may change without new input (the runner sets one timer for it). */
  nextAt: number | null;
  /** Sources holding the room now, the one that explains it first. */
  holders: Holder[];
  /** Sources still "active" that the maximum hold no longer counts. */
  stuck: StuckSource[];
}

const EVIDENCE: ReadonlySet<SourceKind> = new Set(['motion', 'presence', 'light', 'media', 'person']);
/** Ties between holders go to the more certain kind. */
const RANK: Record<SourceKind, number> = { person: 6, hold: 5, presence: 4, door: 3, media: 2, motion: 1, light: 0 };

/** Sources that still count after a "vacant" hold: only activity that started after it. */
function counts(s: SourceReading, ignoreBefore: number): boolean {
  return (s.activatedAt ?? -Infinity) > ignoreBefore;
}

const ref = (s: { id: string; name: string; kind: SourceKind }): OccupancySource => ({ id: s.id, name: s.name, kind: s.kind });

interface Hold {
  until: number;
  cappedAt: number | null;
  /** Stuck: active, but past the maximum hold without other activity (it held until `until`). */
  stuck: boolean;
}

/**
 * Until when one source keeps the room occupied (may lie in the past). `corroboratedAt` is the latest
 * activation of any *other* source: a source continuously active for longer than the room's maximum
 * hold without one is stuck and stops counting.
 */
export function holdOf(s: SourceReading, settings: OccupancySettings, corroboratedAt: number, now: number): Hold {
  const timeout = settings.vacancyTimeoutS * 1000;
  const capped = (until: number): Hold => {
    const bound = Math.max(s.since, corroboratedAt) + settings.presenceMaxHoldS * 1000;
    return now < bound ? { until, cappedAt: bound, stuck: false } : { until: bound, cappedAt: bound, stuck: true };
  };
  const released = (until: number): Hold => ({ until, cappedAt: null, stuck: false });
  switch (s.kind) {
    case 'person':
      // Marked present by someone: occupied for as long as they are marked (no sensor can be stuck here).
      return released(s.active ? Infinity : -Infinity);
    case 'motion':
    case 'light':
      return s.active ? capped(now + timeout) : released((s.lastActiveAt ?? -Infinity) + timeout);
    case 'media':
      return s.active ? capped(Infinity) : released((s.lastActiveAt ?? -Infinity) + timeout);
    case 'presence':
      return s.active ? capped(Infinity) : released((s.lastActiveAt ?? -Infinity) + settings.presenceTimeoutS * 1000);
    case 'door':
      return released(-Infinity);
  }
}

/**
 * Wasp in a box: the room's own doors (and every other door of it) closed, and someone showed up
 * inside after the last one closed. Doors not marked own never hold a room; entrances are never own.
 */
function waspHolder(sources: readonly SourceReading[], settings: OccupancySettings, ignoreBefore: number, now: number) {
  const doors = sources.filter((s) => s.kind === 'door');
  const own = doors.filter((d) => d.own === true);
  if (own.length === 0 || doors.some((d) => d.active)) return undefined;
  const closedAt = Math.max(...doors.map((d) => d.since));
  const inside = sources
    .filter((s) => EVIDENCE.has(s.kind) && (s.activatedAt ?? -Infinity) > closedAt && counts(s, ignoreBefore))
    .map((s) => s.activatedAt!);
  if (inside.length === 0) return undefined;
  const last = own.reduce((a, b) => (b.since > a.since ? b : a));
  const bound = Math.max(...inside) + settings.presenceMaxHoldS * 1000;
  const source = ref(last);
  if (now >= bound) return { stuck: { source, activeSince: closedAt, ignoredSince: bound } };
  return { holder: { source, until: Infinity, cappedAt: bound, activatedAt: closedAt } satisfies Holder };
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
  const grace = settings.leavingGraceS * 1000;

  const holders: Holder[] = [];
  const stuck: StuckSource[] = [];
  for (const s of live) {
    if (s.kind === 'door') continue;
    const corroboratedAt = Math.max(
      -Infinity,
      ...live.filter((o) => o.id !== s.id && EVIDENCE.has(o.kind)).map((o) => o.activatedAt ?? -Infinity),
    );
    const hold = holdOf(s, settings, corroboratedAt, now);
    if (hold.stuck) stuck.push({ source: ref(s), activeSince: s.since, ignoredSince: hold.until });
    if (hold.until > now)
      holders.push({ source: ref(s), until: hold.until, cappedAt: hold.cappedAt, activatedAt: s.activatedAt ?? s.since });
  }
  if (occupiedHold?.kind === 'occupied')
    holders.push({
      source: { id: 'hold', name: 'Manual hold', kind: 'hold' },
      until: occupiedHold.until,
      cappedAt: null,
      activatedAt: occupiedHold.since,
    });
  if (settings.waspInBox) {
    const wasp = waspHolder(sources, settings, vacantHold, now);
    if (wasp?.holder) holders.push(wasp.holder);
    if (wasp?.stuck) stuck.push(wasp.stuck);
  }
  // The holder that lasts longest explains the room; ties go to the more certain kind.
  holders.sort((a, b) => b.until - a.until || RANK[b.source.kind] - RANK[a.source.kind]);
  const occupying = holders.filter((h) => h.until - grace > now);

  const wasVacant = !prev || prev.state === 'vacant';
  const marked = holders.some((h) => h.source.kind === 'person');
  const agreed = !wasVacant || occupiedHold !== undefined || marked || agreementMet(sources, settings, vacantHold, now);
  const future: number[] = [];

  let state: OccupancyState;
  if (occupying.length > 0 && agreed) {
    const main = occupying[0]!;
    const until = Number.isFinite(main.until) ? main.until - grace : null;
    // What showed life most recently made the room occupied (not the door that then keeps it so).
    const newest = occupying
      .filter((h) => h.source.kind !== 'door')
      .reduce<Holder | undefined>((a, h) => (!a || h.activatedAt > a.activatedAt ? h : a), undefined);
    const trigger = prev?.state === 'occupied' && prev.trigger ? prev.trigger : (newest?.source ?? main.source);
    state = {
      state: 'occupied',
      since: prev?.state === 'occupied' ? prev.since : now,
      source: main.source,
      until,
      paused,
      trigger,
    };
  } else if (holders.length > 0 && prev !== undefined && prev.state !== 'vacant') {
    const end = Math.max(...holders.map((h) => h.until));
    state = {
      state: 'leaving',
      since: prev.state === 'leaving' ? prev.since : now,
      source: prev.source,
      until: end,
      paused,
      trigger: prev.trigger ?? null,
    };
  } else {
    state = {
      state: 'vacant',
      since: prev?.state === 'vacant' ? prev.since : now,
      source: prev?.source ?? null,
      until: null,
      paused,
      trigger: prev?.trigger ?? null,
    };
  }
  for (const h of holders) {
    if (Number.isFinite(h.until)) future.push(h.until - grace, h.until);
    if (h.cappedAt !== null) future.push(h.cappedAt);
  }
  // A hold ending, a pause ending: worth a look.
  for (const h of holds) if ('until' in h && h.until !== undefined && h.until > now) future.push(h.until);
  const nextAt = future
    .filter((t) => t > now && Number.isFinite(t))
    .reduce<number | null>((a, t) => (a === null || t < a ? t : a), null);
  return { state, nextAt, holders: state.state === 'occupied' ? occupying : [], stuck };
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
  // A motion sensor clears by itself a while after it last saw movement: the last sign of life is its last detection.
  const lastActiveAt = !active && base.kind === 'motion' ? (prev.lastActiveAt ?? now) : now;
  return { ...prev, ...base, active, since: now, lastActiveAt, activatedAt: active ? now : prev.activatedAt };
}

/** A momentary sign of life (a light operated by hand). */
export function momentary(
  prev: SourceReading | undefined,
  base: Omit<SourceReading, 'active' | 'since' | 'lastActiveAt' | 'activatedAt'>,
  now: number,
): SourceReading {
  return { ...(prev ?? { since: now }), ...base, active: false, lastActiveAt: now, activatedAt: now };
}
