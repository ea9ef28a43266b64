/**
 * What discovery and the LAN integrations (Shelly, WLED, Hue, Elgato…) agree on. Discovery
 * finds services and addresses; an integration decides whether a service is one of its
 * devices (`claims`), what it is (`probe`), and how to pair with and manage it.
 */
import type { DeviceKind } from '../model';
import type { Integration } from '../integrations/integration';

/** One DNS-SD service instance as seen on the network, already validated and cleaned. */
export interface DiscoveredService {
  /** Full instance name, e.g. `shellyplus1-a8032ab1c2d3._shelly._tcp.local`; the identity across announcements. */
  fqdn: string;
  /** Instance name (first label), cleaned for display. */
  name: string;
  /** Service type without protocol, as in `_shelly._tcp` → `shelly`. */
  type: string;
  /** SRV target host name (cleaned), if any. */
  host?: string;
  /** Addresses from A/AAAA records; when none came, the address the answer was sent from. */
  addresses: string[];
  port: number;
  /** TXT key → value; keys lower-cased, values cleaned and capped. */
  txt: Record<string, string>;
  /** The address the announcement came from (what probes are rate-limited by); unset when unknown. */
  source?: string;
}

/** A device an integration recognised, before or after the user added it. */
export interface Candidate {
  integration: string;
  /** The device's own unique id (Shelly id, MAC, Hue bridge id). */
  uniqueId: string;
  kind: DeviceKind;
  name: string;
  /** The protocol tells no name, so `name` is a stand-in: a name the device announced wins over it. */
  placeholderName?: boolean;
  manufacturer?: string;
  model?: string;
  host: string;
  port: number;
  needsPairing: boolean;
  /** What the person has to do to pair, e.g. press the link button. */
  pairingHint?: string;
  /** The pairing step asks for a password (a Shelly with authentication enabled). */
  needsPassword?: boolean;
  /** How long one pairing attempt keeps trying (the link button's window), for a countdown. */
  pairingWindowMs?: number;
}

/** What is remembered about an added device: enough to reconnect after a restart. */
export interface AddedDevice {
  /** `<integration>:<uniqueId>` */
  id: string;
  integration: string;
  uniqueId: string;
  host: string;
  port: number;
  kind: Candidate['kind'];
  name: string;
  manufacturer?: string;
  model?: string;
  addedAt: number;
  /** Integration-specific, non-secret data (e.g. the Hue bridge's pinned certificate fingerprint). */
  data?: Record<string, string>;
}

export type PairingResult = { ok: true; data?: Record<string, string> } | { ok: false; message: string };

/** An integration that finds its devices on the LAN. */
export interface LanIntegration extends Integration {
  /** DNS-SD service types it wants to see, without protocol: `shelly`, `http`, `hue`… */
  readonly serviceTypes: readonly string[];
  /** Pure: is this service one of ours? A quick candidate from the announcement alone. */
  claims(service: DiscoveredService): Candidate | undefined;
  /** Asks the address for the device's identity (manual add, and to complete an announcement). */
  probe(host: string, port?: number): Promise<Candidate | undefined>;
  /** Pairs (link button, password). Only called for candidates with `needsPairing`. */
  pair?(candidate: Candidate, input: { password?: string }): Promise<PairingResult>;
  /** Starts managing an added device; resolves with its registry device ids once it answered. */
  manage(device: AddedDevice, options?: { waitMs?: number }): Promise<string[]>;
  /**
   * Whether `host:port` proves it is this added device without being given any credential (Hue: it
   * presents the pinned certificate). Absent or false: the user is asked before the device moves.
   */
  provesIdentity?(device: AddedDevice, host: string, port: number): Promise<boolean>;
  /** The device moved to another address (proved, or confirmed by the user). */
  relocate(id: string, host: string, port: number): void;
  /** Stops managing a device (and forgets its secrets). */
  forget?(id: string): Promise<void>;
}

export const candidateId = (c: Pick<Candidate, 'integration' | 'uniqueId'>) => `${c.integration}:${c.uniqueId}`;
