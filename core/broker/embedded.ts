import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

export interface EmbeddedBrokerOptions {
  /** Loopback by default: the embedded broker serves this machine, not the LAN, unless asked. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface BrokerCredentials {
  username: string;
  password: string;
}

/** A second listener for devices on the LAN (Tasmota, ESPHome, zigbee2mqtt): never anonymous. */
export interface LanListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Read on every CONNECT, so regenerated credentials apply at once. */
  credentials: () => BrokerCredentials;
  /** MQTT over TLS with the user's own certificate and key (PEM files). */
  tls?: { certPath: string; keyPath: string };
}

export interface LanListener {
  url: string;
  port: number;
  /** Disconnects every LAN client (after the credentials changed, so old ones cannot stay). */
  disconnectClients(): void;
  close(): Promise<void>;
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** Opens the LAN listener; the loopback listener stays as it is (the hub and a virtual home use it). */
  listenLan(options: LanListenerOptions): Promise<LanListener>;
  close(): Promise<void>;
}

/** Starts an in-process MQTT 3.1.1 broker (aedes) for when no broker is configured. */
export async function startEmbeddedBroker({
  host = '127.0.0.1',
  port = 1883,
}: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  // Sockets accepted by a LAN listener, with the credentials that listener asks for. A loopback
  // socket is not in the map and connects as before (anonymous: only this machine reaches it).
  const lanSockets = new WeakMap<object, () => BrokerCredentials>();
  // Client ids of loopback clients (the hub): a LAN device must not take one over and kick the hub off.
  const loopbackIds = new Set<string>();
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const credentials = lanSockets.get(client.conn);
      if (!credentials) {
        loopbackIds.add(client.id);
        return done(null, true);
      }
      if (loopbackIds.has(client.id)) return done(refusal(2, 'client id in use by the hub'), false);
      // As mosquitto answers: no username is "not authorised" (5), a wrong one or a wrong password is 4.
      if (username === undefined) return done(refusal(5, 'not authorised'), false);
      const expected = credentials();
      const ok =
        username !== undefined &&
        password !== undefined &&
        same(Buffer.from(username, 'utf8'), Buffer.from(expected.username, 'utf8')) &&
        same(Buffer.from(password), Buffer.from(expected.password, 'utf8'));
      done(ok ? null : refusal(4, 'bad user name or password'), ok);
    },
  });
  broker.on('clientDisconnect', (client: Client) => {
    if (!lanSockets.has(client.conn)) loopbackIds.delete(client.id);
  });
  const listeners = new Set<Listening>();
  const openMain = () => listen(net.createServer(), host, port, broker, (socket) => socket, 'the embedded MQTT broker');
  let main = await openMain();
  const mainPort = main.port;
  listeners.add(main);

  let closing: Promise<void> | undefined;
  return {
    url: mqttUrl('mqtt', host, mainPort),
    port: mainPort,
    async listenLan(options) {
      if (closing) throw new Error('the embedded broker is closed');
      const server = options.tls ? tls.createServer(readTlsFiles(options.tls)) : net.createServer();
      // `--mqtt-listen 0.0.0.0:1883` with the loopback listener on 1883: the wildcard listener takes the port over
      // (Linux refuses both), and a connection from this machine stays anonymous on it, as on the loopback listener.
      // The hub's own connection stays up: only accepting moves.
      const takeover = options.port === mainPort && isWildcard(options.host) && !options.tls;
      if (takeover) {
        listeners.delete(main);
        await main.stopAccepting();
      }
      let lan: Listening;
      try {
        lan = await listen(
          server,
          options.host,
          options.port,
          broker,
          (socket) => {
            if (!(takeover && isLoopback(socket.remoteAddress))) lanSockets.set(socket, options.credentials);
            return socket;
          },
          'the broker’s network listener',
          options.tls ? 'secureConnection' : 'connection',
        );
      } catch (error) {
        if (takeover) listeners.add((main = await openMain()));
        throw error;
      }
      listeners.add(lan);
      return {
        url: mqttUrl(options.tls ? 'mqtts' : 'mqtt', options.host, lan.port),
        port: lan.port,
        disconnectClients: () => {
          for (const socket of lan.sockets) if (lanSockets.has(socket)) socket.destroy();
        },
        close: async () => {
          listeners.delete(lan);
          await lan.close();
          if (takeover && !closing) listeners.add((main = await openMain()));
        },
      };
    },
    close: () =>
      (closing ??= (async () => {
        const closed = [...listeners].map((l) => l.close());
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await Promise.all(closed);
      })()),
  };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (/^(::ffff:)?127\./.test(address) || address === '::1');
}

interface Listening {
  port: number;
  sockets: Set<net.Socket>;
  /** Stops accepting; connected clients stay. */
  stopAccepting(): Promise<void>;
  close(): Promise<void>;
}

async function listen(
  server: net.Server,
  host: string,
  port: number,
  broker: Aedes,
  accept: (socket: net.Socket) => net.Socket,
  what: string,
  event: 'connection' | 'secureConnection' = 'connection',
): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on(event, (socket: net.Socket) => {
    // Nagle's algorithm holds small packets back ~40 ms waiting for an ACK; MQTT is all small packets.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(accept(socket));
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
    if (what === 'the embedded MQTT broker') await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw listenError(err, host, port, what);
  }
  // After listening, errors (e.g. EMFILE on accept, a failed TLS handshake) must not take the process down.
  server.on('error', () => {});
  server.on('tlsClientError', () => {});
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    // close()'s callback waits for every connection to end; the listening socket itself is gone once 'close' of
    // the handle has run, which is before the next turn of the loop.
    stopAccepting: () =>
      new Promise<void>((resolve) => {
        server.close();
        setImmediate(resolve);
      }),
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // aedes closes the clients it knows when it closes; a socket mid-handshake (or this listener's alone) is ours.
        for (const socket of sockets) socket.destroy();
        await closed;
      })()),
  };
}

function readTlsFiles({ certPath, keyPath }: { certPath: string; keyPath: string }): tls.TlsOptions {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`Cannot read the broker's TLS ${what} ${path}: ${(error as Error).message}`, { cause: error });
    }
  };
  const options = { cert: read(certPath, 'certificate'), key: read(keyPath, 'key') };
  try {
    tls.createSecureContext(options);
  } catch (error) {
    throw new Error(`The broker's TLS certificate and key do not work together: ${(error as Error).message}`, { cause: error });
  }
  return options;
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function refusal(returnCode: 2 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

function mqttUrl(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function listenError(err: unknown, host: string, port: number, what: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      what === 'the embedded MQTT broker'
        ? `Cannot start the embedded MQTT broker: port ${port} on ${host} is already in use (perhaps another MQTT broker). ` +
            `Choose another port with --mqtt-port, or use the broker that is running with --mqtt mqtt://${host}:${port}.`
        : `Cannot open ${what}: port ${port} on ${host} is already in use (perhaps another MQTT broker). Choose another port.`,
      { cause: err },
    );
  }
  if (code === 'EACCES') {
    const choose =
      what === 'the embedded MQTT broker' ? 'Choose a port above 1023 with --mqtt-port.' : 'Choose a port above 1023.';
    return new Error(`Cannot start ${what}: no permission to listen on port ${port}. ${choose}`, { cause: err });
  }
  if (code === 'EADDRNOTAVAIL')
    return new Error(`Cannot open ${what}: ${host} is not an address of this machine.`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
