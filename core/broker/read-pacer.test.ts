/**
 * The read pacer hands mqtt.js's next packet over at once until a turn has used its bytes, then in the next check
 * phase: a burst from the broker is parsed across turns, so the API's sockets are served between them.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../test-support/mosquitto';
import { createReadPacer } from './read-pacer';

describe('createReadPacer', () => {
  it('lets packets through at once within a turn’s bytes, then defers one to the next turn, which starts afresh', () => {
    const scheduled: Array<() => void> = [];
    const pace = createReadPacer({ bytesPerTurn: 100, schedule: (fn) => scheduled.push(fn) });
    const done: string[] = [];
    pace({ length: 60 }, () => done.push('a'));
    expect(done).toEqual(['a']); // 60 of 100
    pace({ length: 60 }, () => done.push('b'));
    expect(done).toEqual(['a']); // 120: waits for the next turn
    // The next check phase: the turn's end (scheduled first), then the deferred packet, counted in the new turn.
    for (const fn of scheduled.splice(0)) fn();
    expect(done).toEqual(['a', 'b']);
    pace({ length: 30 }, () => done.push('c'));
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('counts a packet without a length as nothing', () => {
    const pace = createReadPacer({ bytesPerTurn: 1, schedule: () => {} });
    let handed = 0;
    for (let i = 0; i < 5; i++) pace({}, () => handed++);
    expect(handed).toBe(5);
  });
});

describe('createReadPacer on a real burst', () => {
  let broker: Mosquitto;
  const clients: MqttClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.endAsync(true);
    await broker?.stop();
  });

  /** The most bytes of messages one client received between two check phases, over 2 MB of retained messages. */
  async function largestTurn(paced: boolean): Promise<{ largest: number; received: number }> {
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    clients.push(client);
    if (paced) client.handleMessage = createReadPacer({ bytesPerTurn: 64 * 1024 });
    let turn = 0;
    let largest = 0;
    let received = 0;
    let ticking = true;
    const tick = () => {
      largest = Math.max(largest, turn);
      turn = 0;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    client.on('message', (_topic, payload) => {
      turn += payload.length;
      received++;
    });
    await client.subscribeAsync('burst/#');
    // Busy for a moment, as a starting hub is: the broker fills the socket's buffers meanwhile, so the next poll has
    // far more to read than the budget.
    const until = performance.now() + 150;
    while (performance.now() < until);
    await expect.poll(() => received, { timeout: 10_000 }).toBe(1000);
    ticking = false;
    return { largest: Math.max(largest, turn), received };
  }

  it('spreads 2 MB of retained messages over turns of at most its budget and a packet, losing nothing', async () => {
    broker = await startMosquitto({ config: 'max_queued_messages 0' });
    const publisher = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    clients.push(publisher);
    const payload = 'x'.repeat(2048);
    for (let i = 0; i < 1000; i++) await publisher.publishAsync(`burst/${i}`, payload, { qos: 1, retain: true });

    const unpaced = await largestTurn(false);
    const paced = await largestTurn(true);
    expect(unpaced.received).toBe(1000);
    expect(paced.received).toBe(1000);
    // Unpaced, one poll reads up to 32 × 64 KB and every packet of it is handed over before any immediate runs.
    expect(unpaced.largest).toBeGreaterThan(256 * 1024);
    expect(paced.largest).toBeLessThanOrEqual(64 * 1024 + 2048);
  });
});
