/**
 * The store's HubApi routes over real HTTP and WebSocket, against a real startHub (embedded
 * broker on port 0) with a data directory — including a restart of the whole hub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import type { Integration, IntegrationHost } from '../integrations/integration';
import type { Command } from '../model';
import { silentLogger } from '../util/logger';

const token = 'test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-api-store-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
let hub: Hub;

/** A device that echoes every command, registered on the real hub's registry. */
class EchoIntegration implements Integration {
  readonly name = 'echo';
  constructor(private readonly host: IntegrationHost) {}
  async start() {
    this.host.upsertDevice({
      id: 'echo:lamp',
      name: 'TRADFRI bulb',
      kind: 'light',
      integration: 'echo',
      availability: 'online',
      capabilities: { power: { value: false, writable: true }, brightness: { value: 20, writable: true, min: 0, max: 100 } },
    });
  }
  async stop() {}
  async sendCommand(id: string, command: Command) {
    // Echoes the two capabilities this lamp has, as a device reporting its new state would.
    const { power, brightness } = command;
    const state = { ...(power === undefined ? {} : { power }), ...(brightness === undefined ? {} : { brightness }) };
    setTimeout(() => this.host.reportState(id, state), 5);
  }
}

async function boot(): Promise<Hub> {
  const started = await startHub(
    { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token, uiDir } },
    { logger: silentLogger },
  );
  const echo = new EchoIntegration(started.registry.hostFor('echo'));
  started.registry.addIntegration(echo);
  await echo.start();
  return started;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field
type Json = any;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(new URL(`api${path}`, hub.url), {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

beforeAll(async () => {
  hub = await boot();
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('rooms and device overrides over REST', () => {
  it('creates, renames and deletes rooms', async () => {
    const created = await api('POST', '/rooms', { name: 'Living room', kind: 'home' });
    expect(created).toMatchObject({ status: 201, body: { id: 'living-room', name: 'Living room', kind: 'home' } });
    expect((await api('POST', '/rooms', { name: 'Attic', kind: 'garage' })).body).toEqual({
      code: 'invalid',
      message: expect.stringMatching(/^Invalid createRoom request: kind: Invalid option/),
    });
    const office = (await api('POST', '/rooms', { name: 'Office' })).body;
    expect(office).toEqual({ id: 'office', name: 'Office', kind: 'home' });
    expect((await api('PATCH', '/rooms/office', { name: 'Study', kind: 'office' })).body).toEqual({
      id: 'office',
      name: 'Study',
      kind: 'office',
    });
    expect((await api('PATCH', '/rooms/nowhere', { name: 'X' })).status).toBe(404);
    expect((await api('GET', '/rooms')).body.map((r: { name: string }) => r.name)).toEqual(['Living room', 'Study']);
  });

  it('renames a device and puts it in a room; unknown rooms and devices are refused', async () => {
    const patched = await api('PATCH', '/devices/echo%3Alamp', { name: '  Reading lamp ', roomId: 'living-room' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: 'echo:lamp',
      name: 'Reading lamp',
      reportedName: 'TRADFRI bulb',
      roomId: 'living-room',
    });
    expect((await api('PATCH', '/devices/echo%3Alamp', { roomId: 'garage' })).body).toEqual({
      code: 'not_found',
      message: 'No room with id "garage"',
    });
    expect((await api('PATCH', '/devices/nope', { name: 'x' })).status).toBe(404);
    expect((await api('PATCH', '/devices/echo%3Alamp', { colour: 'red' })).body.message).toMatch(
      /update: Unrecognized key: "colour"/,
    );
    expect((await api('GET', '/devices/echo%3Alamp')).body.name).toBe('Reading lamp');
  });

  it('deleting a room unassigns its devices', async () => {
    await api('POST', '/rooms', { name: 'Hall' });
    await api('PATCH', '/devices/echo%3Alamp', { roomId: 'hall' });
    expect((await api('DELETE', '/rooms/hall')).body).toEqual({ id: 'hall' });
    expect((await api('GET', '/devices/echo%3Alamp')).body.roomId).toBeUndefined();
    await api('PATCH', '/devices/echo%3Alamp', { roomId: 'living-room' });
  });
});

describe('history and logbook', () => {
  it('records a command from a browser and one from the API with their causes', async () => {
    expect((await api('POST', '/devices/echo%3Alamp/command', { power: true })).status).toBe(200);

    const ws = new WebSocket(new URL('api/ws', hub.url!.replace('http', 'ws')));
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: Json[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ type: 'auth', token }));
    ws.send(JSON.stringify({ type: 'subscribe', events: ['logbookEntry', 'roomsChanged'] }));
    ws.send(
      JSON.stringify({ type: 'request', id: 1, method: 'sendCommand', params: { id: 'echo:lamp', command: { power: false } } }),
    );
    await vi.waitFor(() =>
      expect(frames.find((f) => f.id === 1)).toMatchObject({ ok: true, result: { capabilities: { power: { value: false } } } }),
    );
    await vi.waitFor(() =>
      expect(frames.find((f) => f.type === 'event' && f.name === 'logbookEntry')?.payload).toMatchObject({
        message: 'Reading lamp turned off',
        cause: { kind: 'user', client: 'browser' },
      }),
    );
    ws.close();

    const log = await api('GET', '/logbook?device=echo%3Alamp');
    expect(log.body.slice(0, 2).map((e: Json) => [e.message, e.cause, e.roomId])).toEqual([
      ['Reading lamp turned off', { kind: 'user', client: 'browser' }, 'living-room'],
      ['Reading lamp turned on', { kind: 'user', client: 'api' }, 'living-room'],
    ]);
    expect(log.body.some((e: Json) => e.message === 'TRADFRI bulb renamed to Reading lamp')).toBe(true);
    expect((await api('GET', '/logbook?room=living-room')).body.length).toBeGreaterThan(0);
    expect((await api('GET', '/logbook?room=nowhere')).body).toEqual([]);
    expect((await api('GET', '/logbook?colour=red')).status).toBe(400);
  });

  it('answers history as time-ordered points', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const res = await api('GET', `/history?device=echo%3Alamp&capability=power&from=${from}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deviceId: 'echo:lamp', capability: 'power', resolution: 'raw' });
    expect(res.body.points.map((p: { value: number }) => p.value)).toEqual([0, 1, 0]);
    const long = await api(
      'GET',
      `/history?device=echo%3Alamp&capability=power&from=2026-01-01T00:00:00Z&to=${new Date().toISOString()}`,
    );
    expect(long.body.resolution).toBe('1h');
    expect((await api('GET', '/history?device=echo%3Alamp&capability=colour&from=2026-01-01T00:00:00Z')).body.message).toMatch(
      /^Invalid getHistory request: capability: Invalid option/,
    );
    expect((await api('GET', '/history?device=echo%3Alamp&capability=power&from=yesterday')).body.message).toBe(
      'Invalid getHistory request: from: must be an ISO 8601 time such as 2026-11-23T10:00:00Z',
    );
  });
});

describe('backup over REST', () => {
  it('exports, refuses a malformed import with a report, and restores a good one', async () => {
    const exported = await api('GET', '/export');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="homeroom-backup-\d{4}-\d\d-\d\d\.json"$/);
    expect(exported.body).toMatchObject({
      format: 'homeroom-backup',
      rooms: [{ id: 'living-room' }, { id: 'office' }],
      devices: [{ id: 'echo:lamp', name: 'Reading lamp', roomId: 'living-room' }],
    });

    const bad = await api('POST', '/import', { ...exported.body, rooms: [{ id: 'x', name: 'X', kind: 'castle' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.problems).toEqual([
      { path: 'rooms[0].kind', message: expect.stringContaining('expected one of') },
      { path: 'devices[0].roomId', message: 'room "living-room" is not among the rooms of this backup' },
    ]);
    expect((await api('GET', '/rooms')).body).toHaveLength(2);
    expect((await api('POST', '/import', '{not json')).body).toEqual({
      code: 'invalid',
      message: 'Request body is not valid JSON',
    });

    const changed = { ...exported.body, rooms: [...exported.body.rooms, { id: 'garden', name: 'Garden', kind: 'home' }] };
    changed.devices = [{ ...changed.devices[0], roomId: 'garden', name: 'Garden light' }];
    expect((await api('POST', '/import', changed)).body).toMatchObject({
      ok: true,
      applied: { settings: 0, rooms: 3, devices: 1, behaviours: 0, people: 0, discovery: 0 },
      changes: { rooms: { added: 1, removed: 0, changed: 0 }, devices: { added: 0, removed: 0, changed: 1 } },
      summary: 'Restored: added the room Garden and changed the device Garden light.',
    });
    expect((await api('GET', '/devices/echo%3Alamp')).body).toMatchObject({ name: 'Garden light', roomId: 'garden' });
  });
});

describe('restart', () => {
  it('keeps names, rooms, history and logbook', async () => {
    await hub.stop();
    hub = await boot();
    expect((await api('GET', '/devices/echo%3Alamp')).body).toMatchObject({
      name: 'Garden light',
      reportedName: 'TRADFRI bulb',
      roomId: 'garden',
    });
    expect((await api('GET', '/rooms')).body.map((r: { id: string }) => r.id)).toEqual(['living-room', 'office', 'garden']);
    const from = new Date(Date.now() - 3600_000).toISOString();
    expect((await api('GET', `/history?device=echo%3Alamp&capability=power&from=${from}`)).body.points.length).toBe(3);
    expect((await api('GET', '/logbook')).body.length).toBeGreaterThan(3);
  });
});
