/**
 * The discovery inbox: devices found (by mDNS or by address) that the user has neither added
 * nor ignored. One entry per device, however many services and interfaces announce it.
 */
import { cleanText, type DiscoveryEntry } from '../model';
import { candidateId, type Candidate } from './types';

interface InboxItem {
  candidate: Candidate;
  /** mDNS service instances currently announcing it; empty for a manual entry. */
  fqdns: Set<string>;
  manual: boolean;
  /** Set by a successful pairing; saved with the device when it is added. */
  pairingData?: Record<string, string>;
  /** When it was last announced (or asked for): stale entries make room for new ones. */
  seenAt: number;
}

export interface InboxLimits {
  /** Entries at most (default 200). */
  max?: number;
  /** Not announced for this long, an entry may be forgotten to make room (default 15 min). */
  staleMs?: number;
}

export const INBOX_LIMIT = 200;
export const INBOX_STALE_MS = 15 * 60_000;

/** Device strings come from the network: clean them once, here. */
export function cleanCandidate(c: Candidate): Candidate {
  return {
    ...c,
    uniqueId: cleanText(c.uniqueId, 200),
    name: cleanText(c.name, 100) || cleanText(c.model, 100) || c.integration,
    manufacturer: c.manufacturer === undefined ? undefined : cleanText(c.manufacturer, 100) || undefined,
    model: c.model === undefined ? undefined : cleanText(c.model, 100) || undefined,
    host: c.host.slice(0, 255),
  };
}

export class Inbox {
  private readonly items = new Map<string, InboxItem>();
  private readonly max: number;
  private readonly staleMs: number;

  constructor(limits: InboxLimits = {}) {
    this.max = limits.max ?? INBOX_LIMIT;
    this.staleMs = limits.staleMs ?? INBOX_STALE_MS;
  }

  get size(): number {
    return this.items.size;
  }

  get(id: string): InboxItem | undefined {
    return this.items.get(id);
  }

  /** Announced again: not stale. */
  touch(id: string, now: number): void {
    const item = this.items.get(id);
    if (item) item.seenAt = now;
  }

  /**
   * Adds or updates; a probe's answer replaces the announcement's guess, pairing state is kept. A new
   * entry in a full inbox first makes stale entries go; if none is stale it is dropped (undefined),
   * unless the person asked for it by address, which makes the longest-unseen announced entry go.
   */
  put(candidate: Candidate, source: { fqdn: string } | 'manual', now: number): InboxItem | undefined {
    const id = candidateId(candidate);
    const existing = this.items.get(id);
    if (!existing && this.items.size >= this.max && !this.makeRoom(now, source === 'manual')) return undefined;
    const item: InboxItem = existing ?? { candidate, fqdns: new Set(), manual: false, seenAt: now };
    item.seenAt = now;
    const paired = existing && !existing.candidate.needsPairing;
    item.candidate = { ...cleanCandidate(candidate), ...(paired ? { needsPairing: false } : {}) };
    if (source === 'manual') item.manual = true;
    else item.fqdns.add(source.fqdn);
    this.items.set(id, item);
    return item;
  }

  /** A service said goodbye (or expired); the entry goes when nothing announces it any more. */
  serviceGone(fqdn: string): boolean {
    let changed = false;
    for (const [id, item] of this.items) {
      if (!item.fqdns.delete(fqdn)) continue;
      if (item.fqdns.size === 0 && !item.manual) {
        this.items.delete(id);
        changed = true;
      }
    }
    return changed;
  }

  private makeRoom(now: number, force: boolean): boolean {
    for (const [id, item] of this.items) if (!item.manual && item.seenAt <= now - this.staleMs) this.items.delete(id);
    if (this.items.size < this.max) return true;
    if (!force) return false;
    let oldest: [string, InboxItem] | undefined;
    for (const entry of this.items) if (!entry[1].manual && (!oldest || entry[1].seenAt < oldest[1].seenAt)) oldest = entry;
    if (oldest) this.items.delete(oldest[0]);
    return this.items.size < this.max;
  }

  markPaired(id: string, data: Record<string, string> | undefined): void {
    const item = this.items.get(id);
    if (!item) return;
    item.candidate = { ...item.candidate, needsPairing: false };
    item.pairingData = data;
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  /** The entries shown, minus those the user added or ignored. */
  list(hidden: (id: string) => boolean): DiscoveryEntry[] {
    return [...this.items.entries()]
      .filter(([id]) => !hidden(id))
      .map(([id, item]) => toEntry(id, item))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
}

export function toEntry(id: string, item: InboxItem): DiscoveryEntry {
  const c = item.candidate;
  return {
    id,
    integration: c.integration,
    kind: c.kind,
    name: c.name,
    ...(c.manufacturer ? { manufacturer: c.manufacturer } : {}),
    ...(c.model ? { model: c.model } : {}),
    address: c.host,
    port: c.port,
    needsPairing: c.needsPairing,
    ...(c.needsPairing && c.pairingHint ? { pairingHint: c.pairingHint } : {}),
    ...(c.needsPairing && c.needsPassword ? { needsPassword: true } : {}),
    ...(c.needsPairing && c.pairingWindowMs ? { pairingWindowMs: c.pairingWindowMs } : {}),
    source: item.manual && item.fqdns.size === 0 ? 'manual' : 'mdns',
  };
}
