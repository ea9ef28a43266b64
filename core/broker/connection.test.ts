import mqtt from 'mqtt';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MqttStatus } from '../model';
import { CommandError } from '../integrations/integration';
import { ManualClock, systemClock, type Clock } from '../util/clock';
import { freePort, startMosquitto, writePasswordFile, type Mosquitto } from '../test-support/mosquitto';
import { createMqttConnection, type MqttConnectionOptions } from './connection';
import { startEmbeddedBroker } from './embedded';
import type { MqttConnection, MqttMessage } from './types';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function quietLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

async function mosquitto(config?: string): Promise<Mosquitto> {
  const m = await startMosquitto({ config });
  cleanups.push(() => m.stop());
  return m;
}

function connection(options: MqttConnectionOptions): { conn: MqttConnection; statuses: MqttStatus[] } {
  const conn = createMqttConnection({ logger: quietLogger(), backoff: { baseMs: 20, maxMs: 100 }, ...options });
  const statuses: MqttStatus[] = [];
  conn.onStatus((s) => statuses.push(s));
  cleanups.push(() => conn.stop());
  return { conn, statuses };
}

/** A plain mqtt.js client standing in for a device. */
async function device(url: string) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  cleanups.push(() => client.endAsync(true));
  return client;
}

async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: ms, interval: 5 },
  );
}

/** A QoS 1 publish on the same connection is acknowledged only after earlier SUBSCRIBEs were processed. */
const barrier = (conn: MqttConnection) => conn.publish('test/barrier', '', { qos: 1 });

/** The rejection reason, or 'resolved' / 'pending' after `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    promise.then(
      () => 'resolved',
      (e: unknown) => e,
    ),
    new Promise((r) => setTimeout(() => r('pending'), ms)),
  ]);
}

const text = (m: MqttMessage) => [m.topic, m.payload.toString(), m.retain] as const;

describe('MqttConnection against mosquitto', () => {
  it('connects, subscribes, receives and publishes with the exact topic, payload and retain flag', async () => {
    const broker = await mosquitto();
    const { conn } = connection({ url: broker.url });
    const connects: Array<{ reconnect: boolean }> = [];
    conn.onConnect((info) => connects.push(info));
    await conn.start();
    expect(conn.status).toMatchObject({ url: broker.url, embedded: false, state: 'connected' });
    expect(connects).toEqual([{ reconnect: false }]);

    const received: MqttMessage[] = [];
    conn.subscribe('home/+/state', (m) => received.push(m));
    await barrier(conn);
    const lamp = await device(broker.url);
    await lamp.publishAsync('home/lamp/state', '{"on":true}', { qos: 1 });
    await lamp.publishAsync('home/lamp/other', 'ignored', { qos: 1 });
    await waitFor(() => received.length === 1, 'the state message');
    expect(received.map(text)).toEqual([['home/lamp/state', '{"on":true}', false]]);

    const sent: Array<[string, string, boolean, number]> = [];
    lamp.on('message', (topic, payload, packet) => sent.push([topic, payload.toString(), packet.retain, packet.qos]));
    await lamp.subscribeAsync('home/lamp/set', { qos: 1 });
    await conn.publish('home/lamp/set', '{"on":false}', { qos: 1 });
    await conn.publish('home/lamp/set', Buffer.from('x'), { retain: true });
    await waitFor(() => sent.length === 2, 'the commands');
    expect(sent).toEqual([
      ['home/lamp/set', '{"on":false}', false, 1],
      ['home/lamp/set', 'x', false, 0], // retain is cleared on live delivery to an existing subscriber
    ]);
    // The retained one is kept by the broker.
    const late = await device(broker.url);
    const retained = new Promise<boolean>((resolve) => late.on('message', (_t, _p, packet) => resolve(packet.retain)));
    await late.subscribeAsync('home/lamp/set');
    expect(await retained).toBe(true);
  });

  it('speaks MQTT over WebSocket (ws://)', async () => {
    const wsPort = await freePort();
    const broker = await mosquitto(`listener ${wsPort} 127.0.0.1\nprotocol websockets`);
    const { conn } = connection({ url: `ws://127.0.0.1:${wsPort}` });
    await conn.start();
    // startMosquitto waits for the TCP listener only; the websockets one may refuse a first attempt.
    await waitFor(() => conn.status.state === 'connected', 'connected over ws');
    const received: string[] = [];
    conn.subscribe('ws/+', (m) => received.push(m.payload.toString()));
    await barrier(conn);
    const d = await device(broker.url); // the TCP listener of the same broker
    await d.publishAsync('ws/a', 'over ws', { qos: 1 });
    await waitFor(() => received.length === 1, 'the message over ws');
    expect(received).toEqual(['over ws']);
  });

  it('sets TCP_NODELAY on its socket', async () => {
    const broker = await mosquitto();
    const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    const { conn } = connection({ url: broker.url });
    await conn.start();
    const ours = spy.mock.contexts.findIndex((s) => (s as net.Socket).remotePort === broker.port);
    expect(spy.mock.calls[ours]).toEqual([true]);
  });

  it('reconnects after the broker restarts and restores subscriptions by itself', async () => {
    const broker = await mosquitto();
    const { conn, statuses } = connection({ url: broker.url });
    const connects: boolean[] = [];
    conn.onConnect(({ reconnect }) => connects.push(reconnect));
    await conn.start();
    const received: string[] = [];
    conn.subscribe('r/#', (m) => received.push(m.topic));
    await barrier(conn);

    await broker.restart();
    await waitFor(() => connects.length === 2, 'the reconnect');
    expect(connects).toEqual([false, true]);
    const states = statuses.map((s) => s.state);
    expect(states.slice(states.indexOf('reconnecting'))).toContain('connected');
    expect(states.at(-1)).toBe('connected');
    const reconnecting = statuses.find((s) => s.state === 'reconnecting');
    expect(reconnecting?.error).toMatch(/next attempt in \d+\.\d s \(at .+\)/);

    const d = await device(broker.url);
    await d.publishAsync('r/after', '1', { qos: 1 });
    await waitFor(() => received.length === 1, 'a message after the reconnect');
    expect(received).toEqual(['r/after']);
  });

  it('restores many subscriptions after a reconnect in batches, leaving out one unsubscribed meanwhile', async () => {
    const first = await startEmbeddedBroker({ port: 0 });
    const port = Number(new URL(first.url).port);
    const { conn } = connection({ url: first.url, clientId: 'hub' });
    await conn.start();
    const received: string[] = [];
    const offs = Array.from({ length: 1000 }, (_, i) => conn.subscribe(`many/${i}`, (m) => received.push(m.topic)));
    await barrier(conn);
    await first.close();
    await waitFor(() => conn.status.state !== 'connected', 'the drop');
    const { Aedes } = await import('aedes');
    const emit = Aedes.prototype.emit;
    const packets: number[] = [];
    const spy = vi.spyOn(Aedes.prototype, 'emit').mockImplementation(function (this: InstanceType<typeof Aedes>, event, ...args) {
      const [items, client] = args as [Array<{ topic: string }>, { id?: string } | undefined];
      if (event === 'subscribe' && client?.id === 'hub') {
        packets.push(items.length);
        // The first batch is in: the last one is not sent yet (a batch per turn of the event loop).
        if (packets.length === 1) offs[999]!();
      }
      return emit.call(this, event, ...args);
    });
    const second = await startEmbeddedBroker({ port });
    cleanups.push(() => second.close());
    await waitFor(() => conn.status.state === 'connected', 'the reconnect');
    await barrier(conn);
    spy.mockRestore();
    expect(packets).toEqual([250, 250, 250, 249]);
    const d = await device(second.url);
    for (const topic of ['many/0', 'many/998', 'many/999']) await d.publishAsync(topic, 'x', { qos: 1 });
    await waitFor(() => received.includes('many/998'), 'messages after the reconnect');
    await barrier(conn);
    expect(received).toEqual(['many/0', 'many/998']);
  });

  it('rejects a publish while disconnected and never delivers it later', async () => {
    const broker = await mosquitto();
    const { conn } = connection({ url: broker.url });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('cmd/#', (m) => received.push(m.payload.toString()));
    await barrier(conn);

    await broker.stop();
    await waitFor(() => conn.status.state === 'reconnecting', 'reconnecting');
    const error = await conn.publish('cmd/lamp', 'stale', { qos: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: 'unavailable', message: 'The MQTT broker is not connected' });
    await expect(conn.publish('cmd/lamp', 'stale qos0')).rejects.toMatchObject({ code: 'unavailable' });

    const again = await startMosquitto({ port: broker.port });
    cleanups.push(() => again.stop());
    await waitFor(() => conn.status.state === 'connected', 'connected again');
    await conn.publish('cmd/lamp', 'fresh', { qos: 1 });
    await waitFor(() => received.length > 0, 'the fresh command');
    await barrier(conn);
    expect(received).toEqual(['fresh']);
  });

  it('stops retrying when the broker rejects the password (MQTT 3.1.1 and 5)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'homeroom-passwd-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = await writePasswordFile(dir, { hub: 'right' });
    const broker = await mosquitto(`password_file ${file}`);

    const refused: { timers: ReturnType<typeof vi.fn>; statuses: MqttStatus[] }[] = [];
    for (const protocolVersion of [4, 5] as const) {
      const timers = vi.fn(systemClock.setTimeout);
      const clock: Clock = { ...systemClock, setTimeout: timers };
      const { conn, statuses } = connection({ url: `mqtt://hub:wrong@127.0.0.1:${broker.port}`, clock, protocolVersion });
      await conn.start();
      expect(conn.status).toMatchObject({ state: 'auth_failed', error: 'The broker rejected the username or password' });
      expect(conn.status.url).toBe(`mqtt://hub@127.0.0.1:${broker.port}`); // no password in the status
      await expect(conn.publish('a', 'b')).rejects.toMatchObject({ code: 'unavailable' });
      refused.push({ timers, statuses });
    }

    // The right password, given as options, overrides the URL's.
    const { conn } = connection({ url: `mqtt://hub:wrong@127.0.0.1:${broker.port}`, password: 'right' });
    await conn.start();
    expect(conn.status.state).toBe('connected');
    // That took round trips to the broker, after the refused sockets had closed: neither scheduled a retry.
    for (const { timers, statuses } of refused) {
      expect(timers).not.toHaveBeenCalled();
      expect(statuses.map((s) => s.state)).toEqual(['connecting', 'auth_failed']);
    }
  });

  it('keeps dispatching when a handler throws', async () => {
    const broker = await mosquitto();
    const logger = quietLogger();
    const { conn } = connection({ url: broker.url, logger });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('t/#', () => {
      throw new Error('boom');
    });
    conn.subscribe('t/#', (m) => received.push(`same filter ${m.topic}`));
    conn.subscribe('t/a', (m) => received.push(`exact ${m.topic}`));
    await conn.publish('t/a', '1', { qos: 1 });
    await conn.publish('t/a', '2', { qos: 1 });
    await waitFor(() => received.length >= 4, 'both messages to both handlers');
    await barrier(conn);
    expect(received.sort()).toEqual(['exact t/a', 'exact t/a', 'same filter t/a', 'same filter t/a']);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('handler for "t/#" on "t/a" threw: Error: boom'));
    expect(conn.status.state).toBe('connected');
  });
});

describe('MqttConnection failures', () => {
  it('retries a refused connection with the error and next attempt in the status, and stop() ends it', async () => {
    const port = await freePort(); // nothing listens there
    // Retries wait on a manual clock: each advance lets one refused attempt schedule the next.
    const clock = new ManualClock(Date.now());
    const timers = vi.spyOn(clock, 'setTimeout');
    const { conn, statuses } = connection({ url: `mqtt://127.0.0.1:${port}`, clock });
    await conn.start();
    expect(conn.status.state).toBe('reconnecting');
    expect(conn.status.error).toMatch(new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}; next attempt in`));
    for (let attempt = 2; attempt <= 3; attempt++) {
      clock.advance(100); // the backoff's maxMs
      await waitFor(() => timers.mock.calls.length >= attempt, `attempt ${attempt}`);
    }
    const outage = statuses.filter((s) => s.state === 'reconnecting');
    expect(new Set(outage.map((s) => s.since)).size).toBe(1); // one outage, one `since`
    await conn.stop();
    const attempts = timers.mock.calls.length;
    expect(conn.status.state).toBe('offline');
    clock.advance(60_000); // far past any backoff: a retry still pending would run now
    expect(timers.mock.calls.length).toBe(attempts);
    expect(statuses.at(-1)?.state).toBe('offline');
  });

  it('survives a malformed packet from the broker and tries again', async () => {
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      // A CONNACK header with a remaining length longer than MQTT allows.
      socket.once('data', () => socket.write(Buffer.from([0x20, 0xff, 0xff, 0xff, 0xff, 0x7f])));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as net.AddressInfo;
    const { conn } = connection({ url: `mqtt://127.0.0.1:${port}`, connectTimeoutMs: 2000 });
    await conn.start();
    expect(conn.status.state).toBe('reconnecting');
    expect(conn.status.error).toMatch(/Invalid.*; next attempt/i);
  });

  it('does not hand a publish to mqtt.js while waiting for CONNACK', async () => {
    const bytes: Buffer[] = [];
    let peer: net.Socket | undefined;
    const server = net.createServer((socket) => {
      peer = socket;
      socket.on('error', () => {});
      socket.on('data', (chunk) => bytes.push(chunk)); // answers the CONNECT only when told to
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as net.AddressInfo;
    const { conn } = connection({ url: `mqtt://127.0.0.1:${port}` });
    void conn.start();
    await waitFor(() => bytes.length > 0, 'the CONNECT');
    // At once, not after mqtt.js's CONNACK timeout flushes its queue.
    expect(await settledWithin(conn.publish('cmd/lamp', 'stale', { qos: 1 }), 200)).toMatchObject({ code: 'unavailable' });
    await expect(conn.publish('cmd/lamp', 'stale')).rejects.toMatchObject({ code: 'unavailable' });
    // Accept the connection (CONNACK): whatever mqtt.js had queued would be flushed now, before a fresh publish.
    peer!.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    await waitFor(() => conn.status.state === 'connected', 'the CONNACK');
    await conn.publish('cmd/fresh', 'now');
    await waitFor(() => Buffer.concat(bytes).includes(Buffer.from('cmd/fresh')), 'the fresh publish');
    const sent = Buffer.concat(bytes);
    expect(sent[0]).toBe(0x10); // CONNECT…
    expect(sent.includes(Buffer.from('cmd/lamp'))).toBe(false); // …and never the stale publishes
  });

  it('rejects unsupported URLs and invalid topics', async () => {
    expect(() => createMqttConnection({ url: 'http://127.0.0.1:1883' })).toThrow(/mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//);
    expect(() => createMqttConnection({ url: 'not a url' })).toThrow(/Invalid MQTT broker URL/);
    const conn = createMqttConnection({ url: 'mqtt://127.0.0.1:1' });
    expect(conn.status).toMatchObject({ state: 'offline', url: 'mqtt://127.0.0.1:1' });
    expect(() => conn.subscribe('a/#/b', () => {})).toThrow(/Invalid MQTT topic filter/);
    await expect(conn.publish('a/+', 'x')).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('MqttConnection subscriptions on the wire (embedded broker)', () => {
  it('shares one broker subscription per filter and unsubscribes when the last handler goes', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    cleanups.push(() => broker.close());
    const { conn } = connection({ url: broker.url, clientId: 'hub' });
    await conn.start();
    // aedes reports what each client sends; collect the hub's SUBSCRIBE/UNSUBSCRIBE.
    const wire: string[] = [];
    const aedes = await captureAedes(wire);
    const off1 = conn.subscribe('z2m/+', () => {});
    const off2 = conn.subscribe('z2m/+', () => {});
    await barrier(conn);
    off1();
    await barrier(conn);
    expect(wire).toEqual(['subscribe z2m/+']);
    off2();
    off2(); // idempotent
    await waitFor(() => wire.length === 2, 'the unsubscribe');
    expect(wire).toEqual(['subscribe z2m/+', 'unsubscribe z2m/+']);
    aedes.dispose();
  });
});

describe('MqttConnection subscription bursts', () => {
  it('sends the filters subscribed in one turn as one SUBSCRIBE, skipping one unsubscribed before it went out', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    cleanups.push(() => broker.close());
    const { conn } = connection({ url: broker.url, clientId: 'hub' });
    await conn.start();
    const packets: string[][] = [];
    const { Aedes } = await import('aedes');
    const emit = Aedes.prototype.emit;
    const spy = vi.spyOn(Aedes.prototype, 'emit').mockImplementation(function (this: InstanceType<typeof Aedes>, event, ...args) {
      const [items, client] = args as [Array<{ topic: string }>, { id?: string } | undefined];
      if (event === 'subscribe' && client?.id === 'hub') packets.push(items.map((i) => i.topic));
      if (event === 'unsubscribe' && client?.id === 'hub') unsubscribes.push(items.length);
      return emit.call(this, event, ...args);
    });
    const unsubscribes: number[] = [];
    const received: string[] = [];
    const offs = Array.from({ length: 1200 }, (_, i) => conn.subscribe(`burst/${i}`, (m) => received.push(m.topic)));
    offs[5]!(); // gone before the SUBSCRIBE was sent
    await barrier(conn);
    // 1,199 filters in batches of 250: five SUBSCRIBE packets instead of 1,199.
    expect(packets.map((p) => p.length)).toEqual([250, 250, 250, 250, 199]);
    expect(packets.flat()).not.toContain('burst/5');
    await conn.publish('burst/7', 'x', { qos: 1 });
    await conn.publish('burst/5', 'x', { qos: 1 });
    await waitFor(() => received.includes('burst/7'), 'a message on a batched filter');
    expect(received).toEqual(['burst/7']);
    // Unsubscribing them all goes out in batches too.
    offs.forEach((off) => off());
    await barrier(conn);
    await waitFor(() => unsubscribes.reduce((a, b) => a + b, 0) === 1199, 'the unsubscribes');
    spy.mockRestore();
    expect(unsubscribes).toEqual([250, 250, 250, 250, 199]);
  });
});

describe('MqttConnection reading a burst', () => {
  it('hands a burst over in slices with turns of the event loop between them, losing and reordering nothing', async () => {
    const broker = await mosquitto();
    const lamp = await device(broker.url);
    const topics = Array.from({ length: 500 }, (_, i) => `pace/${String(i).padStart(3, '0')}`);
    for (const topic of topics) await lamp.publishAsync(topic, `{"n":"${topic}"}`, { qos: 1, retain: true });
    // A zero budget: each slice is one message and the next, then the loop turns.
    const { conn } = connection({ url: broker.url, dispatching: { budgetMs: 0 } });
    await conn.start();
    const received: string[] = [];
    /** For each message, how many had arrived when an immediate scheduled by its handler ran. */
    const seenByImmediate: number[] = [];
    conn.subscribe('pace/#', (m) => {
      const index = received.push(m.topic) - 1;
      setImmediate(() => (seenByImmediate[index] = received.length));
    });
    await waitFor(() => received.length === topics.length && seenByImmediate.length === topics.length, 'the burst');
    expect([...received].sort()).toEqual(topics);
    expect(new Set(received).size).toBe(topics.length);
    // One socket read holds many of these messages; unpaced, they were all handled before any immediate ran.
    seenByImmediate.forEach((seen, i) => expect(seen, `message ${i}`).toBeLessThanOrEqual(i + 2));
  });
});

describe('MqttConnection behind a slow handler', () => {
  it('keeps reading the socket, so a broker with a small per-client queue drops nothing', async () => {
    // mosquitto drops what queues up for a client past max_queued_messages (QoS 0 included): a hub that stopped
    // reading while it handled a burst lost discovery configs this way.
    const broker = await mosquitto('max_queued_messages 20');
    const lamp = await device(broker.url);
    const { conn } = connection({ url: broker.url });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('slow/#', (m) => {
      received.push(m.topic);
      const until = performance.now() + 0.2; // a handler that takes its time, as discovery does
      while (performance.now() < until);
    });
    await conn.publish('slow/barrier', '', { qos: 1 });
    await waitFor(() => received.includes('slow/barrier'), 'the subscription');
    // 6 MB: more than the sockets' buffers hold between the broker and the hub.
    const topics = Array.from({ length: 3000 }, (_, i) => `slow/${i}`);
    const config = JSON.stringify({ name: 'x'.repeat(1900) });
    for (const topic of topics) lamp.publish(topic, config, { qos: 0 });
    await waitFor(() => received.length === topics.length + 1, `all ${topics.length} messages`);
    expect(received.slice(1)).toEqual(topics);
  });
});

describe('MqttConnection overlapping filters', () => {
  it('calls each handler once per message on the embedded broker too', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    cleanups.push(() => broker.close());
    const { conn } = connection({ url: broker.url });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('o/#', (m) => received.push(`# ${m.topic}`));
    conn.subscribe('o/+', (m) => received.push(`+ ${m.topic}`));
    conn.subscribe('o/a', (m) => received.push(`exact ${m.topic}`));
    await conn.publish('o/a', '1', { qos: 1 });
    // A later message marks the end of whatever the broker delivers for the first.
    await conn.publish('o/b', '2', { qos: 1 });
    await waitFor(() => received.includes('# o/b') && received.includes('+ o/b'), 'the later message');
    expect(received.filter((r) => r.endsWith('o/a')).sort()).toEqual(['# o/a', '+ o/a', 'exact o/a']);
  });

  it('matches wildcard filters by their first level exactly: a prefix is not a level, `a/#` matches `a`', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    cleanups.push(() => broker.close());
    const { conn } = connection({ url: broker.url });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('ha/#', (m) => received.push(`ha/# ${m.topic}`));
    conn.subscribe('ha/+/config', (m) => received.push(`ha/+/config ${m.topic}`));
    conn.subscribe('+/x/config', (m) => received.push(`+/x/config ${m.topic}`));
    for (const topic of ['ha', 'ha/x/config', 'hab/x/config', 'h/x/config', 'hab', 'ha/end'])
      await conn.publish(topic, '1', { qos: 1 });
    await waitFor(() => received.includes('ha/# ha/end'), 'the last message');
    expect(received.filter((r) => !r.endsWith('ha/end')).sort()).toEqual(
      [
        'ha/# ha',
        'ha/# ha/x/config',
        'ha/+/config ha/x/config',
        '+/x/config ha/x/config',
        '+/x/config hab/x/config',
        '+/x/config h/x/config',
      ].sort(),
    );
  });
});

/** Records the hub's SUBSCRIBE/UNSUBSCRIBE as aedes sees them (the embedded broker keeps aedes private). */
async function captureAedes(wire: string[]) {
  const { Aedes } = await import('aedes');
  const emit = Aedes.prototype.emit;
  const spy = vi.spyOn(Aedes.prototype, 'emit').mockImplementation(function (this: InstanceType<typeof Aedes>, event, ...args) {
    const [items, client] = args as [Array<{ topic: string } | string>, { id?: string } | undefined];
    if ((event === 'subscribe' || event === 'unsubscribe') && client?.id === 'hub') {
      for (const item of items) wire.push(`${String(event)} ${typeof item === 'string' ? item : item.topic}`);
    }
    return emit.call(this, event, ...args);
  });
  return { dispose: () => spy.mockRestore() };
}
