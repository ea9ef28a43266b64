import { Aedes } from 'aedes';
import net from 'node:net';

export interface EmbeddedBrokerOptions {
  /** Loopback by default: the embedded broker serves this machine, not the LAN, unless asked. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts an in-process MQTT 3.1.1 broker (aedes) for when no broker is configured. */
export async function startEmbeddedBroker({
  host = '127.0.0.1',
  port = 1883,
}: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Nagle's algorithm holds small packets back ~40 ms waiting for an ACK; MQTT is all small packets.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw listenError(err, host, port);
  }
  // After listening, errors (e.g. EMFILE on accept) must not take the process down.
  server.on('error', () => {});

  const actualPort = (server.address() as net.AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    close: () =>
      (closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        // aedes closes the clients it knows; a socket still mid-handshake is ours to end.
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })()),
  };
}

function listenError(err: unknown, host: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Cannot start the embedded MQTT broker: port ${port} on ${host} is already in use (perhaps another MQTT broker). ` +
        `Choose another port with --mqtt-port, or use the broker that is running with --mqtt mqtt://${host}:${port}.`,
      { cause: err },
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `Cannot start the embedded MQTT broker: no permission to listen on port ${port}. Choose a port above 1023 with --mqtt-port.`,
      {
        cause: err,
      },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
