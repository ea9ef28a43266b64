/**
 * The transport every simulated LAN device shares: an HTTP(S) server on one port of
 * 127.0.0.1 that can be taken "off the network" and brought back on the same port.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * How an offline device looks to a client. `refuse`: the port closes (connection refused,
 * like a device whose web server died). `silent`: connections are accepted and never
 * answered (like a device that dropped off Wi-Fi: the client's timeout has to notice).
 */
export type OfflineMode = 'refuse' | 'silent';

export interface LanServerOptions {
  host?: string;
  /** 0 (default) picks a free port; it is kept across offline/online. */
  port?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  offlineMode?: OfflineMode;
}

export class LanServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly host: string;
  private port: number;
  private listening = false;
  private online = true;

  constructor(
    handler: RequestHandler,
    private readonly options: LanServerOptions = {},
    onUpgrade?: UpgradeHandler,
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      if (!this.online) return; // silent mode: never answer
      Promise.resolve(handler(req, res)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
    };
    this.server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!this.online) return;
      if (onUpgrade) onUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  get isOnline(): boolean {
    return this.online;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  get boundPort(): number {
    return this.port;
  }

  async start(): Promise<{ port: number; url: string }> {
    if (!this.listening) await this.listen();
    return { port: this.port, url: this.url };
  }

  async stop(): Promise<void> {
    this.online = false;
    await this.close();
  }

  /** Offline drops every open connection (HTTP, WebSocket, SSE) so clients notice at once. */
  async setOnline(online: boolean): Promise<void> {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      if ((this.options.offlineMode ?? 'refuse') === 'refuse') await this.close();
      else this.dropConnections();
    } else {
      this.dropConnections(); // silent mode: sockets accepted while offline were never answered
      if (!this.listening) await this.listen();
    }
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        this.listening = true;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    this.dropConnections();
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
