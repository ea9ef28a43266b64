import type { WebSocket } from 'ws';
import type { Clock } from '../util/clock';
import { ClientFrame, isEventName, type ServerFrame } from './contract';
import { EventStream, type EventStreamSource } from './event-stream';
import { invoke, toApiError, type Handlers } from './handlers';
import { tokenMatches } from './security';

const AUTH_TIMEOUT_MS = 10_000;
/** Above this many unsent bytes a client is "slow": its changes wait and coalesce. */
const SLOW_CLIENT_BYTES = 1 << 20;

export interface WsSessionDeps extends EventStreamSource {
  token: string;
  /** The signed-in browser's session when the upgrade carried a valid session cookie (and an Origin). */
  session?: string | undefined;
  handlers: Handlers;
  clock: Clock;
  /** A wrong token was sent (counted by the server's failed-authentication limit). */
  authFailed?: () => void;
}

/**
 * One WebSocket client of the HubApi: authenticates with the first frame, then
 * request/response by id and pushed events for what it subscribed to.
 */
export class WsSession {
  private authenticated = false;
  /** Set when this socket signed in with the session cookie rather than the token. */
  private viaSession: string | undefined;
  private readonly stream: EventStream;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: WsSessionDeps,
  ) {
    this.stream = new EventStream(
      deps,
      (name, payload) => this.send({ type: 'event', name, payload }),
      () => socket.bufferedAmount > SLOW_CLIENT_BYTES,
    );
    const authTimer = deps.clock.setTimeout(() => {
      if (!this.authenticated) this.close(4401, 'Authentication timed out');
    }, AUTH_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.close(1003, 'Binary frames are not supported');
      void this.receive(data.toString());
    });
    socket.on('close', () => {
      deps.clock.clearTimeout(authTimer);
      this.stream.dispose();
    });
    socket.on('error', () => this.stream.dispose());
  }

  private async receive(text: string): Promise<void> {
    let frame: ClientFrame;
    try {
      frame = ClientFrame.parse(JSON.parse(text));
    } catch {
      if (!this.authenticated)
        return this.close(
          4400,
          'The first message must be {"type":"auth","token":"…"} (or {"type":"auth"} with a session cookie)',
        );
      return this.send({ type: 'response', id: -1, ok: false, error: { code: 'invalid', message: 'Malformed message' } });
    }
    if (!this.authenticated) {
      // A token in the frame is checked as it is; without one, the session cookie of the upgrade counts.
      const token = frame.type === 'auth' ? frame.token : '';
      if (token === undefined ? this.deps.session !== undefined : tokenMatches(this.deps.token, token)) {
        this.authenticated = true;
        if (token === undefined) this.viaSession = this.deps.session;
        return this.send({ type: 'auth_ok' });
      }
      const message = token === undefined ? 'Not signed in' : 'Invalid token';
      if (token !== undefined) this.deps.authFailed?.();
      this.send({ type: 'auth_failed', message });
      return this.close(4401, message);
    }
    if (frame.type === 'subscribe') {
      for (const name of frame.events) if (isEventName(name)) this.stream.subscribe(name);
      return;
    }
    if (frame.type === 'request') {
      try {
        const result = await invoke(this.deps.handlers, frame.method, frame.params, {
          client: 'browser',
          session: this.viaSession,
        });
        this.send({ type: 'response', id: frame.id, ok: true, result });
      } catch (error) {
        const { code, message } = toApiError(error);
        this.send({ type: 'response', id: frame.id, ok: false, error: { code, message } });
      }
    }
  }

  /** The browser's session was revoked: it must sign in again. */
  signedOut(): void {
    this.send({ type: 'auth_failed', message: 'Signed out' });
    this.close(4401, 'Signed out');
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private close(code: number, reason: string): void {
    this.socket.close(code, reason);
    this.stream.dispose();
  }
}
