/**
 * UPnP GENA eventing for one service: `SUBSCRIBE` (CALLBACK + NT: upnp:event + TIMEOUT) →
 * SID and TIMEOUT; renewal with SID; `UNSUBSCRIBE`; and `NOTIFY` of a `LastChange`
 * propertyset to each callback, with SEQ counting from 0 (the initial full-state event).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../../core/util/clock';
import { xmlEscape } from './sonos-soap';

interface Subscription {
  sid: string;
  callbacks: URL[];
  seq: number;
  timer: Timer;
}

const DEFAULT_TIMEOUT_S = 1800;
const SERVER = 'Linux UPnP/1.0 Sonos/80.1-55240 (ZPS1)';

export class GenaService {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly sidPrefix: string,
    private readonly clock: Clock,
    /** The current `LastChange` document (unescaped XML). */
    private readonly lastChange: () => string,
  ) {}

  get count(): number {
    return this.subscriptions.size;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const sidHeader = req.headers.sid as string | undefined;
    const callback = req.headers.callback as string | undefined;
    const end = (status: number) => {
      res.writeHead(status, { Server: SERVER, 'Content-Length': 0 });
      res.end();
    };
    if (req.method === 'UNSUBSCRIBE') {
      const sub = sidHeader ? this.subscriptions.get(sidHeader) : undefined;
      if (!sub) return end(412);
      this.drop(sub);
      return end(200);
    }
    if (req.method !== 'SUBSCRIBE') return end(405);
    const timeoutS = parseTimeout(req.headers.timeout as string | undefined);
    if (sidHeader) {
      // Renewal: SID alone; CALLBACK or NT with a SID is a bad request (UDA 4.1.2).
      if (callback || req.headers.nt) return end(400);
      const sub = this.subscriptions.get(sidHeader);
      if (!sub) return end(412);
      this.arm(sub, timeoutS);
      return this.accept(res, sub, timeoutS);
    }
    const callbacks = [...(callback ?? '').matchAll(/<([^>]+)>/g)].flatMap((m) => (URL.canParse(m[1]!) ? [new URL(m[1]!)] : []));
    if (req.headers.nt !== 'upnp:event' || callbacks.length === 0) return end(412);
    const sub: Subscription = {
      sid: `uuid:${this.sidPrefix}_sub${randomUUID().replace(/-/g, '').slice(0, 10)}`,
      callbacks,
      seq: 0,
      timer: undefined as unknown as Timer,
    };
    this.subscriptions.set(sub.sid, sub);
    this.arm(sub, timeoutS);
    this.accept(res, sub, timeoutS);
    // The initial event carries the full state, after the subscribe answer (UDA 4.2.1).
    res.once('finish', () => this.notify(sub));
  }

  /** Sends the current state to every subscriber. */
  notifyAll(): void {
    for (const sub of this.subscriptions.values()) this.notify(sub);
  }

  stop(): void {
    for (const sub of [...this.subscriptions.values()]) this.drop(sub);
  }

  private accept(res: ServerResponse, sub: Subscription, timeoutS: number): void {
    res.writeHead(200, { SID: sub.sid, TIMEOUT: `Second-${timeoutS}`, Server: SERVER, 'Content-Length': 0 });
    res.end();
  }

  private arm(sub: Subscription, timeoutS: number): void {
    if (sub.timer) this.clock.clearTimeout(sub.timer);
    sub.timer = this.clock.setTimeout(() => this.subscriptions.delete(sub.sid), timeoutS * 1000);
  }

  private drop(sub: Subscription): void {
    this.clock.clearTimeout(sub.timer);
    this.subscriptions.delete(sub.sid);
  }

  private notify(sub: Subscription): void {
    const body = `<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property><LastChange>${xmlEscape(this.lastChange())}</LastChange></e:property></e:propertyset>`;
    const seq = sub.seq;
    sub.seq = sub.seq === 0xffffffff ? 1 : sub.seq + 1; // wraps to 1, never back to 0
    const target = sub.callbacks[0]!;
    const req = http.request(target, {
      method: 'NOTIFY',
      headers: {
        HOST: target.host,
        'CONTENT-TYPE': 'text/xml; charset="utf-8"',
        NT: 'upnp:event',
        NTS: 'upnp:propchange',
        SID: sub.sid,
        SEQ: String(seq),
        'CONTENT-LENGTH': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => res.resume());
    req.on('error', () => {}); // an unreachable subscriber is the subscriber's problem
    req.end(body);
  }
}

function parseTimeout(header: string | undefined): number {
  const m = header?.match(/^Second-(\d+)$/i);
  return m ? Math.min(Number(m[1]), 86_400) : DEFAULT_TIMEOUT_S;
}
