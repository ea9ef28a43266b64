/**
 * Browser sessions: what a signed-in browser holds instead of a user's token. Signing in with a
 * token makes a random session id; the browser keeps it in an HttpOnly cookie (server.ts), the hub
 * keeps only its SHA-256 (a copied database signs no one in) with an expiry that slides forward
 * while the browser is used, the user it belongs to and the hash of the token it was made with, so
 * a new token, a revoked or deleted user signs that user's browsers out. Transport-free: server.ts
 * reads and writes the cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../model';
import type { Clock } from '../util/clock';
import type { UserDirectory } from './users';

export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
/** A session's expiry moves forward at most once a day: one write per day per browser, not per request. */
const RENEW_AFTER_MS = DAY_MS;

export interface SessionRecord {
  /** SHA-256 (hex) of the session id the browser holds; also the public handle used to list and revoke. */
  idHash: string;
  /** The user it belongs to (null: made before users existed, until the owner adopts it). */
  userId: string | null;
  /** SHA-256 of the user's token when the session was made: a new token ends the session. */
  tokenFingerprint: string;
  /** "Chrome on Android" — to recognise a browser in the list. */
  label: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

/** Where sessions are kept: the store's SQLite table, or memory for a hub without a data folder. */
export interface SessionRepository {
  insert(record: SessionRecord): void;
  find(idHash: string): SessionRecord | undefined;
  /** Moves expiry and last use; false when there is no such session. */
  renew(idHash: string, expiresAt: number, lastSeenAt: number): boolean;
  /** False when there was no such session. */
  remove(idHash: string): boolean;
  list(): SessionRecord[];
  removeExpired(now: number): void;
  /** Removes a user's sessions; answers their handles. */
  removeUser(userId: string): string[];
  /** Gives sessions from before users existed (made with the hub's token) to its owner. */
  adopt(legacyFingerprint: string, userId: string, tokenFingerprint: string): void;
}

export class MemorySessionRepository implements SessionRepository {
  private readonly rows = new Map<string, SessionRecord>();
  insert(record: SessionRecord): void {
    this.rows.set(record.idHash, { ...record });
  }
  find(idHash: string): SessionRecord | undefined {
    const row = this.rows.get(idHash);
    return row && { ...row };
  }
  renew(idHash: string, expiresAt: number, lastSeenAt: number): boolean {
    const row = this.rows.get(idHash);
    if (!row) return false;
    row.expiresAt = expiresAt;
    row.lastSeenAt = lastSeenAt;
    return true;
  }
  remove(idHash: string): boolean {
    return this.rows.delete(idHash);
  }
  list(): SessionRecord[] {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }
  removeExpired(now: number): void {
    for (const [key, row] of this.rows) if (row.expiresAt <= now) this.rows.delete(key);
  }
  removeUser(userId: string): string[] {
    const removed = [...this.rows.values()].filter((row) => row.userId === userId).map((row) => row.idHash);
    for (const id of removed) this.rows.delete(id);
    return removed;
  }
  adopt(legacyFingerprint: string, userId: string, tokenFingerprint: string): void {
    for (const row of this.rows.values())
      if (row.userId === null && row.tokenFingerprint === legacyFingerprint) Object.assign(row, { userId, tokenFingerprint });
  }
}

/** What the browser holds: 32 random bytes, base64url (43 characters). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');
/** How sessions from before users remembered the hub's token (migration 5 hands them to the owner). */
export const legacyFingerprint = (token: string): string => createHash('sha256').update(`homeroom-token:${token}`).digest('hex');

/** A recognisable name for a browser from its User-Agent ("Firefox on Linux"); never shown as HTML. */
export function browserLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux|X11/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

export interface SignedIn {
  /** The value for the cookie; the hub does not keep it. */
  sessionId: string;
  record: SessionRecord;
}

export interface VerifiedSession {
  record: SessionRecord;
  principal: Principal;
  /** The expiry moved: send the cookie again. */
  renewed: boolean;
}

export class BrowserSessions {
  private readonly listeners = new Set<(idHash: string) => void>();

  constructor(private readonly options: { repository: SessionRepository; clock: Clock; users: UserDirectory }) {}

  /** A new session for the holder of a user's token; undefined when the token is wrong, revoked or expired. */
  signIn(token: string, userAgent: string | undefined): SignedIn | undefined {
    const user = this.options.users.authenticate(token);
    if (!user) return undefined;
    const now = this.options.clock.now();
    this.options.repository.removeExpired(now);
    const sessionId = randomBytes(32).toString('base64url');
    const record: SessionRecord = {
      idHash: hashSessionId(sessionId),
      userId: user.principal.userId,
      tokenFingerprint: user.tokenHash,
      label: browserLabel(userAgent),
      createdAt: now,
      expiresAt: now + SESSION_DAYS * DAY_MS,
      lastSeenAt: now,
    };
    this.options.repository.insert(record);
    return { sessionId, record };
  }

  /**
   * The session a cookie value stands for, if it is known, unexpired, and its user still holds the token it was
   * made with. A session in use is renewed (at most daily): `renewed` tells the caller to send the cookie again.
   */
  verify(sessionId: string | undefined): VerifiedSession | undefined {
    if (sessionId === undefined || !SESSION_ID.test(sessionId)) return undefined;
    const record = this.options.repository.find(hashSessionId(sessionId));
    const now = this.options.clock.now();
    if (!record || record.expiresAt <= now) return undefined;
    const principal = this.principal(record);
    if (!principal) return undefined;
    const expiresAt = now + SESSION_DAYS * DAY_MS;
    if (expiresAt - record.expiresAt < RENEW_AFTER_MS) return { record, principal, renewed: false };
    this.options.repository.renew(record.idHash, expiresAt, now);
    return { record: { ...record, expiresAt, lastSeenAt: now }, principal, renewed: true };
  }

  /** The session's user, while the session still signs it in. */
  principal(record: Pick<SessionRecord, 'userId' | 'tokenFingerprint'>): Principal | undefined {
    return record.userId === null ? undefined : this.options.users.principal(record.userId, record.tokenFingerprint);
  }

  /** Ends a session by the id the browser holds (sign out). */
  signOut(sessionId: string): void {
    if (SESSION_ID.test(sessionId)) this.revoke(hashSessionId(sessionId));
  }

  /** Ends a session by its public handle; its open connections are closed. */
  revoke(idHash: string): boolean {
    const removed = this.options.repository.remove(idHash);
    if (removed) this.notify(idHash);
    return removed;
  }

  /** Ends every session of a user (revoked, new token, deleted); their open connections are closed. */
  endUser(userId: string): void {
    for (const idHash of this.options.repository.removeUser(userId)) this.notify(idHash);
  }

  /** Sessions from before users existed were made with the hub's token: they become the owner's. */
  adoptLegacy(hubToken: string, owner: { userId: string; tokenHash: string }): void {
    this.options.repository.adopt(legacyFingerprint(hubToken), owner.userId, owner.tokenHash);
  }

  /** Sessions that still sign a browser in, newest first. */
  list(): SessionRecord[] {
    const now = this.options.clock.now();
    return this.options.repository
      .list()
      .filter((s) => s.expiresAt > now && this.principal(s) !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Called with a session's handle when it is revoked (the server closes its WebSockets). */
  onRevoked(listener: (idHash: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(idHash: string): void {
    for (const listener of [...this.listeners]) listener(idHash);
  }
}
