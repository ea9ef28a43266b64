import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../core/api/contract';
import type { ConnectionState } from './connection';
import { EVENT_SLICE, hubWebSocketUrl, WsHubClient } from './ws-client';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: ((e: { reason: string; code?: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({ reason: '' });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(reason = '', code = 1006) {
    this.readyState = 3;
    this.onclose?.({ reason, code });
  }
}

const device = { id: 'x:1', name: 'Lamp', kind: 'light', integration: 'x', availability: 'online', capabilities: {} };

function connect() {
  const states: ConnectionState[] = [];
  const client = new WsHubClient({
    url: 'ws://hub/api/ws',
    token: 'tok',
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  client.onConnection((s) => states.push(s));
  const socket = FakeSocket.all.at(-1)!;
  socket.open();
  socket.receive({ type: 'auth_ok' });
  return { client, socket, states };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** A signed-in client whose inbox runs on a hand-moved clock and yields into `later`. */
function slicedClient() {
  const clock = { now: 0 };
  const later: (() => void)[] = [];
  const client = new WsHubClient({
    url: 'ws://hub/api/ws',
    token: 'tok',
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    inbox: { now: () => clock.now, budgetMs: 8, yielder: (run) => later.push(run) },
  });
  const socket = FakeSocket.all.at(-1)!;
  socket.open();
  socket.receive({ type: 'auth_ok' });
  return { client, socket, later, clock };
}

describe('WsHubClient', () => {
  it('hands a big devicesChanged batch on in validated pieces, in order, before anything that came after it', () => {
    const { client, socket, later, clock } = slicedClient();
    const batches: string[][] = [];
    client.on('devicesChanged', ({ devices }) => {
      batches.push(devices.map((d) => d.id));
      clock.now += 5; // each piece's handling takes 5 ms
    });
    const burst = Array.from({ length: EVENT_SLICE * 3 }, (_, i) => ({ ...device, id: `x:${i}` }));
    // One bad device: only its piece is dropped, as a malformed event.
    burst[EVENT_SLICE + 1] = { ...device, id: 'x:bad', availability: 'sideways' };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: burst } });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: [{ ...device, id: 'x:after' }] } });
    // The first piece, then the bad one (no handler call, no time), then the budget is not yet used: the third.
    expect(batches.map((b) => b.length)).toEqual([EVENT_SLICE, EVENT_SLICE]);
    expect(later).toHaveLength(1);
    later.shift()!();
    expect(batches.flat()).toEqual([
      ...burst.slice(0, EVENT_SLICE).map((d) => d.id),
      ...burst.slice(EVENT_SLICE * 2).map((d) => d.id),
      'x:after',
    ]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('builds the URL from the page host', () => {
    expect(hubWebSocketUrl({ protocol: 'http:', host: 'hub.local:8123' })).toBe('ws://hub.local:8123/api/ws');
    expect(hubWebSocketUrl({ protocol: 'https:', host: 'hub.local' })).toBe('wss://hub.local/api/ws');
  });

  it('authenticates first, then subscribes to every event', () => {
    const { socket, states } = connect();
    expect(socket.sent[0]).toEqual({ type: 'auth', token: 'tok' });
    expect(socket.sent[1]).toMatchObject({
      type: 'subscribe',
      events: expect.arrayContaining(['devicesChanged', 'commandUpdate', 'mqttStatus']),
    });
    expect(states.at(-1)).toEqual({ state: 'connected' });
  });

  it('what a caller does with an answer comes before an event that arrived after it, even behind a backlog', async () => {
    const { client, socket, later, clock } = slicedClient();
    const log: string[] = [];
    client.on('devicesChanged', ({ devices }) => {
      log.push(`event ${devices[0]!.id}`);
      clock.now += 10; // a slow handler: the inbox backs up
    });
    const answer = client.call('getDevice', { id: 'x:1' }).then((d) => log.push(`answer ${d.id}`));
    const request = socket.sent.at(-1) as { id: number };
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: [{ ...device, id: 'x:0' }] } });
    socket.receive({ type: 'response', id: request.id, ok: true, result: device });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: [{ ...device, id: 'x:2' }] } });
    expect(log).toEqual(['event x:0']);
    // Each later task runs after the microtasks of the one before, as in a browser.
    while (later.length > 0) {
      later.shift()!();
      await Promise.resolve();
      await Promise.resolve();
    }
    await answer;
    expect(log).toEqual(['event x:0', 'answer x:1', 'event x:2']);
  });

  it('matches responses to requests by id and validates them', async () => {
    const { client, socket } = connect();
    const a = client.call('getDevice', { id: 'x:1' });
    const b = client.call('sendCommand', { id: 'x:1', command: { power: true } });
    const [ra, rb] = socket.sent.slice(2) as Array<{ id: number; method: string }>;
    expect(ra).toMatchObject({ type: 'request', method: 'getDevice', params: { id: 'x:1' } });
    socket.receive({
      type: 'response',
      id: rb!.id,
      ok: false,
      error: { code: 'timeout', message: 'Not confirmed by the device within 5 s' },
    });
    socket.receive({ type: 'response', id: ra!.id, ok: true, result: device });
    // Both expectations attached at once: the second answer is handled in a task of its own.
    await Promise.all([
      expect(a).resolves.toMatchObject({ id: 'x:1' }),
      expect(b).rejects.toEqual(new ApiError('timeout', 'Not confirmed by the device within 5 s')),
    ]);
  });

  it('a call made before the first connection waits for it (a view opened by its address), and is sent once connected', async () => {
    const client = new WsHubClient({
      url: 'ws://hub/api/ws',
      token: 'tok',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    const socket = FakeSocket.all.at(-1)!;
    const answer = client.call('getDevice', { id: 'x:1' });
    socket.open();
    socket.receive({ type: 'auth_ok' });
    await vi.waitFor(() => expect(socket.sent.some((f) => (f as { type: string }).type === 'request')).toBe(true));
    const request = socket.sent.find((f) => (f as { type: string }).type === 'request') as { id: number };
    socket.receive({ type: 'response', id: request.id, ok: true, result: device });
    await expect(answer).resolves.toMatchObject({ id: 'x:1' });
    // Without a connection it still fails, with the reason, after a bounded wait.
    const lonely = new WsHubClient({
      url: 'ws://hub/api/ws',
      token: 'tok',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    const never = lonely.call('getDevice', { id: 'x:1' });
    vi.advanceTimersByTime(10_000);
    await expect(never).rejects.toEqual(new ApiError('unavailable', 'Not connected to the hub'));
  });

  it('dispatches valid events and ignores malformed ones', () => {
    const { client, socket } = connect();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: unknown[] = [];
    client.on('devicesChanged', (p) => seen.push(p));
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: [device] } });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { devices: [{ id: 1 }] } });
    socket.receive({ type: 'event', name: 'nope', payload: {} });
    expect(seen).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('fails in-flight requests and reconnects with backoff when the socket drops', async () => {
    const { client, socket, states } = connect();
    const pending = client.call('health', {});
    socket.drop('server restart');
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', reason: 'server restart' });
    await expect(client.call('health', {})).rejects.toMatchObject({ code: 'unavailable' });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(2);
    const next = FakeSocket.all[1]!;
    next.open();
    next.receive({ type: 'auth_ok' });
    expect(states.at(-1)).toEqual({ state: 'connected' });
    client.close();
  });

  it('stops on auth_failed instead of retrying', () => {
    const client = new WsHubClient({
      url: 'ws://hub/api/ws',
      token: 'bad',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({ type: 'auth_failed', message: 'Invalid token' });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(client.connection).toEqual({ state: 'auth_failed', reason: 'Invalid token' });
  });

  it('signs in with the session cookie when it has no token, and connects again on retry after signing in', () => {
    const states: ConnectionState[] = [];
    const client = new WsHubClient({
      url: 'ws://hub/api/ws',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    client.onConnection((s) => states.push(s));
    const first = FakeSocket.all[0]!;
    first.open();
    expect(first.sent[0]).toEqual({ type: 'auth' });
    first.receive({ type: 'auth_failed', message: 'Not signed in' });
    expect(client.connection).toEqual({ state: 'auth_failed', reason: 'Not signed in' });
    // The sign-in page set the cookie: Retry opens a new socket at once.
    client.retry();
    expect(states.at(-1)).toEqual({ state: 'connecting' });
    const second = FakeSocket.all[1]!;
    second.open();
    second.receive({ type: 'auth_ok' });
    expect(client.connection).toEqual({ state: 'connected' });
    // Connected: Retry does nothing.
    client.retry();
    expect(FakeSocket.all).toHaveLength(2);
    client.close();
  });

  it('treats a close with 4401 (signed out elsewhere) as refused, not as a reason to retry', () => {
    const { client, socket } = connect();
    socket.drop('Signed out', 4401);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(client.connection).toEqual({ state: 'auth_failed', reason: 'Signed out' });
  });

  it('retries at once instead of waiting out the backoff', () => {
    const { client, socket } = connect();
    socket.drop('Hub not reachable');
    expect(client.connection).toMatchObject({ state: 'reconnecting' });
    client.retry();
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    // The backoff's timer was cancelled: still one new socket.
    expect(FakeSocket.all).toHaveLength(2);
    client.close();
  });
});
