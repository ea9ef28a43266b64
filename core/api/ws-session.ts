import type { WebSocket } from 'ws';
import type { Principal } from '../model';
import type { Clock } from '../util/clock';
import { eventPermit } from './access';
import { ClientFrame, isEventName, type ServerFrame } from './contract';
import { EventStream, type EventStreamSource } from './event-stream';
import { invoke, toApiError, type Handlers } from './handlers';
import type { BrowserSessions, SessionRecord } from './sessions';
import type { UserChange, UserDirectory } from './users';

const AUTH_TIMEOUT_MS = 10_000;
/** Above this many unsent bytes a client is "slow": its changes wait and coalesce. */
const SLOW_CLIENT_BYTES = 1 << 20;

export interface WsSessionDeps extends EventStreamSource {
  users: UserDirectory;
  sessions: BrowserSessions;
  /** The signed-in browser's session when the upgrade carried a valid session cookie (and an Origin). */
  session?: { idHash: string; record: SessionRecord } | undefined;
  handlers: Handlers;
  clock: Clock;
  /** A wrong token was sent (counted by the server's failed-authentication limit). */
  authFailed?: () => void;
}

/** Who signed this socket in: looked up again for every call and event, so a change applies at once. */
type SignedInAs = { userId: string; principal: () => Principal | undefined };

/**
 * One WebSocket client of the HubApi: authenticates with the first frame, then
 * request/response by id and pushed events for what it subscribed to.
 */
export class WsSession {
  private authenticated = false;
  /** Set when this socket signed in with the session cookie rather than the token. */
  private viaSession: string | undefined;
  private signedInAs: SignedInAs | undefined;
  private readonly stream: EventStream;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: WsSessionDeps,
  ) {
    // Each event is cut to what this socket's user may see (access.ts): a guest never gets another room's states.
    const permit = eventPermit(() => this.signedInAs?.principal(), { deviceRoom: (id) => deps.registry.get(id)?.roomId });
    this.stream = new EventStream(
      deps,
      (name, payload) => {
        const allowed = permit(name, payload);
        if (allowed !== undefined) this.send({ type: 'event', name, payload: allowed });
      },
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
      const signedIn = this.signIn(token);
      if (signedIn) {
        this.authenticated = true;
        this.signedInAs = signedIn;
        if (token === undefined) this.viaSession = this.deps.session?.idHash;
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
      const principal = this.signedInAs?.principal();
      if (!principal) return this.signedOut();
      try {
        const result = await invoke(this.deps.handlers, frame.method, frame.params, {
          client: 'browser',
          session: this.viaSession,
          principal,
        });
        this.send({ type: 'response', id: frame.id, ok: true, result });
      } catch (error) {
        const { code, message } = toApiError(error);
        this.send({ type: 'response', id: frame.id, ok: false, error: { code, message } });
      }
    }
  }

  /** A token in the auth frame is checked as it is; without one, the session cookie of the upgrade counts. */
  private signIn(token: string | undefined): SignedInAs | undefined {
    const { users, sessions, session } = this.deps;
    if (token === undefined) {
      if (!session || !sessions.principal(session.record)) return undefined;
      const { userId, tokenFingerprint } = session.record;
      return userId === null ? undefined : { userId, principal: () => users.principal(userId, tokenFingerprint) };
    }
    const user = users.authenticate(token);
    if (!user) return undefined;
    const { userId } = user.principal;
    return { userId, principal: () => users.principal(userId, user.tokenHash) };
  }

  /**
   * A user changed: a stopped token signs its sockets out; other rooms or another role close them so that the
   * client reconnects and reloads what it may now see (`GET /api/me`).
   */
  userChanged(userId: string, change: UserChange): void {
    if (this.signedInAs?.userId !== userId) return;
    if (change === 'access' && this.signedInAs.principal()) return this.close(4000, 'Your access changed');
    this.signedOut();
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
