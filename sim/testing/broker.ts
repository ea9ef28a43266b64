import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

/** An in-process aedes broker on 127.0.0.1 and a random port, for tests. */
export async function startTestBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A real mqtt.js client that records everything it receives. */
export async function recordingClient(
  url: string,
  filters: string[],
): Promise<{
  client: MqttClient;
  messages: Received[];
  waitFor(pred: (m: Received) => boolean, timeoutMs?: number): Promise<Received>;
}> {
  const client = await mqtt.connectAsync(url, { clientId: `test_${Math.random().toString(16).slice(2)}` });
  const messages: Received[] = [];
  const waiters: { pred: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload: payload.toString('utf8'), retain: packet.retain };
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await client.subscribeAsync(filters, { qos: 1 });
  const waitFor = (pred: (m: Received) => boolean, timeoutMs = 5000) =>
    new Promise<Received>((resolve, reject) => {
      const seen = messages.find(pred);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('timed out waiting for message')), timeoutMs);
      waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { client, messages, waitFor };
}
