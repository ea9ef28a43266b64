/**
 * A simulated WLED strip: `GET /json[/state|/info|/si|/eff|/pal]`, `POST /json/state`
 * (`{"success":true}`, or the full state when the body has `"v":true`), and WebSocket
 * `/ws` pushing `{"state","info"}` after every change. Ground truth: protocols/wled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MdnsService } from './advertiser';
import { LanDevice, type LanDeviceOptions } from './device';
import { isObject, parseJson, readBody, requestUrl, sendJson, sendText } from './http';
import { EFFECTS, PALETTES, WledState, type WledStateOptions } from './wled-state';

export type WledOptions = LanDeviceOptions & WledStateOptions;

/** WLED's `ERR_JSON` (9): the body was not valid JSON. */
const ERR_JSON = 9;

export class WledDevice extends LanDevice {
  readonly state: WledState;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  /**
   * WebSocket clients it takes (the real one has 4 slots, and builds without WebSockets have 0): phones and
   * other apps may hold them all. Changeable while running.
   */
  webSocketSlots = 4;

  constructor(options: WledOptions = {}) {
    super(options);
    this.state = new WledState(options, this.clock);
  }

  mdnsServices(): MdnsService[] {
    // wled00/wled.cpp: addService("http"…), addService("wled"…), TXT mac on _wled
    const name = `wled-${this.state.mac.slice(-6)}`;
    return [
      { name, type: 'wled', port: this.port, txt: { mac: this.state.mac } },
      { name, type: 'http', port: this.port, txt: {} },
    ];
  }

  /** The strip's physical button: toggles power and pushes the new state. */
  pressButton(): void {
    this.change({ on: 't' });
  }

  change(patch: Record<string, unknown>): void {
    this.state.apply(patch);
    this.broadcast();
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname.replace(/\/$/, '');
    if (req.method === 'GET') {
      const body = this.getJson(path);
      return body === undefined ? sendText(res, 404, 'Not Found', 'text/plain') : sendJson(res, 200, body);
    }
    if (req.method === 'POST' && (path === '/json/state' || path === '/json')) {
      const patch = parseJson(await readBody(req));
      if (!isObject(patch)) return sendJson(res, 400, { error: ERR_JSON });
      this.change(patch);
      return sendJson(res, 200, patch.v === true ? this.state.state() : { success: true });
    }
    sendText(res, 404, 'Not Found', 'text/plain');
  }

  private getJson(path: string): unknown {
    switch (path) {
      case '/json':
        return { state: this.state.state(), info: this.state.info(), effects: EFFECTS, palettes: PALETTES };
      case '/json/state':
        return this.state.state();
      case '/json/info':
        return this.state.info();
      case '/json/si':
        return { state: this.state.state(), info: this.state.info() };
      case '/json/eff':
        return EFFECTS;
      case '/json/pal':
        return PALETTES;
      default:
        return undefined;
    }
  }

  protected override upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (requestUrl(req).pathname !== '/ws') return void socket.destroy();
    if (this.clients.size >= this.webSocketSlots) return void socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      this.state.wsClients = this.clients.size;
      ws.on('close', () => {
        this.clients.delete(ws);
        this.state.wsClients = this.clients.size;
      });
      // A state object sent over /ws is applied like a POST; `{"v":true}` alone asks for the state.
      ws.on('message', (data) => {
        const patch = parseJson(data.toString());
        if (!isObject(patch)) return;
        const { v, ...rest } = patch;
        if (Object.keys(rest).length) this.change(rest);
        else if (v) ws.send(JSON.stringify(this.snapshot()));
      });
      ws.send(JSON.stringify(this.snapshot())); // WLED greets a new client with the full state
    });
  }

  private snapshot() {
    return { state: this.state.state(), info: this.state.info() };
  }

  private broadcast(): void {
    const text = JSON.stringify(this.snapshot());
    for (const ws of this.clients) ws.send(text);
  }

  protected override onStop(): void {
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
  }
}
