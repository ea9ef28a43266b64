/**
 * SSDP (UPnP discovery), pure: the validation of the datagrams that come back (unicast responses,
 * multicast NOTIFY alive/byebye; framing in core/protocols/ssdp.ts, which the simulator shares) and
 * the DiscoveredService a player becomes, so it is claimed exactly like an mDNS service.
 * Everything here comes from whoever is on the network: sizes are capped, values checked
 * with zod, and a LOCATION that points anywhere but the responder itself is refused.
 */
import { z } from 'zod';
import { cleanText } from '../model';
import type { SsdpMessage } from '../protocols/ssdp';
import type { DiscoveredService } from './types';

/** Sonos players answer this search target. */
export const ZONE_PLAYER_ST = 'urn:schemas-upnp-org:device:ZonePlayer:1';

/** Search target → the DNS-SD service type whose integration claims it. */
export interface SsdpTarget {
  st: string;
  type: string;
}

/** What SSDP finds, and for which integration (filtered by the service types the hub's integrations want). */
export const SSDP_TARGETS: readonly SsdpTarget[] = [{ st: ZONE_PLAYER_ST, type: 'sonos' }];

const DEFAULT_MAX_AGE_S = 1800;
const MAX_MAX_AGE_S = 86_400;

const Token = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // Printable ASCII only: these end up in ids and logs.
    .regex(/^[\x21-\x7e][\x20-\x7e]*$/);

const AnnouncementSchema = z.object({
  location: Token(512),
  usn: Token(256),
  'x-rincon-household': Token(128).optional(),
  'cache-control': z.string().max(256).optional(),
});

/** One device as SSDP announced it, validated. */
export interface SsdpPlayer {
  usn: string;
  /** The device's UDN (USN before `::`, without `uuid:`). */
  udn: string;
  st: string;
  location: string;
  host: string;
  port: number;
  household?: string;
  maxAgeS: number;
}

export type SsdpResult = { ok: true; player: SsdpPlayer } | { ok: false; reason: string };

/**
 * A search response or NOTIFY alive → the player, if it is for one of `targets` and its LOCATION
 * is http(s) on the address the datagram came from (a device names only itself).
 */
export function validateAnnouncement(message: SsdpMessage, from: string, targets: readonly string[]): SsdpResult {
  const h = message.headers;
  const st = message.kind === 'notify' ? h.nt : h.st;
  if (message.kind === 'search') return { ok: false, reason: 'a search, not an answer' };
  if (message.kind === 'notify' && h.nts !== 'ssdp:alive') return { ok: false, reason: `not ssdp:alive (${short(h.nts)})` };
  if (!st || !targets.includes(st)) return { ok: false, reason: `not a wanted search target (${short(st)})` };
  const parsed = AnnouncementSchema.safeParse(h);
  if (!parsed.success) {
    return { ok: false, reason: `invalid headers: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  }
  const { location, usn } = parsed.data;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return { ok: false, reason: `LOCATION is not a URL (${short(location)})` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `LOCATION is not http(s) (${short(location)})` };
  }
  if (url.username || url.password) return { ok: false, reason: 'LOCATION carries credentials' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host !== from) return { ok: false, reason: `LOCATION ${short(location)} is not the responder's own address ${from}` };
  const udn = udnOf(usn);
  if (!udn) return { ok: false, reason: `USN without a uuid (${short(usn)})` };
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const household = parsed.data['x-rincon-household'];
  return {
    ok: true,
    player: {
      usn,
      udn,
      st,
      location: url.href,
      host,
      port,
      ...(household ? { household } : {}),
      maxAgeS: maxAge(parsed.data['cache-control']),
    },
  };
}

/** A NOTIFY ssdp:byebye → the USN that went (undefined for anything else). */
export function byebyeUsn(message: SsdpMessage, targets: readonly string[]): string | undefined {
  const h = message.headers;
  if (message.kind !== 'notify' || h.nts !== 'ssdp:byebye' || !h.nt || !targets.includes(h.nt)) return undefined;
  const usn = Token(256).safeParse(h.usn);
  return usn.success ? usn.data : undefined;
}

/** `uuid:RINCON_…01400::urn:…` → `RINCON_…01400`. */
export function udnOf(usn: string): string | undefined {
  const m = usn.match(/^uuid:([^:]{1,128})(?:::|$)/i);
  return m?.[1];
}

function maxAge(cacheControl: string | undefined): number {
  const m = cacheControl?.match(/max-age\s*=\s*(\d{1,9})/i);
  const value = m ? Number(m[1]) : DEFAULT_MAX_AGE_S;
  return Math.min(MAX_MAX_AGE_S, Math.max(10, value));
}

/** The player as the service an integration claims (`type` from its search target; name = UDN, no room). */
export function ssdpService(player: SsdpPlayer, type: string): DiscoveredService {
  return {
    fqdn: `ssdp:${player.usn}`,
    name: cleanText(player.udn, 100),
    type,
    addresses: [player.host],
    port: player.port,
    txt: {
      location: cleanText(player.location, 200),
      ...(player.household ? { household: cleanText(player.household, 200) } : {}),
    },
  };
}

const short = (value: string | undefined) => (value === undefined ? 'none' : JSON.stringify(value.slice(0, 80)));
