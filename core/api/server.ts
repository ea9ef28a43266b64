import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Registry } from '../registry/registry';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { ApiError, HTTP_STATUS } from './contract';
import type { EventStreamSource } from './event-stream';
import { toApiError, type CallContext, type Handlers } from './handlers';
import { routeRooms } from './room-routes';
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
    const { handlers } = this.options;
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['api', ...]
    const route = `${req.method} /${parts.slice(1, 2).join('/')}`;
    const id = parts[2];

    if (route === 'GET /health' && parts.length === 2) return this.sendJson(res, await handlers.health({}));
    if (route === 'GET /diagnostics' && parts.length === 2) return this.sendJson(res, await handlers.listDiagnostics({}));
    if (route === 'POST /demo' && parts.length === 2) return this.sendJson(res, await handlers.startDemo(await readJson(req)));
    if (route === 'GET /devices' && parts.length === 2) return this.sendJson(res, await handlers.listDevices({}));
    if (route === 'GET /devices' && parts.length === 3) return this.sendJson(res, await handlers.getDevice({ id }));
    if (route === 'POST /devices' && parts.length === 4 && parts[3] === 'command') {
      const command = await readJson(req);
      return this.sendJson(res, await handlers.sendCommand({ id, command }, API));
    }
    if (route === 'PATCH /devices' && parts.length === 3)
      return this.sendJson(res, await handlers.updateDevice({ id, update: await readJson(req) }, API));
    if (route === 'GET /rooms' && parts.length === 2) return this.sendJson(res, await handlers.listRooms({}));
    if (route === 'POST /rooms' && parts.length === 2)
      return this.sendJson(res, await handlers.createRoom(await readJson(req), API), 201);
    if (route === 'PATCH /rooms' && parts.length === 3) {
      const body = await readJson(req);
      return this.sendJson(res, await handlers.updateRoom({ ...(isObject(body) ? body : {}), id }, API));
    }
    if (route === 'DELETE /rooms' && parts.length === 3) return this.sendJson(res, await handlers.deleteRoom({ id }, API));
    if (route === 'GET /history' && parts.length === 2) {
      const q = queryParams(url, ['device', 'capability', 'from', 'to']);
      return this.sendJson(res, await handlers.getHistory(q, API));
    }
    if (route === 'GET /logbook' && parts.length === 2) {
      return this.sendJson(res, await handlers.getLogbook(queryParams(url, ['from', 'to', 'device', 'room', 'limit']), API));
    }
    if (route === 'GET /export' && parts.length === 2) {
      const backup = await handlers.exportSettings({}, API);
      const day = new Date().toISOString().slice(0, 10);
      res.setHeader('Content-Disposition', `attachment; filename="homeroom-backup-${day}.json"`);
      return this.sendJson(res, backup);
    }
    if (route === 'POST /import' && parts.length === 2) {
      const report = await handlers.importSettings({ backup: await readJson(req, MAX_IMPORT_BYTES) }, API);
      return this.sendJson(res, report, report.ok ? 200 : 400);
    }
    if (route === 'GET /discovery' && parts.length === 2) return this.sendJson(res, await handlers.listDiscovery({}, API));
    if (route === 'POST /discovery' && parts.length === 3 && id === 'manual')
      return this.sendJson(res, await handlers.addManualDevice(await readJson(req), API));
    if (route === 'POST /discovery' && parts.length === 4) {
      const body = await readOptionalJson(req);
      const params = { ...(isObject(body) ? body : {}), id };
      if (parts[3] === 'add') return this.sendJson(res, await handlers.addDiscovered(params, API), 201);
      if (parts[3] === 'pair') return this.sendJson(res, await handlers.pairDiscovered(params, API));
      if (parts[3] === 'ignore') return this.sendJson(res, await handlers.ignoreDiscovered({ id }, API));
    }
    const rooms = await routeRooms(req.method ?? '', parts, () => readJson(req), handlers);
    if (rooms) return this.sendJson(res, rooms.body);
    return this.sendError(res, new ApiError('not_found', `No such endpoint: ${req.method} ${url.pathname}`));
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
/** A backup holds every room and device override: allow more than an ordinary request. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The named query parameters that are present; anything else is rejected as a typo. */
function queryParams(url: URL, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!names.includes(key)) throw new ApiError('invalid', `Unknown query parameter "${key}" (expected ${names.join(', ')})`);
    out[key] = value;
  }
  return out;
}

/** A POST whose body may be left out (`curl -X POST …/add`): no body reads as `{}`. */
async function readOptionalJson(req: IncomingMessage): Promise<unknown> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && !req.headers['transfer-encoding'])) return {};
  return readJson(req);
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
