/**
 * HubClient over the hub's WebSocket (`/api/ws` on the page's own host), for hub mode in a browser.
 * Frames are those of `core/api/contract.ts`: `auth` first, then `request`/`subscribe`.
 * Reconnects with exponential backoff; requests made while disconnected fail at once
 * with `unavailable` (the store reloads everything when the connection comes back).
 */
import {
  ApiError,
  ApiErrorBody,
  EVENT_NAMES,
  methods,
  type ClientFrame,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodRequest,
  type MethodResponse,
} from '../../../core/api/contract';
import type { ConnectionState, HubConnection } from './connection';
import { EventHandlers } from './event-handlers';
import { Inbox, type InboxOptions } from './inbox';

/** WebSocket.OPEN (not read from the global, which tests may not have). */
const SOCKET_OPEN = 1;

type Pending = {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

export type WsClientOptions = {
  url: string;
  /** Left out: the browser is signed in with the hub's session cookie, which the upgrade carries. */
  token?: string | undefined;
  /** Factory for tests. */
  createSocket?: (url: string) => WebSocket;
  /** Client-side safety net; the hub answers sendCommand itself within its own timeout. */
  requestTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How handling is sliced (tests give their own yielder and clock). */
  inbox?: InboxOptions;
};

/**
 * A `devicesChanged` batch longer than this is validated and handed on in pieces of this size,
 * each its own job in the inbox: a burst of a thousand devices (every plug reporting at once)
 * would otherwise be one task of 100 ms of zod on a loaded machine (docs/performance.md).
 */
export const EVENT_SLICE = 50;

export function hubWebSocketUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/ws`;
}

/** How long a call made before the first connection waits for it. */
const FIRST_CONNECT_WAIT_MS = 10_000;

export class WsHubClient implements HubConnection {
  private socket: WebSocket | null = null;
  private authed = false;
  private closed = false;
  private attempt = 0;
  private nextId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new EventHandlers();
  private readonly inbox: Inbox;
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = { state: 'connecting' };

  constructor(private readonly options: WsClientOptions) {
    this.inbox = new Inbox(options.inbox);
    this.open();
  }

  get connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  call<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>> {
    // A view opened by its address asks before the first connection is up: wait for it (briefly) instead of failing.
    if (this.state.state === 'connecting' && !this.closed)
      return this.afterFirstConnect().then(() => this.request(method, params));
    return this.request(method, params);
  }

  private afterFirstConnect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (result: 'ok' | Error) => {
        clearTimeout(timer);
        off();
        if (result === 'ok') resolve();
        else reject(result);
      };
      const timer = setTimeout(() => done(new ApiError('unavailable', 'Not connected to the hub')), FIRST_CONNECT_WAIT_MS);
      const off = this.onConnection((state) => {
        if (state.state === 'connected') done('ok');
        else if (state.state !== 'connecting') done(new ApiError('unavailable', 'Not connected to the hub'));
      });
    });
  }

  private request<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>> {
    const socket = this.socket;
    if (!socket || !this.authed || socket.readyState !== SOCKET_OPEN) {
      return Promise.reject(new ApiError('unavailable', 'Not connected to the hub'));
    }
    const id = this.nextId++;
    return new Promise<MethodResponse<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError('timeout', 'The hub did not answer in time'));
      }, this.options.requestTimeoutMs ?? 15_000);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ type: 'request', id, method, params });
    });
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, handler);
  }

  retry(): void {
    if (this.closed || (this.socket && this.state.state !== 'auth_failed')) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.socket = null;
    this.setState({ state: 'connecting' });
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failPending('Connection closed');
    this.socket?.close();
    this.socket = null;
  }

  private open(): void {
    if (this.closed) return;
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    let socket: WebSocket;
    try {
      socket = create(this.options.url);
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : 'Cannot open a connection');
      return;
    }
    this.socket = socket;
    this.authed = false;
    socket.onopen = () =>
      this.send(this.options.token === undefined ? { type: 'auth' } : { type: 'auth', token: this.options.token });
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.authed = false;
      this.failPending('Connection to the hub was lost');
      if (this.state.state === 'auth_failed') return;
      // 4401: the hub refused this browser (signed out elsewhere, or a new token); retrying would not help.
      if (event.code === 4401) return this.setState({ state: 'auth_failed', reason: event.reason || 'Not signed in' });
      this.scheduleReconnect(event.reason || (this.attempt === 0 ? 'Connection lost' : 'Hub not reachable'));
    };
    socket.onerror = () => {
      // onclose follows and handles the reconnect.
    };
  }

  private scheduleReconnect(reason: string): void {
    if (this.closed) return;
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 10_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.attempt++;
    this.setState({ state: 'reconnecting', reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: { type?: unknown; [key: string]: unknown };
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'event' && frame.name === 'devicesChanged') {
      const payload = frame.payload as { devices?: unknown } | null;
      const devices = typeof payload === 'object' && payload !== null ? payload.devices : undefined;
      if (Array.isArray(devices) && devices.length > EVENT_SLICE) {
        // Each piece is validated as a whole event of its own, in order.
        for (let i = 0; i < devices.length; i += EVENT_SLICE) {
          const piece = { ...payload, devices: devices.slice(i, i + EVENT_SLICE) };
          this.inbox.push(() => this.events.dispatch('devicesChanged', piece));
        }
        return;
      }
    }
    this.inbox.push(() => this.handle(frame), { settles: frame.type === 'response' });
  }

  private handle(frame: { type?: unknown; [key: string]: unknown }): void {
    switch (frame.type) {
      case 'auth_ok':
        this.authed = true;
        this.attempt = 0;
        this.send({ type: 'subscribe', events: [...EVENT_NAMES] });
        this.setState({ state: 'connected' });
        return;
      case 'auth_failed':
        this.setState({ state: 'auth_failed', reason: typeof frame.message === 'string' ? frame.message : 'Access denied' });
        this.socket?.close();
        return;
      case 'response':
        this.settle(frame);
        return;
      case 'event':
        this.events.dispatch(frame.name, frame.payload);
        return;
      default:
        return;
    }
  }

  private settle(frame: Record<string, unknown>): void {
    const id = typeof frame.id === 'number' ? frame.id : -1;
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    if (frame.ok === true) {
      const parsed = methods[entry.method].response.safeParse(frame.result);
      if (parsed.success) entry.resolve(parsed.data);
      else entry.reject(new ApiError('internal', `Unexpected answer from the hub to ${entry.method}`));
      return;
    }
    const error = ApiErrorBody.safeParse(frame.error);
    entry.reject(error.success ? new ApiError(error.data.code, error.data.message) : new ApiError('internal', 'Request failed'));
  }

  private failPending(message: string): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new ApiError('unavailable', message));
      this.pending.delete(id);
    }
  }

  private send(frame: ClientFrame): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) {
      try {
        listener(state);
      } catch (error) {
        console.error('A connection listener failed', error);
      }
    }
  }
}
