import mqtt from 'mqtt';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function broker(): Promise<EmbeddedBroker> {
  const b = await startEmbeddedBroker({ port: 0 });
  cleanups.push(() => b.close());
  return b;
}

describe('startEmbeddedBroker', () => {
  it('routes a publish to a subscriber', async () => {
    const b = await broker();
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    const sub = await mqtt.connectAsync(b.url, { reconnectPeriod: 0 });
    const pub = await mqtt.connectAsync(b.url, { reconnectPeriod: 0 });
    cleanups.push(
      () => sub.endAsync(true),
      () => pub.endAsync(true),
    );
    await sub.subscribeAsync('home/+/state');
    const received = new Promise<[string, string]>((resolve) => sub.on('message', (t, p) => resolve([t, p.toString()])));
    await pub.publishAsync('home/lamp/state', '{"on":true}', { qos: 1 });
    expect(await received).toEqual(['home/lamp/state', '{"on":true}']);
  });

  it('sets TCP_NODELAY on every accepted socket', async () => {
    const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    const b = await broker();
    const client = await mqtt.connectAsync(b.url, { reconnectPeriod: 0 });
    cleanups.push(() => client.endAsync(true));
    const serverSide = spy.mock.contexts.filter((s) => (s as net.Socket).localPort === b.port);
    expect(serverSide).toHaveLength(1);
    expect(spy.mock.calls[spy.mock.contexts.indexOf(serverSide[0])]).toEqual([true]);
  });

  it('explains a port that is taken', async () => {
    const b = await broker();
    await expect(startEmbeddedBroker({ port: b.port })).rejects.toThrow(
      new RegExp(`port ${b.port} on 127\\.0\\.0\\.1 is already in use.*--mqtt-port.*--mqtt mqtt://127\\.0\\.0\\.1:${b.port}`),
    );
  });

  it('closes with clients still connected, and twice', async () => {
    const b = await startEmbeddedBroker({ port: 0 });
    const client = await mqtt.connectAsync(b.url, { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await b.close();
    await b.close();
    await closed;
    // The port is free again.
    const again = await startEmbeddedBroker({ port: b.port });
    await again.close();
    client.end(true);
  });
});
