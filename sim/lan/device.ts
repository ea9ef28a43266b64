/**
 * The shape every simulated LAN device shares (a plugin-like constructor + start/stop):
 * one server on 127.0.0.1, an online switch, and an opt-in mDNS advertisement.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Bonjour } from 'bonjour-service';
import { systemClock, type Clock } from '../../core/util/clock';
import { Advertiser, type MdnsService } from './advertiser';
import { LanServer, type LanServerOptions } from './server';

export interface LanDeviceOptions extends Omit<LanServerOptions, 'tls'> {
  clock?: Clock;
  /** Publish the mDNS services on start (only inside scripts/netns.sh). */
  advertise?: boolean;
  /** One shared responder for several devices; each device still stops only its own services. */
  bonjour?: Bonjour;
}

export abstract class LanDevice {
  protected readonly clock: Clock;
  protected readonly server: LanServer;
  private readonly advertiser: Advertiser;
  private readonly advertiseOnStart: boolean;

  constructor(options: LanDeviceOptions = {}, tls?: LanServerOptions['tls']) {
    this.clock = options.clock ?? systemClock;
    this.server = new LanServer(
      (req, res) => this.handle(req, res),
      { ...options, tls },
      (req, socket, head) => this.upgrade(req, socket, head),
    );
    this.advertiser = new Advertiser(options.bonjour);
    this.advertiseOnStart = options.advertise ?? false;
  }

  /** Answers one HTTP request in the device's own dialect. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** The service records the real product announces. */
  abstract mdnsServices(): MdnsService[];

  /** WebSocket upgrades; devices without one refuse. */
  protected upgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer): void {
    socket.destroy();
  }

  get port(): number {
    return this.server.boundPort;
  }

  get url(): string {
    return this.server.url;
  }

  get online(): boolean {
    return this.server.isOnline;
  }

  async start(): Promise<{ port: number; url: string }> {
    const address = await this.server.start();
    if (this.advertiseOnStart) this.advertise();
    return address;
  }

  async stop(): Promise<void> {
    this.onStop();
    await this.advertiser.destroy();
    await this.server.stop();
  }

  /** Offline: the server stops answering and open streams drop; online: back on the same port. */
  async setOnline(online: boolean): Promise<void> {
    await this.server.setOnline(online);
  }

  advertise(): void {
    this.advertiser.advertise(this.mdnsServices());
  }

  /** Sends the goodbye packets. */
  async unadvertise(): Promise<void> {
    await this.advertiser.unadvertise();
  }

  /** Release timers and push clients before the server closes. */
  protected onStop(): void {}
}
