import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Registry } from '../registry/registry';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { ApiError, HTTP_STATUS, routes, type MethodName } from './contract';
import type { EventStreamSource } from './event-stream';
import { toApiError, type CallContext, type Handlers } from './handlers';
import { compileRoutes, matchRoute } from './rest-router';
import { bearerToken, SECURITY_HEADERS, tokenMatches } from './security';
import { serveStatic } from './static-files';
import { WsSession } from './ws-session';

export interface HubServerOptions extends EventStreamSource {
  host: string;
  port: number;
  token: string;
  uiDir: string;
  handlers: Handlers;
  registry: Registry;
  clock: Clock;
  logger: Logger;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The HubApi over HTTP (REST + WebSocket at /api/ws), and the built UI for browsers. */
export class HubServer {
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;

  constructor(private readonly options: HubServerOptions) {}

  async start(): Promise<{ url: string; port: number }> {
    const { host, port, logger } = this.options;
    const server = createServer((req, res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      this.route(req, res).catch((error: unknown) => {
        logger.error(`HTTP ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) this.sendError(res, toApiError(error));
        else res.destroy();
      });
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://hub').pathname !== '/api/ws' || !this.sameOrigin(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        new WsSession(ws, this.options);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`Port ${port} on ${host} is already in use; choose another with --port`)
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.wss = wss;
    const actualPort = (server.address() as AddressInfo).port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${shownHost}:${actualPort}/`, port: actualPort };
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Browsers send Origin on WebSocket upgrades: refuse pages from other sites (the token is checked too). */
  private sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return this.sendError(res, new ApiError('invalid', 'Method not allowed'));
      return serveStatic(this.options.uiDir, url.pathname, res);
    }
    if (!tokenMatches(this.options.token, bearerToken(req.headers.authorization))) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return this.sendError(res, new ApiError('unauthorized', 'Missing or wrong token: send "Authorization: Bearer <token>"'));
    }
    const match = matchRoute(ROUTES, req.method ?? '', url.pathname);
    if (!match) return this.sendError(res, new ApiError('not_found', `No such endpoint: ${req.method} ${url.pathname}`));
    return this.serve(match.name, match.path, url, req, res);
  }

  /** One contract row over REST: parameters from query, body and path, then the row's status and download name. */
  private async serve<M extends MethodName>(
    name: M,
    path: Record<string, string>,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const rest = routes[name].rest;
    // Own properties only, also for a key such as `__proto__` (the strict schemas then refuse it).
    const query = Object.fromEntries(url.searchParams);
    let body: Record<string, unknown> = {};
    if (rest.method !== 'GET' && rest.method !== 'DELETE' && rest.body !== 'ignore') {
      const maxBytes = rest.maxBodyBytes ?? MAX_BODY_BYTES;
      if (rest.body) body = { [rest.body.into]: await readJson(req, maxBytes) };
      else {
        const json = await readOptionalJson(req, maxBytes);
        if (!isObject(json)) throw new ApiError('invalid', 'The request body must be a JSON object');
        body = json;
      }
    }
    const result = await this.options.handlers[name]({ ...query, ...body, ...path }, API);
    if (rest.attachment) {
      const day = new Date(this.options.clock.now()).toISOString().slice(0, 10);
      res.setHeader('Content-Disposition', `attachment; filename="${rest.attachment}-${day}.json"`);
    }
    const status = typeof rest.status === 'function' ? rest.status(result) : (rest.status ?? 200);
    return this.sendJson(res, result, status);
  }

  private sendJson(res: ServerResponse, body: unknown, status = 200): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  private sendError(res: ServerResponse, error: ApiError): void {
    this.sendJson(res, { code: error.code, message: error.message }, HTTP_STATUS[error.code]);
  }
}

/** REST calls are made by scripts and other tools. */
const API: CallContext = { client: 'api' };
const ROUTES = compileRoutes();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A body may be left out (`curl -X POST …/add`): no body reads as `{}`. */
async function readOptionalJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && !req.headers['transfer-encoding'])) return {};
  return readJson(req, maxBytes);
}

async function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new ApiError('invalid', 'Request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('invalid', 'Request body is not valid JSON');
  }
}
