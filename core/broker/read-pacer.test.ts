/**
 * pacePipe gives mqtt.js's parser at most a turn's bytes and keeps the rest, in order, for later turns, while the
 * socket itself is read as fast as it comes.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../test-support/mosquitto';
import { createMqttConnection, type MqttConnectionOptions } from './connection';
import { pacePipe } from './read-pacer';
import type { MqttConnection } from './types';

function collector() {
  const chunks: string[] = [];
  let ended = false;
  const dest = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
    final(done) {
      ended = true;
      done();
    },
  });
  return { dest, chunks, ended: () => ended };
}

describe('pacePipe', () => {
  it('gives at once within a turn’s bytes, keeps the rest in order for later turns, and never pauses the source', async () => {
    const turns: Array<() => void> = [];
    const source = pacePipe(new PassThrough(), { bytesPerTurn: 10, schedule: (fn) => turns.push(fn) });
    const { dest, chunks, ended } = collector();
    source.pipe(dest);
    const received = () => chunks.join('|');
    const check = () => new Promise<void>((resolve) => setImmediate(resolve)); // let the PassThrough emit

    for (const chunk of ['aaaaaa', 'bbbbbb', 'cccccc', 'dddddd']) source.write(chunk);
    await check();
    expect(received()).toBe('aaaaaa|bbbbbb'); // 12 ≥ 10: the rest waits
    expect(source.readableFlowing).toBe(true);
    // The next check phase: the turn's end, then the feed, with a fresh budget.
    for (const fn of turns.splice(0)) fn();
    await check();
    expect(received()).toBe('aaaaaa|bbbbbb|cccccc|dddddd');
    // Nothing waits: a chunk in a new turn goes at once; the end follows what was given.
    for (const fn of turns.splice(0)) fn();
    source.end('eeeeee');
    await check();
    expect(received()).toBe('aaaaaa|bbbbbb|cccccc|dddddd|eeeeee');
    await expect.poll(ended).toBe(true);
  });

  it('ends the destination only after what was waiting has been given', async () => {
    const turns: Array<() => void> = [];
    const source = pacePipe(new PassThrough(), { bytesPerTurn: 4, schedule: (fn) => turns.push(fn) });
    const { dest, chunks, ended } = collector();
    source.pipe(dest);
    source.write('aaaa');
    source.end('bbbb');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['aaaa']);
    expect(ended()).toBe(false);
    for (const fn of turns.splice(0)) fn();
    await expect.poll(ended).toBe(true);
    expect(chunks).toEqual(['aaaa', 'bbbb']);
  });
});

describe('the hub’s MQTT connection, paced', () => {
  let broker: Mosquitto | undefined;
  const cleanups: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    await broker?.stop();
    broker = undefined;
  });

  async function client(url: string): Promise<MqttClient> {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    cleanups.push(() => c.endAsync(true));
    return c;
  }

  function connection(options: MqttConnectionOptions): MqttConnection {
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const conn = createMqttConnection({ logger: silent, ...options });
    cleanups.push(() => conn.stop());
    return conn;
  }

  /** The most bytes of messages handed to the subscriber between two check phases, over 2 MB of retained messages. */
  async function largestTurn(url: string, bytesPerTurn: number): Promise<number> {
    // The dispatch queue never defers here (on a loaded machine its 5 ms slices end early and hand the backlog over
    // with the next turn's messages): what the handler gets in a turn is what was parsed in it.
    const conn = connection({ url, reading: { bytesPerTurn }, dispatching: { budgetMs: 60_000 } });
    await conn.start();
    let turn = 0;
    let largest = 0;
    let received = 0;
    let ticking = true;
    const tick = () => {
      largest = Math.max(largest, turn);
      turn = 0;
      if (ticking) setImmediate(tick);
    };
    conn.subscribe('burst/#', (m) => {
      if (received++ === 0) {
        // Busy for a moment, as a starting hub is: the broker fills the socket's buffers meanwhile, so the next polls
        // have far more to read than the budget.
        const until = performance.now() + 150;
        while (performance.now() < until);
        setImmediate(tick);
      }
      turn += m.payload.length;
    });
    await expect.poll(() => received, { timeout: 10_000 }).toBe(1000);
    ticking = false;
    return Math.max(largest, turn);
  }

  it('hands 2 MB of retained messages over in turns of at most its budget and a socket read', async () => {
    broker = await startMosquitto({ config: 'max_queued_messages 0' });
    const publisher = await client(broker.url);
    const payload = 'x'.repeat(2048);
    for (let i = 0; i < 1000; i++) await publisher.publishAsync(`burst/${i}`, payload, { qos: 1, retain: true });
    // Unpaced, one poll reads up to 32 × 64 KB and every packet of it is handed over before any immediate runs.
    expect(await largestTurn(broker.url, Infinity)).toBeGreaterThan(256 * 1024);
    expect(await largestTurn(broker.url, 64 * 1024)).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('keeps reading the socket while it parses slowly, so a broker with a small per-client queue drops nothing', async () => {
    // mosquitto drops what queues up for a client past max_queued_messages (QoS 0 included). Parsing 8 KB a turn
    // behind a slow handler, a hub that read the socket only as fast as it parsed would lose most of these 6 MB.
    broker = await startMosquitto({ config: 'max_queued_messages 20' });
    const lamp = await client(broker.url);
    const conn = connection({ url: broker.url, reading: { bytesPerTurn: 8 * 1024 } });
    await conn.start();
    const received: string[] = [];
    conn.subscribe('slow/#', (m) => {
      received.push(m.topic);
      const until = performance.now() + 0.2;
      while (performance.now() < until);
    });
    await conn.publish('slow/barrier', '', { qos: 1 });
    await expect.poll(() => received.includes('slow/barrier')).toBe(true);
    const topics = Array.from({ length: 3000 }, (_, i) => `slow/${i}`);
    const config = JSON.stringify({ name: 'x'.repeat(1900) });
    for (const topic of topics) lamp.publish(topic, config, { qos: 0 });
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(topics.length + 1);
    expect(received.slice(1)).toEqual(topics);
  });
});
