/**
 * Browser sessions: what a signed-in browser holds instead of the hub's token. Signing in with the
 * token makes a random session id; the browser keeps it in an HttpOnly cookie (server.ts), the hub
 * keeps only its SHA-256 (a copied database signs no one in) with an expiry that slides forward
 * while the browser is used, and a fingerprint of the token it was made with, so a new token signs
 * every browser out. Transport-free: server.ts reads and writes the cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../util/clock';
import { tokenMatches } from './security';

export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
/** A session's expiry moves forward at most once a day: one write per day per browser, not per request. */
const RENEW_AFTER_MS = DAY_MS;

export interface SessionRecord {
  /** SHA-256 (hex) of the session id the browser holds; also the public handle used to list and revoke. */
  idHash: string;
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
}

/** What the browser holds: 32 random bytes, base64url (43 characters). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');
const fingerprint = (token: string): string => createHash('sha256').update(`homeroom-token:${token}`).digest('hex');

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

export class BrowserSessions {
  private readonly listeners = new Set<(idHash: string) => void>();

  constructor(private readonly options: { repository: SessionRepository; clock: Clock; token: () => string | undefined }) {}

  /** A new session for the holder of the hub's token; undefined when the token is wrong. */
  signIn(token: string, userAgent: string | undefined): SignedIn | undefined {
    const expected = this.options.token();
    if (expected === undefined || !tokenMatches(expected, token)) return undefined;
    const now = this.options.clock.now();
    this.options.repository.removeExpired(now);
    const sessionId = randomBytes(32).toString('base64url');
    const record: SessionRecord = {
      idHash: hashSessionId(sessionId),
      tokenFingerprint: fingerprint(expected),
      label: browserLabel(userAgent),
      createdAt: now,
      expiresAt: now + SESSION_DAYS * DAY_MS,
      lastSeenAt: now,
    };
    this.options.repository.insert(record);
    return { sessionId, record };
  }

  /**
   * The session a cookie value stands for, if it is known, unexpired and made with the current token.
   * A session in use is renewed (at most daily): `renewed` tells the caller to send the cookie again.
   */
  verify(sessionId: string | undefined): { record: SessionRecord; renewed: boolean } | undefined {
    const expected = this.options.token();
    if (sessionId === undefined || expected === undefined || !SESSION_ID.test(sessionId)) return undefined;
    const record = this.options.repository.find(hashSessionId(sessionId));
    const now = this.options.clock.now();
    if (!record || record.expiresAt <= now || record.tokenFingerprint !== fingerprint(expected)) return undefined;
    const expiresAt = now + SESSION_DAYS * DAY_MS;
    if (expiresAt - record.expiresAt < RENEW_AFTER_MS) return { record, renewed: false };
    this.options.repository.renew(record.idHash, expiresAt, now);
    return { record: { ...record, expiresAt, lastSeenAt: now }, renewed: true };
  }

  /** Ends a session by the id the browser holds (sign out). */
  signOut(sessionId: string): void {
    if (SESSION_ID.test(sessionId)) this.revoke(hashSessionId(sessionId));
  }

  /** Ends a session by its public handle; its open connections are closed. */
  revoke(idHash: string): boolean {
    const removed = this.options.repository.remove(idHash);
    if (removed) for (const listener of [...this.listeners]) listener(idHash);
    return removed;
  }

  /** Sessions that still sign a browser in, newest first. */
  list(): SessionRecord[] {
    const now = this.options.clock.now();
    const current = this.options.token();
    const valid = current === undefined ? '' : fingerprint(current);
    return this.options.repository
      .list()
      .filter((s) => s.expiresAt > now && s.tokenFingerprint === valid)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Called with a session's handle when it is revoked (the server closes its WebSockets). */
  onRevoked(listener: (idHash: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
