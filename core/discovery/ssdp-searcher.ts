/**
 * The SSDP searcher, for devices that mDNS does not find (older Sonos players): one socket
 * bound to each configured interface address sends `M-SEARCH` (at start, then with a growing
 * interval) and reads the unicast answers; one socket on 1900 hears NOTIFY alive/byebye, kept
 * to senders on the configured interfaces' subnets. Players are de-duplicated by USN and handed
 * on as the same ServiceEvents the mDNS browser produces. Multicast: the hub runs this for real;
 * tests run it only inside scripts/netns.sh.
 */
import dgram from 'node:dgram';
import os from 'node:os';
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import { browseAddresses, type InterfaceAddress } from './interfaces';
import { mSearch, parseSsdpMessage, SSDP_GROUP, SSDP_PORT } from '../protocols/ssdp';
import { byebyeUsn, ssdpService, validateAnnouncement, type SsdpPlayer, type SsdpTarget } from './ssdp';
import type { ServiceEvent } from './tracker';
import type { DiscoveredService } from './types';

export interface SsdpSearcherOptions {
  targets: readonly SsdpTarget[];
  /** Interface names or addresses; default every non-internal interface (as the mDNS browser). */
  interfaces?: readonly string[];
  clock: Clock;
  logger: Logger;
  onEvent: (event: ServiceEvent) => void;
  /** Longest gap between two searches (default 5 min). */
  maxSearchIntervalMs?: number;
  /** Listen for NOTIFY on 1900 (default true). */
  listenNotify?: boolean;
}

interface Known {
  service: DiscoveredService;
  expires: number;
}

const EXPIRE_EVERY_MS = 5000;

export class SsdpSearcher {
  private readonly searchSockets: { name: string; address: string; socket: dgram.Socket }[] = [];
  private notifySocket: dgram.Socket | undefined;
  private readonly known = new Map<string, Known>();
  private readonly typeBySt: Map<string, string>;
  private searchTimer: Timer | undefined;
  private expireTimer: Timer | undefined;
  private searchInterval = 1000;
  private subnets: { address: number; mask: number }[] = [];
  private stopped = false;

  constructor(private readonly options: SsdpSearcherOptions) {
    this.typeBySt = new Map(options.targets.map((t) => [t.st, t.type]));
  }

  get services(): DiscoveredService[] {
    return [...this.known.values()].map((k) => k.service);
  }

  async start(): Promise<void> {
    const { logger, clock } = this.options;
    if (this.typeBySt.size === 0) return;
    const addresses = browseAddresses(this.options.interfaces);
    this.subnets = subnetsOf(addresses);
    for (const { name, address } of addresses) {
      try {
        const socket = await bindSocket({ address, port: 0 }, false);
        socket.setMulticastInterface(address);
        socket.setMulticastTTL(2);
        socket.on('message', (data, rinfo) => this.onMessage(data, rinfo.address, 'search'));
        socket.on('error', (error) => logger.debug(`ssdp on ${name}: ${error.message}`));
        this.searchSockets.push({ name, address, socket });
        logger.info(`discovery: SSDP search on ${name} (${address})`);
      } catch (error) {
        logger.warn(`discovery: SSDP search on ${name} (${address}) failed: ${errorText(error)}`);
      }
    }
    if (this.options.listenNotify ?? true) await this.listenNotify(addresses);
    if (this.stopped) return this.close();
    this.search();
    const expire = () => {
      this.expire(clock.now());
      this.expireTimer = clock.setTimeout(expire, EXPIRE_EVERY_MS);
    };
    this.expireTimer = clock.setTimeout(expire, EXPIRE_EVERY_MS);
  }

  /** Search again now and restart the interval. */
  refresh(): void {
    this.searchInterval = 1000;
    if (this.searchTimer !== undefined) this.options.clock.clearTimeout(this.searchTimer);
    this.search();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const { clock } = this.options;
    if (this.searchTimer !== undefined) clock.clearTimeout(this.searchTimer);
    if (this.expireTimer !== undefined) clock.clearTimeout(this.expireTimer);
    this.searchTimer = this.expireTimer = undefined;
    await this.close();
  }

  private async close(): Promise<void> {
    const sockets = [...this.searchSockets.splice(0).map((s) => s.socket), ...(this.notifySocket ? [this.notifySocket] : [])];
    this.notifySocket = undefined;
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private async listenNotify(addresses: InterfaceAddress[]): Promise<void> {
    const { logger } = this.options;
    try {
      const socket = await bindSocket({ address: '0.0.0.0', port: SSDP_PORT }, true);
      for (const { address } of addresses) socket.addMembership(SSDP_GROUP, address);
      socket.on('message', (data, rinfo) => this.onMessage(data, rinfo.address, 'notify'));
      socket.on('error', (error) => logger.debug(`ssdp NOTIFY: ${error.message}`));
      this.notifySocket = socket;
    } catch (error) {
      logger.warn(`discovery: not listening for SSDP NOTIFY: ${errorText(error)}`);
    }
  }

  private search(): void {
    if (this.stopped) return;
    for (const { name, socket } of this.searchSockets) {
      for (const st of this.typeBySt.keys()) {
        socket.send(mSearch(st), SSDP_PORT, SSDP_GROUP, (error) => {
          if (error) this.options.logger.debug(`discovery: SSDP search on ${name} failed: ${error.message}`);
        });
      }
    }
    const max = this.options.maxSearchIntervalMs ?? 5 * 60_000;
    this.searchTimer = this.options.clock.setTimeout(() => this.search(), this.searchInterval);
    this.searchInterval = Math.min(max, this.searchInterval * 2);
  }

  private onMessage(data: Buffer, from: string, socket: 'search' | 'notify'): void {
    if (this.stopped) return;
    const { logger, clock } = this.options;
    const message = parseSsdpMessage(data);
    if (!message || message.kind === 'search') return;
    // The NOTIFY socket hears every interface; only the configured ones count.
    if (socket === 'notify' && (message.kind !== 'notify' || !this.onConfiguredSubnet(from))) return;
    if (socket === 'search' && message.kind !== 'response') return;
    const targets = [...this.typeBySt.keys()];
    const gone = byebyeUsn(message, targets);
    if (gone !== undefined) return this.remove(gone);
    const result = validateAnnouncement(message, from, targets);
    if (!result.ok) {
      // Other UPnP devices answer ssdp:all and announce themselves all the time: not worth more than debug.
      logger.debug(`discovery: ignored an SSDP ${message.kind} from ${from}: ${result.reason}`);
      return;
    }
    this.found(result.player, clock.now());
  }

  private found(player: SsdpPlayer, now: number): void {
    const type = this.typeBySt.get(player.st);
    if (!type) return;
    const service = ssdpService(player, type);
    const known = this.known.get(player.usn);
    this.known.set(player.usn, { service, expires: now + player.maxAgeS * 1000 });
    if (!known) return this.options.onEvent({ kind: 'up', service });
    if (JSON.stringify(known.service) !== JSON.stringify(service)) this.options.onEvent({ kind: 'update', service });
  }

  private remove(usn: string): void {
    const known = this.known.get(usn);
    if (!known) return;
    this.known.delete(usn);
    this.options.onEvent({ kind: 'down', service: known.service });
  }

  private expire(now: number): void {
    for (const [usn, known] of this.known) if (known.expires <= now) this.remove(usn);
  }

  private onConfiguredSubnet(address: string): boolean {
    const ip = ipv4(address);
    return ip !== undefined && this.subnets.some((s) => ((ip ^ s.address) & s.mask) === 0);
  }
}

function bindSocket(at: { address: string; port: number }, reuseAddr: boolean): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr });
    const fail = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('error', fail);
    socket.bind(at.port, at.address, () => {
      socket.removeListener('error', fail);
      resolve(socket);
    });
  });
}

/** The configured interfaces' IPv4 subnets (address + netmask from the OS). */
function subnetsOf(addresses: InterfaceAddress[]): { address: number; mask: number }[] {
  const infos = Object.values(os.networkInterfaces()).flatMap((i) => i ?? []);
  return addresses.flatMap(({ address }) => {
    const info = infos.find((i) => i.family === 'IPv4' && i.address === address);
    const ip = ipv4(address);
    const mask = ipv4(info?.netmask ?? '255.255.255.255');
    return ip === undefined || mask === undefined ? [] : [{ address: ip, mask }];
  });
}

export function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
