/**
 * The state of the DNS-SD services we browse for, built from raw mDNS answers. Pure (time comes
 * in as an argument), so announcements, goodbyes, TTL expiry, address changes, duplicates from
 * several interfaces and hostile content are all tested without a network.
 *
 * Why not bonjour-service's Browser alone: it never refreshes a service's `lastSeen`, so its
 * `expire()` would drop services that keep announcing, and it ignores a changed A record.
 */
import { z } from 'zod';
import { cleanText } from '../model';
import type { DiscoveredService } from './types';
import { instanceName, MAX_DNS_NAME, parseTxt, validAddress } from './sanitize';

const DnsRecordSchema = z.object({
  name: z.string().max(MAX_DNS_NAME),
  type: z.string().max(16),
  ttl: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
  data: z.unknown(),
});
type DnsRecord = z.infer<typeof DnsRecordSchema>;
const Srv = z.object({ target: z.string().max(MAX_DNS_NAME), port: z.number().int().min(1).max(65535) });

export interface RawPacket {
  answers?: unknown[];
  additionals?: unknown[];
}

export type ServiceEvent = { kind: 'up' | 'update'; service: DiscoveredService } | { kind: 'down'; service: DiscoveredService };

interface Entry {
  type: string;
  /** The instance name as announced (DNS names compare case-insensitively; people read the original). */
  announced: string;
  ptrExpires: number;
  srv?: { target: string; port: number; expires: number };
  txt?: Record<string, string>;
  referer?: string;
  emitted?: DiscoveredService;
}

/** Records without a TTL (never in real packets) count as this many seconds. */
const DEFAULT_TTL_S = 120;
/** Services and host names remembered at most: a flood of spoofed records cannot grow the tracker without bound. */
export const MAX_TRACKED = 2000;

export class ServiceTracker {
  private readonly entries = new Map<string, Entry>();
  /** host name (lower-case) → address → expiry */
  private readonly hosts = new Map<string, Map<string, number>>();
  /** `_shelly._tcp.local` → `shelly` */
  private readonly typeByPtrName: Map<string, string>;

  constructor(
    types: readonly string[],
    private readonly onEvent: (event: ServiceEvent) => void,
  ) {
    this.typeByPtrName = new Map(types.map((t) => [`_${t}._tcp.local`, t]));
  }

  /** DNS questions that find every browsed type. */
  get questions(): { name: string; type: 'PTR' }[] {
    return [...this.typeByPtrName.keys()].map((name) => ({ name, type: 'PTR' }));
  }

  get services(): DiscoveredService[] {
    return [...this.entries.values()].flatMap((e) => (e.emitted ? [e.emitted] : []));
  }

  /** One response packet; `referer` is the address it came from (the fallback for missing A records). */
  ingest(packet: RawPacket, referer: string | undefined, now: number): void {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])]
      .slice(0, 200)
      .map((r) => DnsRecordSchema.safeParse(r))
      .flatMap((r) => (r.success ? [r.data] : []));
    const touched = new Set<string>();
    const expires = (r: DnsRecord) => now + (r.ttl ?? DEFAULT_TTL_S) * 1000;

    // PTR first: it says which instances exist (or, with TTL 0, that one is leaving).
    for (const r of records) {
      if (r.type !== 'PTR' || typeof r.data !== 'string' || r.data.length > MAX_DNS_NAME) continue;
      const type = this.typeByPtrName.get(r.name.toLowerCase());
      if (!type) continue;
      const key = r.data.toLowerCase();
      if (r.ttl === 0) {
        this.drop(key);
        continue;
      }
      if (!this.entries.has(key) && this.entries.size >= MAX_TRACKED) continue;
      const entry = this.entries.get(key) ?? { type, announced: r.data, ptrExpires: 0 };
      entry.ptrExpires = expires(r);
      entry.referer = validAddress(referer) ?? entry.referer;
      this.entries.set(key, entry);
      touched.add(key);
    }
    for (const r of records) {
      const key = r.name.toLowerCase();
      if (r.type === 'A' || r.type === 'AAAA') {
        const address = validAddress(r.data);
        if (!address) continue;
        if (!this.hosts.has(key) && this.hosts.size >= MAX_TRACKED) continue;
        const known = this.hosts.get(key) ?? new Map<string, number>();
        if (r.ttl === 0) known.delete(address);
        else if (known.has(address) || known.size < 16) known.set(address, expires(r));
        this.hosts.set(key, known);
        for (const [fqdn, entry] of this.entries) if (entry.srv?.target.toLowerCase() === key) touched.add(fqdn);
        continue;
      }
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (r.type === 'SRV') {
        const srv = Srv.safeParse(r.data);
        if (!srv.success) continue;
        if (r.ttl === 0) {
          this.drop(key);
          continue;
        }
        entry.srv = { ...srv.data, expires: expires(r) };
        touched.add(key);
      } else if (r.type === 'TXT') {
        entry.txt = parseTxt(r.data);
        touched.add(key);
      }
    }
    for (const key of touched) this.publish(key, now);
  }

  /** Drops what has outlived its TTL (call every few seconds). */
  expire(now: number): void {
    for (const [host, addresses] of this.hosts) {
      for (const [address, at] of addresses) if (at <= now) addresses.delete(address);
      if (addresses.size === 0) this.hosts.delete(host);
    }
    for (const [key, entry] of this.entries) {
      if (entry.ptrExpires <= now || (entry.srv && entry.srv.expires <= now)) this.drop(key);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry?.emitted) this.onEvent({ kind: 'down', service: entry.emitted });
  }

  private publish(key: string, now: number): void {
    const entry = this.entries.get(key);
    if (!entry?.srv) return; // not complete yet: the SRV record may come in a later answer
    const target = entry.srv.target.toLowerCase();
    const fromHost = [...(this.hosts.get(target) ?? [])].filter(([, at]) => at > now).map(([address]) => address);
    // IPv4 first: link-local IPv6 addresses need a zone and many devices serve only IPv4.
    fromHost.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
    const addresses = fromHost.length ? fromHost : entry.referer ? [entry.referer] : [];
    if (addresses.length === 0) return;
    const service: DiscoveredService = {
      fqdn: key,
      name: instanceName(entry.announced, `_${entry.type}._tcp.local`),
      type: entry.type,
      host: cleanText(entry.srv.target.replace(/\.$/, ''), 255),
      addresses,
      port: entry.srv.port,
      txt: entry.txt ?? {},
      ...(entry.referer ? { source: entry.referer } : {}),
    };
    const previous = entry.emitted;
    // The same service heard from another interface (another sender address) is no change.
    if (previous && JSON.stringify({ ...previous, source: undefined }) === JSON.stringify({ ...service, source: undefined }))
      return;
    entry.emitted = service;
    this.onEvent({ kind: previous ? 'update' : 'up', service });
  }
}
