/**
 * UPnP GENA for the hub's side: one small HTTP listener that takes NOTIFY requests, and
 * subscriptions that SUBSCRIBE with a CALLBACK to it, renew before their TIMEOUT runs out and
 * UNSUBSCRIBE when stopped. Each subscription gets its own callback path, so an event that
 * arrives before the SUBSCRIBE answer (the initial event races it) still finds its owner.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Clock, Timer } from '../../util/clock';
import { describeHttpError } from './soap';

const MAX_NOTIFY_BYTES = 256 * 1024;

export interface GenaEvent {
  body: string;
  seq: number;
}

type Handler = (event: GenaEvent, sid: string | undefined) => void;

export class GenaListener {
  private server: http.Server | undefined;
  private readonly handlers = new Map<string, Handler>();
  private port = 0;
  private starting: Promise<void> | undefined;

  /**
   * `callbackHost`: the one address players reach the hub on (127.0.0.1 for the simulated ones),
   * and the only one listened on. Unset: listen on every interface and tell each player the
   * hub's address on the route to it (a player cannot send events to 127.0.0.1).
   */
  constructor(readonly callbackHost?: string) {}

  /** Idempotent; started by the first subscription, so a hub without Sonos players opens no port. */
  start(): Promise<void> {
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async listen(): Promise<void> {
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.headersTimeout = 5000;
    server.requestTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.callbackHost ?? '0.0.0.0', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    this.handlers.clear();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  /** A fresh callback URL (on `host`, the hub's address as the player sees it) routed to `handler`. */
  register(handler: Handler, host: string): { url: string; release: () => void } {
    if (!this.server) throw new Error('GENA listener is not running');
    const token = randomBytes(12).toString('hex');
    this.handlers.set(token, handler);
    const h = this.callbackHost ?? host;
    return {
      url: `http://${h.includes(':') ? `[${h}]` : h}:${this.port}/gena/${token}`,
      release: () => this.handlers.delete(token),
    };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const end = (status: number) => {
      res.writeHead(status, { 'Content-Length': 0 });
      res.end();
    };
    const handler = this.handlers.get((req.url ?? '').replace(/^\/gena\//, ''));
    if (req.method !== 'NOTIFY') return end(405);
    if (!handler || req.headers.nt !== 'upnp:event' || req.headers.nts !== 'upnp:propchange') return end(412);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_NOTIFY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      end(200);
      try {
        handler(
          { body: Buffer.concat(chunks).toString('utf8'), seq: Number(req.headers.seq ?? -1) },
          req.headers.sid as string | undefined,
        );
      } catch {
        // a malformed event is dropped; the next one or the heartbeat brings the state
      }
    });
  }
}

export interface SubscriptionOptions {
  clock: Clock;
  listener: GenaListener;
  /** The service's eventSubURL on the player. */
  eventUrl: string;
  /** Requested lifetime; the player may grant less. */
  timeoutS?: number;
  requestTimeoutMs?: number;
  onEvent(event: GenaEvent): void;
  /** Renewal and re-subscription both failed: the player is gone. */
  onLost(reason: string): void;
}

export class GenaSubscription {
  sid: string | undefined;
  /** The lifetime the player granted, in seconds. */
  grantedS = 0;
  renewals = 0;
  private callback: { url: string; release: () => void } | undefined;
  private timer: Timer | undefined;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SubscriptionOptions) {}

  async start(): Promise<void> {
    await this.options.listener.start();
    const url = new URL(this.options.eventUrl);
    const host =
      this.options.listener.callbackHost ??
      (await localAddressToward(url.hostname.replace(/^\[(.*)\]$/, '$1'), Number(url.port) || 80));
    this.callback = this.options.listener.register((event, sid) => {
      // Before the SUBSCRIBE answer the SID is not known yet; afterwards it must match.
      if (!this.stopped && (!this.sid || !sid || sid === this.sid)) this.options.onEvent(event);
    }, host);
    try {
      await this.subscribe();
    } catch (error) {
      this.callback.release();
      throw error;
    }
  }

  /** Idempotent: a second call waits for the same UNSUBSCRIBE. */
  stop(): Promise<void> {
    this.stopping ??= this.unsubscribe();
    return this.stopping;
  }

  private async unsubscribe(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.callback?.release();
    const sid = this.sid;
    this.sid = undefined;
    if (sid) await this.request('UNSUBSCRIBE', { SID: sid }).catch(() => undefined);
  }

  private async subscribe(renew = false): Promise<void> {
    const timeout = `Second-${this.options.timeoutS ?? 1800}`;
    const headers: Record<string, string> =
      renew && this.sid
        ? { SID: this.sid, TIMEOUT: timeout }
        : { CALLBACK: `<${this.callback!.url}>`, NT: 'upnp:event', TIMEOUT: timeout };
    const res = await this.request('SUBSCRIBE', headers);
    if (res.status !== 200) throw new Error(`refused the event subscription (HTTP ${res.status})`);
    const sid = res.headers.sid;
    if (typeof sid !== 'string' || !sid) throw new Error('answered the event subscription without a SID');
    this.sid = sid;
    this.grantedS = Number(/^Second-(\d+)$/i.exec(String(res.headers.timeout ?? ''))?.[1] ?? 1800) || 1800;
    this.schedule();
  }

  /** Renew well before the end: 60 s before it, or at 3/4 of a lifetime shorter than 4 minutes. */
  private schedule(): void {
    const ms = this.grantedS * 1000;
    const delay = Math.max(500, ms - Math.min(ms / 4, 60_000));
    this.timer = this.options.clock.setTimeout(() => void this.renew(), delay);
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.subscribe(true);
      this.renewals++;
    } catch {
      if (this.stopped) return;
      // The player may have forgotten us (rebooted: 412): subscribe afresh before giving up.
      try {
        await this.subscribe(false);
      } catch (error) {
        if (!this.stopped) this.options.onLost(error instanceof Error ? error.message : String(error));
      }
    }
  }

  private request(
    method: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    const url = new URL(this.options.eventUrl);
    const timeoutMs = this.options.requestTimeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers: { HOST: url.host, ...headers }, agent: false, timeout: timeoutMs });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
      req.on('error', (error) => reject(new Error(describeHttpError(error, timeoutMs))));
      req.on('response', (res) => {
        // Only the status and headers matter: a body is not read, and one that never ends is cut off.
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        res.destroy();
      });
      req.end();
    });
  }
}

/** The hub's own address on the route to a player: what the player can send events back to. */
function localAddressToward(host: string, port: number, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      const address = socket.localAddress;
      socket.destroy();
      if (address) resolve(address.replace(/^::ffff:/, ''));
      else reject(new Error('no local address'));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
