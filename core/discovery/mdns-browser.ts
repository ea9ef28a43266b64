/**
 * The continuous mDNS browser: one bonjour-service responder per interface, raw answers fed
 * into one ServiceTracker (so a service heard on two interfaces is one service), PTR queries
 * repeated with a growing interval (RFC 6762 §5.2) and TTLs checked every few seconds.
 * Multicast: the hub runs this for real; tests run it only inside scripts/netns.sh.
 */
import { Bonjour } from 'bonjour-service';
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import { browseAddresses } from './interfaces';
import { ServiceTracker, type RawPacket, type ServiceEvent } from './tracker';

/** The part of multicast-dns (inside bonjour-service) we use: raw answers and queries. */
interface MdnsSocket {
  on(event: 'response', listener: (packet: RawPacket, rinfo: { address: string }) => void): void;
  on(event: 'warning' | 'error', listener: (error: Error) => void): void;
  removeListener(event: string, listener: (...args: never[]) => void): void;
  query(query: { questions: { name: string; type: string }[] }): void;
}

export interface MdnsBrowserOptions {
  types: readonly string[];
  /** Interface names or addresses; default every non-internal interface. */
  interfaces?: readonly string[];
  clock: Clock;
  logger: Logger;
  onEvent: (event: ServiceEvent) => void;
  /** Longest gap between two queries (default 5 min). */
  maxQueryIntervalMs?: number;
}

const EXPIRE_EVERY_MS = 2000;

export class MdnsBrowser {
  private readonly tracker: ServiceTracker;
  private readonly responders: { bonjour: Bonjour; mdns: MdnsSocket; off: () => void }[] = [];
  private queryTimer: Timer | undefined;
  private expireTimer: Timer | undefined;
  private queryInterval = 1000;

  constructor(private readonly options: MdnsBrowserOptions) {
    this.tracker = new ServiceTracker(options.types, options.onEvent);
  }

  get services() {
    return this.tracker.services;
  }

  start(): void {
    const { logger, clock } = this.options;
    const addresses = browseAddresses(this.options.interfaces);
    if (addresses.length === 0) logger.warn('discovery: no network interface to browse on');
    for (const { name, address } of addresses) {
      // multicast-dns: `interface` = where to join the group and send from; bind the wildcard address,
      // because on Linux a socket bound to a unicast address never sees multicast.
      const config = { interface: address, bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0];
      const bonjour = new Bonjour(config, (error: Error) => logger.warn(`discovery on ${name}: ${error.message}`));
      const mdns = (bonjour as unknown as { server?: { mdns?: MdnsSocket } }).server?.mdns;
      if (!mdns) throw new Error('bonjour-service has changed: its multicast-dns socket is not where discovery expects it');
      const onResponse = (packet: RawPacket, rinfo: { address: string }) => {
        try {
          this.tracker.ingest(packet, rinfo?.address, clock.now());
        } catch (error) {
          logger.warn(`discovery: ignored an answer from ${rinfo?.address}: ${String(error)}`);
        }
      };
      const onWarning = (error: Error) => logger.debug(`discovery on ${name}: ${error.message}`);
      mdns.on('response', onResponse);
      mdns.on('warning', onWarning);
      this.responders.push({
        bonjour,
        mdns,
        off: () => {
          mdns.removeListener('response', onResponse);
          mdns.removeListener('warning', onWarning);
        },
      });
      logger.info(`discovery: browsing on ${name} (${address})`);
    }
    this.query();
    const expire = () => {
      this.tracker.expire(clock.now());
      this.expireTimer = clock.setTimeout(expire, EXPIRE_EVERY_MS);
    };
    this.expireTimer = clock.setTimeout(expire, EXPIRE_EVERY_MS);
  }

  /** Ask again now (e.g. the user opened the inbox) and restart the interval. */
  refresh(): void {
    this.queryInterval = 1000;
    if (this.queryTimer !== undefined) this.options.clock.clearTimeout(this.queryTimer);
    this.query();
  }

  async stop(): Promise<void> {
    const { clock } = this.options;
    if (this.queryTimer !== undefined) clock.clearTimeout(this.queryTimer);
    if (this.expireTimer !== undefined) clock.clearTimeout(this.expireTimer);
    this.queryTimer = this.expireTimer = undefined;
    const responders = this.responders.splice(0);
    await Promise.all(
      responders.map(({ bonjour, off }) => {
        off();
        return new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
      }),
    );
  }

  private query(): void {
    for (const { mdns } of this.responders) {
      try {
        mdns.query({ questions: this.tracker.questions });
      } catch (error) {
        this.options.logger.debug(`discovery: query failed: ${String(error)}`);
      }
    }
    const max = this.options.maxQueryIntervalMs ?? 5 * 60_000;
    this.queryTimer = this.options.clock.setTimeout(() => this.query(), this.queryInterval);
    this.queryInterval = Math.min(max, this.queryInterval * 2);
  }
}
