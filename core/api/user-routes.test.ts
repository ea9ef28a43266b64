/**
 * People and access over real HTTP and WebSocket, against a real startHub with a data directory: the hub's token is
 * the owner's, users get their own tokens (hashed in SQLite), a guest reaches only its room, a board only reads, a
 * new token or a revocation stops the old one and its sessions and sockets at once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import type { Integration, IntegrationHost } from '../integrations/integration';
import type { Command } from '../model';
import { silentLogger } from '../util/logger';

const ownerToken = 'user-routes-owner-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-users-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
let hub: Hub;

/** Two lamps that echo every command, as devices reporting their new state would. */
class EchoIntegration implements Integration {
  readonly name = 'echo';
  constructor(private readonly host: IntegrationHost) {}
  async start() {
    for (const id of ['echo:kitchen-lamp', 'echo:office-lamp'])
      this.host.upsertDevice({
        id,
        name: id,
        kind: 'light',
        integration: 'echo',
        availability: 'online',
        capabilities: { power: { value: false, writable: true } },
      });
  }
  async stop() {}
  async sendCommand(id: string, command: Command) {
    if (command.power !== undefined) setTimeout(() => this.host.reportState(id, { power: command.power }), 5);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field
type Json = any;

async function api(
  token: string | { cookie: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const auth: Record<string, string> =
    typeof token === 'string' ? { Authorization: `Bearer ${token}` } : { Cookie: token.cookie, Origin: origin() };
  const res = await fetch(new URL(`api${path}`, hub.url), {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}
const origin = () => new URL(hub.url!).origin;

async function signIn(token: string): Promise<{ cookie: string }> {
  const res = await fetch(new URL('api/session', hub.url), {
    method: 'POST',
    headers: { Origin: origin(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** A WebSocket signed in with a token and subscribed to events; records every event and how it closed. */
async function socket(token: string, events: string[]) {
  const ws = new WebSocket(new URL('api/ws', hub.url!.replace('http', 'ws')));
  const received: { name: string; payload: Json }[] = [];
  const closed: { code?: number } = {};
  ws.on('close', (code) => (closed.code = code));
  await new Promise((resolve) => ws.once('open', resolve));
  const authed = new Promise((resolve) => ws.once('message', resolve));
  ws.send(JSON.stringify({ type: 'auth', token }));
  expect(JSON.parse(String(await authed))).toEqual({ type: 'auth_ok' });
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'event') received.push(frame);
  });
  ws.send(JSON.stringify({ type: 'subscribe', events }));
  return { ws, received, closed };
}

let guest: { token: string; id: string };
let board: { token: string; id: string };

beforeAll(async () => {
  hub = await startHub(
    { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token: ownerToken, uiDir } },
    { logger: silentLogger },
  );
  const echo = new EchoIntegration(hub.registry.hostFor('echo'));
  hub.registry.addIntegration(echo);
  await echo.start();
  for (const name of ['Kitchen', 'Office']) expect((await api(ownerToken, 'POST', '/rooms', { name })).status).toBe(201);
  await api(ownerToken, 'PATCH', '/devices/echo%3Akitchen-lamp', { roomId: 'kitchen' });
  await api(ownerToken, 'PATCH', '/devices/echo%3Aoffice-lamp', { roomId: 'office' });
  const madeGuest = await api(ownerToken, 'POST', '/users', { name: 'Gina', role: 'guest', rooms: ['kitchen'] });
  expect(madeGuest.status).toBe(201);
  guest = { token: madeGuest.body.token, id: madeGuest.body.user.id };
  const madeBoard = await api(ownerToken, 'POST', '/users', { name: 'Hall tablet', role: 'board', rooms: ['kitchen'] });
  board = { token: madeBoard.body.token, id: madeBoard.body.user.id };
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('users over REST', () => {
  it('the hub’s token is the owner’s: an admin who may call everything', async () => {
    const me = await api(ownerToken, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: 'owner', name: 'Owner', role: 'admin', owner: true });
    expect(me.body.methods).toContain('createUser');
  });

  it('shows a new user’s token once, with a sign-in link, and keeps only its SHA-256', async () => {
    expect(guest.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const made = await api(ownerToken, 'POST', '/users', { name: 'Max', role: 'member' });
    expect(made.body.signInUrl).toBe(`${hub.url}?token=${made.body.token}`);
    const listed = await api(ownerToken, 'GET', '/users');
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    expect(listed.body.map((u: Json) => u.name)).toEqual(['Owner', 'Gina', 'Hall tablet', 'Max']);
    const db = new Database(join(dataDir, 'homeroom.db'), { readonly: true });
    const row = db.prepare('SELECT token_hash FROM users WHERE id = ?').get(made.body.user.id) as { token_hash: string };
    db.close();
    expect(row.token_hash).toBe(createHash('sha256').update(made.body.token).digest('hex'));
    expect(readFileSync(join(dataDir, 'homeroom.db')).includes(made.body.token)).toBe(false);
  });

  it('refuses a guest or board without rooms, and removing the last admin', async () => {
    expect((await api(ownerToken, 'POST', '/users', { name: 'X', role: 'guest' })).body).toMatchObject({ code: 'invalid' });
    expect(await api(ownerToken, 'DELETE', '/users/owner')).toMatchObject({ status: 409 });
    expect(await api(ownerToken, 'PATCH', '/users/owner', { role: 'member' })).toMatchObject({ status: 409 });
  });
});

describe('a guest reaches only its room', () => {
  it('lists only its room’s devices and rooms, and controls its room’s lamp', async () => {
    expect((await api(guest.token, 'GET', '/devices')).body.map((d: Json) => d.id)).toEqual(['echo:kitchen-lamp']);
    expect((await api(guest.token, 'GET', '/rooms')).body.map((r: Json) => r.id)).toEqual(['kitchen']);
    const sent = await api(guest.token, 'POST', '/devices/echo%3Akitchen-lamp/command', { power: true });
    expect(sent).toMatchObject({ status: 200, body: { capabilities: { power: { value: true } } } });
  });

  it('gets 403 with a clear message for another room’s device, its history, settings, users and automations', async () => {
    const other = await api(guest.token, 'POST', '/devices/echo%3Aoffice-lamp/command', { power: true });
    expect(other).toEqual({
      status: 403,
      body: {
        code: 'forbidden',
        message: 'sendCommand is refused to a guest: the device "echo:office-lamp" is not in Gina’s rooms',
      },
    });
    expect((await api(guest.token, 'GET', '/history?device=echo%3Aoffice-lamp&capability=power&from=0')).status).toBe(403);
    for (const path of ['/settings', '/users', '/automations', '/discovery', '/export'])
      expect((await api(guest.token, 'GET', path)).status, path).toBe(403);
    const me = await api(guest.token, 'GET', '/me');
    expect(me.body.user).toMatchObject({ name: 'Gina', role: 'guest', rooms: ['kitchen'] });
    expect(me.body.methods).toContain('sendCommand');
    expect(me.body.methods).not.toContain('getSettings');
  });

  it('sees only its room in the logbook', async () => {
    await api(ownerToken, 'POST', '/devices/echo%3Aoffice-lamp/command', { power: true });
    await vi.waitFor(async () => {
      const all = (await api(ownerToken, 'GET', '/logbook')).body as Json[];
      expect(all.some((e) => e.deviceId === 'echo:office-lamp')).toBe(true);
    });
    const mine = (await api(guest.token, 'GET', '/logbook')).body as Json[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.roomId === 'kitchen' || e.deviceId === 'echo:kitchen-lamp')).toBe(true);
  });
});

describe('a board only reads', () => {
  it('reads its room and is refused control with 403', async () => {
    expect((await api(board.token, 'GET', '/devices')).body.map((d: Json) => d.id)).toEqual(['echo:kitchen-lamp']);
    expect((await api(board.token, 'GET', '/rooms/kitchen/status')).status).toBe(200);
    expect((await api(board.token, 'GET', '/rooms/office/status')).status).toBe(403);
    expect(await api(board.token, 'POST', '/devices/echo%3Akitchen-lamp/command', { power: false })).toEqual({
      status: 403,
      body: { code: 'forbidden', message: 'sendCommand is refused to a board: a board is read-only' },
    });
  });
});

describe('events are filtered by scope', () => {
  it('a guest’s WebSocket never receives another room’s device states; an admin’s receives both', async () => {
    const guestWs = await socket(guest.token, ['devicesChanged', 'commandUpdate', 'logbookEntry', 'settingsChanged']);
    const adminWs = await socket(ownerToken, ['devicesChanged']);
    await api(ownerToken, 'POST', '/devices/echo%3Aoffice-lamp/command', { power: false });
    await api(ownerToken, 'PATCH', '/settings', { theme: 'dark' });
    await api(ownerToken, 'POST', '/devices/echo%3Akitchen-lamp/command', { power: false });
    const ids = (r: typeof guestWs.received) =>
      new Set(r.filter((e) => e.name === 'devicesChanged').flatMap((e) => e.payload.devices.map((d: Json) => d.id)));
    await vi.waitFor(() => expect(ids(adminWs.received)).toEqual(new Set(['echo:office-lamp', 'echo:kitchen-lamp'])));
    await vi.waitFor(() => expect(ids(guestWs.received)).toEqual(new Set(['echo:kitchen-lamp'])));
    // Everything it got is about the kitchen (the office changed first, so its events were sent by then).
    for (const { name, payload } of guestWs.received) {
      expect(name).not.toBe('settingsChanged');
      if (name !== 'devicesChanged') expect(payload.deviceId, name).toBe('echo:kitchen-lamp');
    }
    guestWs.ws.close();
    adminWs.ws.close();
  });
});

describe('new tokens and revocation', () => {
  it('a new token stops the old one, its browser sessions and its open sockets at once', async () => {
    const made = await api(ownerToken, 'POST', '/users', { name: 'Phone', role: 'member' });
    const old = made.body.token as string;
    const browser = await signIn(old);
    expect((await api(browser, 'GET', '/me')).status).toBe(200);
    const open = await socket(old, ['devicesChanged']);
    const renewed = await api(ownerToken, 'POST', `/users/${made.body.user.id}/token`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.token).not.toBe(old);
    expect((await api(old, 'GET', '/me')).status).toBe(401);
    expect((await api(browser, 'GET', '/me')).status).toBe(401);
    await vi.waitFor(() => expect(open.closed.code).toBe(4401));
    expect((await api(renewed.body.token, 'GET', '/me')).body.user.name).toBe('Phone');
  });

  it('revoking ends the token and the sessions; a new token lifts it; deleting stops it for good', async () => {
    const browser = await signIn(guest.token);
    const revoked = await api(ownerToken, 'PATCH', `/users/${guest.id}`, { revoked: true });
    expect(revoked.body.revokedAt).toEqual(expect.any(Number));
    expect((await api(guest.token, 'GET', '/devices')).status).toBe(401);
    expect((await api(browser, 'GET', '/devices')).status).toBe(401);
    const again = await api(ownerToken, 'POST', `/users/${guest.id}/token`);
    expect((await api(again.body.token, 'GET', '/devices')).status).toBe(200);
    expect(await api(ownerToken, 'DELETE', `/users/${guest.id}`)).toEqual({ status: 200, body: { id: guest.id } });
    expect((await api(again.body.token, 'GET', '/devices')).status).toBe(401);
  });

  it('an expired token no longer signs in', async () => {
    const made = await api(ownerToken, 'POST', '/users', {
      name: 'Visitor',
      role: 'guest',
      rooms: ['office'],
      expiresAt: Date.now() - 1,
    });
    expect(made.status).toBe(201);
    expect((await api(made.body.token, 'GET', '/me')).status).toBe(401);
  });
});

describe('the owner across restarts', () => {
  it('keeps users and sessions across a restart; another --token replaces only the owner’s', async () => {
    const made = await api(ownerToken, 'POST', '/users', { name: 'Kid', role: 'member' });
    const ownerBrowser = await signIn(ownerToken);
    await hub.stop();
    hub = await startHub(
      { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token: 'another-owner-token-0123456789', uiDir } },
      { logger: silentLogger },
    );
    expect((await api(made.body.token, 'GET', '/me')).body.user.name).toBe('Kid');
    expect((await api(ownerToken, 'GET', '/me')).status).toBe(401);
    expect((await api(ownerBrowser, 'GET', '/me')).status).toBe(401);
    expect((await api('another-owner-token-0123456789', 'GET', '/me')).body.user).toMatchObject({ id: 'owner', role: 'admin' });
  });

  it('renewing the owner’s token makes it the hub’s own (what the hub prints and keeps)', async () => {
    const renewed = await api('another-owner-token-0123456789', 'POST', '/users/owner/token');
    expect(renewed.status).toBe(200);
    expect(hub.token).toBe(renewed.body.token);
    expect((await api('another-owner-token-0123456789', 'GET', '/me')).status).toBe(401);
  });
});
