/**
 * Signing a browser in with the session cookie, against a real startHub over HTTP and WebSocket: the
 * cookie's attributes, that it (and never the token) is what the browser holds, that it authenticates
 * REST and the WebSocket, that changes need the hub's own Origin, sign-out, revocation, expiry, renewal,
 * and that a wall tablet stays signed in across a hub restart — but not across a new token.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import { silentLogger } from '../util/logger';

const token = 'session-test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-api-session-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
let hub: Hub;

const boot = (withToken = token) =>
  startHub(
    { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token: withToken, uiDir } },
    { logger: silentLogger },
  );

const origin = () => hub.url!.replace(/\/$/, '');

type Sent = { status: number; setCookie: string[]; body: unknown };

async function http(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Sent> {
  const res = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, setCookie: res.headers.getSetCookie(), body: text ? JSON.parse(text) : undefined };
}

/** Signs in as the sign-in page does and answers the cookie's value. */
async function signIn(): Promise<string> {
  const sent = await http(
    'POST',
    'session',
    { Origin: origin(), 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140' },
    { token },
  );
  expect(sent.status).toBe(200);
  const value = /^homeroom_session=([^;]*);/.exec(sent.setCookie[0] ?? '')?.[1];
  expect(value).toBeTruthy();
  return value!;
}

const withCookie = (value: string, extra: Record<string, string> = {}) => ({ Cookie: `homeroom_session=${value}`, ...extra });

/** A WebSocket as a browser opens it (Origin and Cookie on the upgrade), signed in with `{type:"auth"}`. */
function socket(headers: Record<string, string>) {
  const ws = new WebSocket(`${hub.url!.replace('http', 'ws')}api/ws`, { headers });
  const frames: { type: string; [key: string]: unknown }[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, opened };
}

/** A stored session as the table keeps it: only the id's hash, never the id or the token. */
type SessionRow = { id_hash: string; expires_at: number };
const sessionRows = () => hub.store!.database.main.prepare<[], SessionRow>('SELECT * FROM browser_sessions').all();

beforeAll(async () => {
  hub = await boot();
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie for the whole site that holds a random id, not the token', async () => {
    const sent = await http('POST', 'session', { Origin: origin() }, { token });
    expect(sent.status).toBe(200);
    expect(sent.setCookie).toHaveLength(1);
    const cookie = sent.setCookie[0]!;
    const attributes = cookie.split(';').map((part) => part.trim());
    const [nameValue, ...rest] = attributes;
    expect(rest).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${30 * 86_400}`]));
    const value = nameValue!.slice('homeroom_session='.length);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain(token);
    expect(cookie).not.toContain(encodeURIComponent(token));
    // The store keeps the id's hash only.
    const hashes = sessionRows().map((r) => r.id_hash);
    expect(hashes).toContain(createHash('sha256').update(value).digest('hex'));
    expect(JSON.stringify(sessionRows())).not.toContain(value);
    expect((sent.body as { expiresAt: number }).expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('refuses a wrong token, a page from another site, and a malformed body, and sets no cookie', async () => {
    const wrong = await http('POST', 'session', { Origin: origin() }, { token: 'not-the-token-at-all' });
    expect(wrong).toMatchObject({ status: 401, setCookie: [], body: { code: 'unauthorized' } });
    const crossSite = await http('POST', 'session', { Origin: 'http://evil.example' }, { token });
    expect(crossSite).toMatchObject({ status: 401, setCookie: [] });
    const malformed = await http('POST', 'session', { Origin: origin() }, { password: token });
    expect(malformed).toMatchObject({ status: 400, setCookie: [] });
  });
});

describe('the session cookie', () => {
  it('authenticates REST; a change must come with the hub’s own Origin (CSRF)', async () => {
    const value = await signIn();
    expect((await http('GET', 'health', withCookie(value))).status).toBe(200);
    const patch = { units: 'celsius' };
    expect((await http('PATCH', 'settings', withCookie(value, { Origin: origin() }), patch)).status).toBe(200);
    expect((await http('PATCH', 'settings', withCookie(value), patch)).status).toBe(401);
    expect((await http('PATCH', 'settings', withCookie(value, { Origin: 'http://evil.example' }), patch)).status).toBe(401);
    // Scripts keep using the bearer token, without an Origin.
    expect((await http('PATCH', 'settings', { Authorization: `Bearer ${token}` }, patch)).status).toBe(200);
  });

  it('authenticates the WebSocket opened by the hub’s own page, and lists itself as the current session', async () => {
    const value = await signIn();
    const client = socket(withCookie(value, { Origin: origin() }));
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'auth' }));
    await expect.poll(() => client.frames[0]).toEqual({ type: 'auth_ok' });
    client.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'listSessions', params: {} }));
    await expect.poll(() => client.frames.find((f) => f.type === 'response')).toBeTruthy();
    const response = client.frames.find((f) => f.type === 'response') as unknown as {
      ok: boolean;
      result: { id: string; current: boolean; label: string }[];
    };
    expect(response.ok).toBe(true);
    const mine = response.result.filter((s) => s.current);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).toBe(createHash('sha256').update(value).digest('hex'));
    expect(mine[0]!.label).toBe('Chrome on Linux');
    client.ws.close();
  });

  it('does not count on a WebSocket without an Origin (not a browser): it must send the token', async () => {
    const value = await signIn();
    const client = socket(withCookie(value));
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'auth' }));
    expect(await client.closed).toEqual({ code: 4401, reason: 'Not signed in' });
    expect(client.frames).toEqual([{ type: 'auth_failed', message: 'Not signed in' }]);
  });

  it('is refused when unknown or expired (401), and renewed when used after a day', async () => {
    expect((await http('GET', 'health', withCookie('A'.repeat(43)))).status).toBe(401);
    expect((await http('GET', 'health', withCookie('short'))).status).toBe(401);

    const value = await signIn();
    const hash = createHash('sha256').update(value).digest('hex');
    const setExpiry = hub.store!.database.main.prepare('UPDATE browser_sessions SET expires_at = ? WHERE id_hash = ?');
    // Used with 10 days left: the expiry moves 30 days ahead and the cookie is sent again.
    setExpiry.run(Date.now() + 10 * 86_400_000, hash);
    const renewed = await http('GET', 'health', withCookie(value));
    expect(renewed.status).toBe(200);
    expect(renewed.setCookie[0]).toMatch(
      new RegExp(`^homeroom_session=${value}; Max-Age=259\\d{4}; Path=/; HttpOnly; SameSite=Strict$`),
    );
    expect(sessionRows().find((r) => r.id_hash === hash)!.expires_at).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // Used again at once: nothing to renew.
    expect((await http('GET', 'health', withCookie(value))).setCookie).toEqual([]);

    setExpiry.run(Date.now() - 1000, hash);
    expect((await http('GET', 'health', withCookie(value))).status).toBe(401);
  });
});

describe('signing out', () => {
  it('revokes the session, clears the cookie and closes the browser’s open connections', async () => {
    const value = await signIn();
    const client = socket(withCookie(value, { Origin: origin() }));
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'auth' }));
    await expect.poll(() => client.frames[0]).toEqual({ type: 'auth_ok' });

    const out = await http('DELETE', 'session', withCookie(value, { Origin: origin() }));
    expect(out.status).toBe(204);
    expect(out.setCookie).toEqual(['homeroom_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict']);
    expect(await client.closed).toEqual({ code: 4401, reason: 'Signed out' });
    expect(client.frames.at(-1)).toEqual({ type: 'auth_failed', message: 'Signed out' });
    expect((await http('GET', 'health', withCookie(value))).status).toBe(401);
  });

  it('can be done for another browser by revokeSession', async () => {
    const value = await signIn();
    const id = createHash('sha256').update(value).digest('hex');
    const revoked = await http('DELETE', `sessions/${id}`, { Authorization: `Bearer ${token}` });
    expect(revoked).toMatchObject({ status: 200, body: { id } });
    expect((await http('GET', 'health', withCookie(value))).status).toBe(401);
    expect((await http('DELETE', `sessions/${id}`, { Authorization: `Bearer ${token}` })).status).toBe(404);
  });
});

describe('across restarts', () => {
  it('keeps a browser signed in when the hub restarts, and signs every browser out when the token changes', async () => {
    const value = await signIn();
    await hub.stop();
    hub = await boot();
    expect((await http('GET', 'health', withCookie(value))).status).toBe(200);

    await hub.stop();
    hub = await boot('a-brand-new-token-0123456789');
    expect((await http('GET', 'health', withCookie(value))).status).toBe(401);
    expect((await http('GET', 'sessions', { Authorization: 'Bearer a-brand-new-token-0123456789' })).body).toEqual([]);
  });
});
