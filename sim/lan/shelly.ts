/**
 * A simulated Shelly Gen2 device (Plus Plug S or Plus Wall Dimmer) speaking the local
 * RPC API: `/shelly`, `GET /rpc/<Method>`, `POST /rpc` frames, WebSocket `/rpc` with
 * NotifyStatus, and optional digest authentication. Ground truth: protocols/shelly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MdnsService } from './advertiser';
import { LanDevice, type LanDeviceOptions } from './device';
import { isObject, parseJson, readBody, requestUrl, sendJson } from './http';
import { ShellyAuth, type AuthObject } from './shelly-auth';
import { callRpc, isPublicMethod, queryParams, RpcError } from './shelly-rpc';
import { ShellyState, type ShellyStateOptions } from './shelly-state';

export type ShellyOptions = LanDeviceOptions & ShellyStateOptions;

interface Frame {
  id: unknown;
  src?: string;
  method: string;
  params: Record<string, unknown>;
  auth?: AuthObject;
}

interface Peer {
  /** The client's `src`: notifications go only to peers that have sent one (Shelly docs). */
  dst?: string;
  authed: boolean;
}

export class ShellyDevice extends LanDevice {
  readonly state: ShellyState;
  private readonly auth: ShellyAuth | undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly peers = new Map<WebSocket, Peer>();

  constructor(options: ShellyOptions) {
    super(options);
    this.state = new ShellyState(options, this.clock);
    this.auth = options.password !== undefined ? new ShellyAuth(this.state.identity.id, options.password, this.clock) : undefined;
  }

  get id(): string {
    return this.state.identity.id;
  }

  mdnsServices(): MdnsService[] {
    const { id, app, ver } = this.state.identity;
    const txt = { gen: '2', app, ver, id };
    return [
      { name: id, type: 'shelly', port: this.port, txt },
      { name: id, type: 'http', port: this.port, txt },
    ];
  }

  /** A press of the device's own button: toggles the output and notifies like the real one. */
  pressButton(): void {
    this.mutate(() => {
      this.state.accrue();
      this.state.output = !this.state.output;
      this.state.source = 'button';
    });
  }

  /** Changes what is plugged in (plug only); `apower` follows and subscribers are notified. */
  setLoad(watts: number): void {
    this.mutate(() => {
      this.state.accrue();
      this.state.loadW = watts;
    });
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (req.method === 'GET' && url.pathname === '/shelly') return sendJson(res, 200, this.state.identity);
    if (req.method === 'GET' && url.pathname.startsWith('/rpc/')) return this.handleGet(req, res, url);
    if (req.method === 'POST' && url.pathname === '/rpc') return this.handlePost(req, res);
    sendJson(res, 404, { code: 404, message: 'Not Found' });
  }

  private handleGet(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const method = decodeURIComponent(url.pathname.slice('/rpc/'.length));
    if (this.auth && !isPublicMethod(method) && !this.auth.verifyHeader(req.headers.authorization, 'GET')) {
      return this.challenge(res, { code: 401, message: 'Unauthorized' });
    }
    try {
      const result = this.call(method, queryParams(url.searchParams), 'http');
      sendJson(res, 200, result);
    } catch (err) {
      const { code, message } = asRpcError(err);
      sendJson(res, code === 404 ? 404 : 500, { code, message });
    }
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const frame = toFrame(parseJson(await readBody(req)));
    if (!frame) return sendJson(res, 400, { code: -103, message: 'Invalid request frame' });
    const needsAuth = this.auth && !isPublicMethod(frame.method);
    if (needsAuth && !this.auth!.verifyObject(frame.auth) && !this.auth!.verifyHeader(req.headers.authorization, 'POST')) {
      return this.challenge(res, this.errorFrame(frame, 401, this.auth!.challengeMessage()));
    }
    sendJson(res, 200, this.answer(frame, 'http'));
  }

  private challenge(res: ServerResponse, body: unknown): void {
    sendJson(res, 401, body, { 'WWW-Authenticate': this.auth!.challengeHeader() });
  }

  protected override upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (requestUrl(req).pathname !== '/rpc') return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const peer: Peer = { authed: !this.auth };
      this.peers.set(ws, peer);
      ws.on('close', () => this.peers.delete(ws));
      ws.on('message', (data) => this.onWsFrame(ws, peer, data.toString()));
    });
  }

  private onWsFrame(ws: WebSocket, peer: Peer, text: string): void {
    const frame = toFrame(parseJson(text));
    if (!frame) return;
    if (frame.src) peer.dst = frame.src;
    // Over WebSocket one valid auth object unlocks the connection (Shelly docs, Authentication).
    if (this.auth && !peer.authed && frame.auth) peer.authed = this.auth.verifyObject(frame.auth);
    if (this.auth && !peer.authed && !isPublicMethod(frame.method)) {
      return ws.send(JSON.stringify(this.errorFrame(frame, 401, this.auth.challengeMessage())));
    }
    ws.send(JSON.stringify(this.answer(frame, 'WS_in')));
  }

  private answer(frame: Frame, source: string): Record<string, unknown> {
    try {
      const result = this.call(frame.method, frame.params, source);
      return { id: frame.id, src: this.id, dst: frame.src, result };
    } catch (err) {
      const { code, message } = asRpcError(err);
      return this.errorFrame(frame, code, message);
    }
  }

  private errorFrame(frame: Frame, code: number, message: string): Record<string, unknown> {
    return { id: frame.id, src: this.id, dst: frame.src, error: { code, message } };
  }

  private call(method: string, params: Record<string, unknown>, source: string): unknown {
    let result: unknown;
    this.mutate(() => {
      result = callRpc(this.state, method, params, source);
    });
    return result;
  }

  /** Runs a change and pushes NotifyStatus with only the fields that changed (plus `id`). */
  private mutate(change: () => void): void {
    this.state.accrue();
    const before = this.state.componentStatus() as unknown as Record<string, unknown>;
    change();
    const after = this.state.componentStatus() as unknown as Record<string, unknown>;
    const delta: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(after)) {
      if (JSON.stringify(value) !== JSON.stringify(before[key])) delta[key] = value;
    }
    if (Object.keys(delta).length === 0) return;
    const ts = Math.round(this.clock.now() / 10) / 100;
    const params = { ts, [this.state.componentKey]: { id: 0, ...delta } };
    for (const [ws, peer] of this.peers) {
      if (!peer.dst || !peer.authed) continue;
      ws.send(JSON.stringify({ src: this.id, dst: peer.dst, method: 'NotifyStatus', params }));
    }
  }

  protected override onStop(): void {
    for (const ws of this.peers.keys()) ws.terminate();
    this.peers.clear();
  }
}

function toFrame(value: unknown): Frame | undefined {
  if (!isObject(value) || typeof value.method !== 'string') return undefined;
  return {
    id: value.id ?? null,
    src: typeof value.src === 'string' ? value.src : undefined,
    method: value.method,
    params: isObject(value.params) ? value.params : {},
    auth: isObject(value.auth) ? (value.auth as AuthObject) : undefined,
  };
}

function asRpcError(err: unknown): { code: number; message: string } {
  if (err instanceof RpcError) return { code: err.code, message: err.message };
  return { code: -1, message: String(err) };
}
