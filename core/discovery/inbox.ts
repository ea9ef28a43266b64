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
}

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

  get(id: string): InboxItem | undefined {
    return this.items.get(id);
  }

  /** Adds or updates; a probe's answer replaces the announcement's guess, pairing state is kept. */
  put(candidate: Candidate, source: { fqdn: string } | 'manual'): InboxItem {
    const id = candidateId(candidate);
    const existing = this.items.get(id);
    const item: InboxItem = existing ?? { candidate, fqdns: new Set(), manual: false };
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
