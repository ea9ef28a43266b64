/**
 * A hostile "device" on loopback for the resilience tests: it answers every request with a body
 * that never ends (as fast as the client reads it) or that trickles one byte at a time, so a test
 * can check that the hub stops reading at its cap or its deadline. Records how much it sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileMode = 'endless' | 'trickle';

export class HostileDevice {
  private server: Server | undefined;
  /** Bytes written to clients so far. */
  sent = 0;
  /** Requests answered (each probe is one). */
  requests = 0;
  private readonly timers = new Set<ReturnType<typeof setInterval>>();

  constructor(
    private readonly mode: HostileMode,
    private readonly options: { host?: string; trickleEveryMs?: number } = {},
  ) {}

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(_req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    // Looks like the start of a JSON answer (a WLED /json/info, a Shelly /shelly) that never closes.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const opening = '{"name":"';
    res.write(opening);
    this.sent += opening.length;
    if (this.mode === 'trickle') {
      const timer = setInterval(() => {
        res.write('x');
        this.sent++;
      }, this.options.trickleEveryMs ?? 50);
      this.timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        this.timers.delete(timer);
      });
      return;
    }
    const chunk = 'x'.repeat(64 * 1024);
    const pump = () => {
      while (!res.destroyed) {
        this.sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  }
}
