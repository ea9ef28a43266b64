import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { WebSocketServer } from 'ws';
import type { Registry } from '../registry/registry';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { ApiError, HTTP_STATUS, routes, type MethodName } from './contract';
import type { EventStreamSource } from './event-stream';
import { toApiError, type CallContext, type Handlers } from './handlers';
import { compileRoutes, matchRoute } from './rest-router';
import { z } from 'zod';
import {
  bearerToken,
  clearedSessionCookie,
  contentSecurityPolicy,
  hostAllowed,
  hostAllowlist,
  hostnameOf,
  originAllowed,
  readCookie,
  sameOrigin,
  SECURITY_HEADERS,
  SESSION_COOKIE,
  sessionCookie,
} from './security';
import type { Principal } from '../model';
import type { BrowserSessions, SessionRecord } from './sessions';
import type { UserDirectory } from './users';
import { serveStatic } from './static-files';
import { WsSession } from './ws-session';
import { FailedAuthLimiter } from './auth-limiter';

export interface HubServerOptions extends EventStreamSource {
  host: string;
  port: number;
  /** Whose token a request carries (the owner's is the hub's own token). */
  users: UserDirectory;
  uiDir: string;
  handlers: Handlers;
  /** Signed-in browsers: the session cookie stands for one of them. */
  sessions: BrowserSessions;
  registry: Registry;
  clock: Clock;
  logger: Logger;
  /** Host names served besides loopback and the listening address (`--allow-host`), e.g. a reverse proxy's. */
  allowedHosts?: readonly string[];
}

const MAX_BODY_BYTES = 64 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD']);
const SignIn = z.object({ token: z.string().max(1000) }).strict();

/** How a request proved it may use the API: a user's token (`Authorization: Bearer`) or a browser's session. */
type Authenticated =
  | { via: 'token'; principal: Principal }
  | { via: 'cookie'; principal: Principal; sessionId: string; session: SessionRecord; renewed: boolean };

/** The HubApi over HTTP (REST + WebSocket at /api/ws), and the built UI for browsers. */
export class HubServer {
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  /** Open WebSockets per session handle, closed when the session is revoked (signed out elsewhere). */
  private readonly sockets = new Map<string, Set<WsSession>>();
  /** A renewed session's cookie, sent with the upgrade's 101 response. */
  private readonly upgradeCookies = new WeakMap<IncomingMessage, string>();
  /** Every open WebSocket: a user's change (revoked, new token, other rooms) reaches its sockets. */
  private readonly allSockets = new Set<WsSession>();
  private offRevoked: (() => void) | undefined;
  private offUsers: (() => void) | undefined;
  private readonly allowlist: ReadonlySet<string>;
  private readonly failedAuth = new FailedAuthLimiter();

  constructor(private readonly options: HubServerOptions) {
    this.allowlist = hostAllowlist({ listenHost: options.host, extra: options.allowedHosts, machine: machineNames });
  }

  async start(): Promise<{ url: string; port: number }> {
    const { host, port, logger } = this.options;
    const server = createServer((req, res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      if (!hostAllowed(this.allowlist, req.headers.host)) return this.wrongHost(req, res);
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
      this.route(req, res).catch((error: unknown) => {
        const apiError = toApiError(error);
        const what = `HTTP ${req.method} ${(req.url ?? '').slice(0, 300)}`;
        // A client's mistake (a fuzzer's thousands of them) is not the hub's: one short debug line, no stack.
        if (HTTP_STATUS[apiError.code] < 500) logger.debug(`${what}: ${HTTP_STATUS[apiError.code]} ${apiError.message}`);
        else logger.error(`${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) this.sendError(res, apiError);
        else res.destroy();
      });
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
    wss.on('headers', (headers, req) => {
      const cookie = this.upgradeCookies.get(req);
      if (cookie) headers.push(`Set-Cookie: ${cookie}`);
    });
    server.on('upgrade', (req, socket, head) => {
      if (!hostAllowed(this.allowlist, req.headers.host)) {
        socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
        return;
      }
      if (new URL(req.url ?? '/', 'http://hub').pathname !== '/api/ws' || !originAllowed(this.allowlist, req.headers.origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      const client = clientOf(req);
      const wait = this.failedAuth.retryAfterS(client, this.options.clock.now());
      if (wait > 0) {
        socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${wait}\r\nConnection: close\r\n\r\n`);
        return;
      }
      // A browser always sends Origin on an upgrade (checked above); a cookie without one is not a browser's.
      const sessionId = req.headers.origin ? readCookie(req.headers.cookie, SESSION_COOKIE) : undefined;
      const verified = this.options.sessions.verify(sessionId);
      if (verified?.renewed && sessionId) this.upgradeCookies.set(req, this.cookieFor(sessionId, verified.record));
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new WsSession(ws, {
          ...this.options,
          session: verified && { idHash: verified.record.idHash, record: verified.record },
          authFailed: () => this.authFailed(client),
        });
        this.allSockets.add(session);
        ws.on('close', () => this.allSockets.delete(session));
        if (!verified) return;
        const id = verified.record.idHash;
        const open = this.sockets.get(id) ?? new Set<WsSession>();
        open.add(session);
        this.sockets.set(id, open);
        ws.on('close', () => {
          open.delete(session);
          if (open.size === 0 && this.sockets.get(id) === open) this.sockets.delete(id);
        });
      });
    });
    this.offRevoked = this.options.sessions.onRevoked((id) => {
      for (const session of this.sockets.get(id) ?? []) session.signedOut();
      this.sockets.delete(id);
    });
    this.offUsers = this.options.users.onChange((userId, change) => {
      for (const session of [...this.allSockets]) session.userChanged(userId, change);
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
    this.offRevoked?.();
    this.offUsers?.();
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return this.sendError(res, new ApiError('invalid', 'Method not allowed'));
      return serveStatic(this.options.uiDir, url.pathname, res);
    }
    if (this.limited(req, res)) return;
    if (url.pathname === '/api/session') return this.session(req, res);
    const auth = this.authenticate(req);
    if (!auth) {
      if (req.headers.authorization !== undefined) this.authFailed(clientOf(req));
      res.setHeader('WWW-Authenticate', 'Bearer');
      return this.sendError(
        res,
        new ApiError('unauthorized', 'Missing or wrong token: send "Authorization: Bearer <token>", or sign in'),
      );
    }
    if (auth.via === 'cookie') {
      // CSRF: SameSite=Strict keeps other sites' requests cookieless; a change must also come from our own page.
      if (
        !SAFE_METHODS.has(req.method ?? '') &&
        (req.headers.origin === undefined || !sameOrigin(req.headers.origin, req.headers.host))
      )
        return this.sendError(
          res,
          new ApiError('unauthorized', 'A change with the session cookie must come from the hub’s own page'),
        );
      if (auth.renewed) res.setHeader('Set-Cookie', this.cookieFor(auth.sessionId, auth.session));
    }
    const match = matchRoute(ROUTES, req.method ?? '', url.pathname);
    if (!match) return this.sendError(res, new ApiError('not_found', `No such endpoint: ${req.method} ${url.pathname}`));
    const context: CallContext =
      auth.via === 'cookie'
        ? { client: 'browser', session: auth.session.idHash, principal: auth.principal }
        : { client: 'api', principal: auth.principal };
    return this.serve(match.name, match.path, url, req, res, context);
  }

  /** 429 while this client is paying for its wrong tokens; the right token waits too, or the answer would still tell. */
  private limited(req: IncomingMessage, res: ServerResponse): boolean {
    const wait = this.failedAuth.retryAfterS(clientOf(req), this.options.clock.now());
    if (wait === 0) return false;
    res.setHeader('Retry-After', String(wait));
    this.sendError(res, new ApiError('rate_limited', `Too many wrong tokens from this address: try again in ${wait} s`));
    return true;
  }

  private authFailed(client: string): void {
    if (this.failedAuth.fail(client, this.options.clock.now()))
      this.options.logger.warn(
        `api: 10 failed sign-ins (wrong token) from ${client} within a minute; refusing it for a minute (logged once per burst)`,
      );
  }

  private wrongHost(req: IncomingMessage, res: ServerResponse): void {
    const name = (hostnameOf(req.headers.host) ?? req.headers.host ?? '').slice(0, 100);
    this.options.logger.debug(`HTTP ${req.method}: refused Host "${name}" (not in the allowlist)`);
    this.sendError(
      res,
      new ApiError(
        'wrong_host',
        `This hub does not answer to "${name}": open it by its address, or start it with --allow-host ${name || 'NAME'}`,
      ),
    );
  }

  private authenticate(req: IncomingMessage): Authenticated | undefined {
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== undefined) {
      const user = this.options.users.authenticate(bearer);
      return user && { via: 'token', principal: user.principal };
    }
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    const verified = this.options.sessions.verify(sessionId);
    return verified && sessionId !== undefined
      ? { via: 'cookie', sessionId, session: verified.record, principal: verified.principal, renewed: verified.renewed }
      : undefined;
  }

  /** The cookie again with the session's new expiry (the browser sent its id; the hub keeps only the hash). */
  private cookieFor(sessionId: string, session: SessionRecord): string {
    return sessionCookie(sessionId, (session.expiresAt - this.options.clock.now()) / 1000);
  }

  /**
   * Sign in (`POST /api/session` with `{"token": "…"}`: a session cookie for this browser, the token itself
   * never goes into it) and sign out (`DELETE /api/session`: the session is revoked and the cookie cleared).
   */
  private async session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!sameOrigin(req.headers.origin, req.headers.host))
      return this.sendError(res, new ApiError('unauthorized', 'Sign in from the hub’s own page'));
    if (req.method === 'POST') {
      const parsed = SignIn.safeParse(await readJson(req));
      if (!parsed.success) throw new ApiError('invalid', 'Send {"token": "…"}');
      const signedIn = this.options.sessions.signIn(parsed.data.token, req.headers['user-agent']);
      if (!signedIn) {
        this.authFailed(clientOf(req));
        return this.sendError(res, new ApiError('unauthorized', 'That is not this hub’s token'));
      }
      res.setHeader('Set-Cookie', this.cookieFor(signedIn.sessionId, signedIn.record));
      return this.sendJson(res, { expiresAt: signedIn.record.expiresAt });
    }
    if (req.method === 'DELETE') {
      const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (sessionId) this.options.sessions.signOut(sessionId);
      res.setHeader('Set-Cookie', clearedSessionCookie());
      res.writeHead(204).end();
      return;
    }
    return this.sendError(res, new ApiError('not_found', `No such endpoint: ${req.method} /api/session`));
  }

  /** One contract row over REST: parameters from query, body and path, then the row's status and download name. */
  private async serve<M extends MethodName>(
    name: M,
    path: Record<string, string>,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    context: CallContext,
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
    const result = await this.options.handlers[name]({ ...query, ...body, ...path }, context);
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

/** The client's address, the key of the failed-authentication limit. */
function clientOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

/** This machine's addresses and name: what a hub listening on every address answers to. */
function machineNames(): string[] {
  const names = [hostname(), `${hostname()}.local`];
  for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) names.push(info.address);
  return names;
}
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
