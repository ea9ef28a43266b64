import { timingSafeEqual } from 'node:crypto';

/**
 * The page may talk only to its own hub; device strings can never load scripts. This is the built page's meta tag,
 * which cannot know the hub's address; the header (`contentSecurityPolicy`) narrows `connect-src` to it, and a
 * browser enforces both.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The header's policy for a page served under `host` (already checked against the allowlist): WebSockets only to this
 * hub (`'self'` does not cover ws: in every browser), never to any other host.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const own = host && /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return CONTENT_SECURITY_POLICY.replace("connect-src 'self' ws: wss:", `connect-src 'self'${own}`);
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy(undefined),
  'X-Content-Type-Options': 'nosniff',
  // The login URL carries the token: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

/**
 * Browsers send Origin on WebSocket upgrades and on every state-changing fetch: a page from another
 * site is refused. No Origin at all is a script or a tool (it must hold the token), so it passes.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The signed-in browser's cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = 'homeroom_session';

export function sessionCookie(sessionId: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${sessionId}; Max-Age=${Math.max(0, Math.round(maxAgeS))}; Path=/; HttpOnly; SameSite=Strict`;
}

export function clearedSessionCookie(): string {
  return sessionCookie('', 0);
}

/** One cookie's value from a Cookie header (the first of that name), without inherited-property lookups. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Names that always mean this machine. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The host names the hub answers to (DNS rebinding: a page on evil.example whose name now points at
 * the hub sends `Host: evil.example`). Loopback names, the address it listens on, when that is every
 * address the machine's own addresses and name, and the names the user added (`--allow-host`).
 */
export function hostAllowlist(options: {
  listenHost: string;
  extra?: readonly string[];
  /** This machine's addresses and name (used when listening on every address). */
  machine?: () => readonly string[];
}): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  const add = (name: string) => {
    const clean = name
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (clean) names.add(clean);
  };
  if (WILDCARD.has(options.listenHost)) for (const name of options.machine?.() ?? []) add(name);
  else add(options.listenHost);
  for (const name of options.extra ?? []) add(name);
  return names;
}

/** The host name of a Host header (`Host: Hub.local:8321` → `hub.local`), or undefined when it is not one. */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader || hostHeader.length > 300) return undefined;
  try {
    const url = new URL(`http://${hostHeader}`);
    if (url.host !== hostHeader.toLowerCase() && url.host !== hostHeader.toLowerCase().replace(/:80$/, '')) return undefined;
    return url.hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

export function hostAllowed(allowlist: ReadonlySet<string>, hostHeader: string | undefined): boolean {
  const name = hostnameOf(hostHeader);
  return name !== undefined && allowlist.has(name);
}

/**
 * A browser's Origin on a WebSocket upgrade: its host name must be one the hub answers to. Compared
 * with the allowlist, not with the Host header: under DNS rebinding both name the attacker's site.
 * No Origin is a script or a tool, which still has to send the token.
 */
export function originAllowed(allowlist: ReadonlySet<string>, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && allowlist.has(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  } catch {
    return false;
  }
}

/** Tokens carry at least 128 bits: 22 base64url characters, or 32 hex digits. */
export function tokenStrengthProblem(token: string): string | undefined {
  const hex = /^[0-9a-fA-F]+$/.test(token);
  if (hex ? token.length >= 32 : /^[A-Za-z0-9_-]{22,}$/.test(token)) return undefined;
  return 'must carry at least 128 bits: 22 or more characters of A–Z, a–z, 0–9, "-" and "_" (or 32 hex digits); make one with `openssl rand -base64 24 | tr "+/" "-_"`, or leave out --token and the hub makes one';
}
