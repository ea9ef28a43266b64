/**
 * The embedded broker's listener for real devices on the network (Tasmota, ESPHome, zigbee2mqtt on
 * another machine). Off unless the user turns it on (Settings → Broker, or `--mqtt-listen`), never
 * anonymous: the hub generates a username and password, keeps them as secrets, and shows them with
 * what to type into each kind of device. The loopback listener the hub itself uses is not touched.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { deviceSetup, type DeviceSetup } from '../model/broker-setup';
import type { BrokerLan } from '../model/settings';
import type { Logger } from '../util/logger';
import type { BrokerCredentials, EmbeddedBroker, LanListener } from './embedded';

export { deviceSetup, DISCOVERY_PREFIX, type DeviceSetup } from '../model/broker-setup';

export const LAN_USERNAME_SECRET = 'broker-lan:username';
export const LAN_PASSWORD_SECRET = 'broker-lan:password';

/** `0.0.0.0:1883`, `192.168.1.5:1883`, `[::]:1883` → host and port; throws a sentence for anything else. */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || !isIP(host) || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`must be an address and port such as 0.0.0.0:1883 or [::]:1883, got "${text}"`);
  return { host, port };
}

/**
 * 160 random bits, URL-safe letters only: fits Tasmota's 32-character password field and needs no quoting
 * in ESPHome's or zigbee2mqtt's YAML.
 */
export function generateCredentials(random: (bytes: number) => Buffer = randomBytes): BrokerCredentials {
  return { username: `devices-${random(3).toString('hex')}`, password: random(20).toString('base64url') };
}

/**
 * The address a device should type: the bound address, or for a wildcard (0.0.0.0, ::) this machine's
 * first non-internal address of that family (the user may pick another one of the machine's addresses).
 */
export function addressForDevices(host: string, interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string {
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!wildcard) return host;
  const family = host === '::' ? 'IPv6' : 'IPv4';
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const found =
    all.find((a) => !a.internal && a.family === family && !a.address.startsWith('fe80')) ??
    all.find((a) => !a.internal && a.family === 'IPv4');
  return found?.address ?? (family === 'IPv6' ? '::1' : '127.0.0.1');
}

export interface LanStatus {
  /** Whether the user (settings) or the command line (`--mqtt-listen`) asked for the listener. */
  enabled: boolean;
  source?: 'settings' | 'command line';
  listening: boolean;
  /** The bound address (0.0.0.0 for every interface). */
  bindHost?: string;
  /** Where devices should connect. */
  host?: string;
  port?: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** Why it is not listening although enabled. */
  problem?: string;
  setups: DeviceSetup[];
}

interface Secrets {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** Opens, moves and closes the LAN listener as the settings change; owns the credentials. */
export class BrokerLanController {
  private listener: LanListener | undefined;
  private current: BrokerLan | undefined;
  private problem: string | undefined;
  private credentials: BrokerCredentials | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      secrets: Secrets;
      logger: Logger;
      /** `--mqtt-listen`: wins over the setting. */
      override?: BrokerLan;
      /** The embedded broker when the hub runs it; undefined while the hub uses the user's broker. */
      broker: () => EmbeddedBroker | undefined;
      interfaces?: () => ReturnType<typeof networkInterfaces>;
    },
  ) {}

  /** The credentials, generated the first time they are needed. */
  credentialsNow(): BrokerCredentials {
    if (this.credentials) return this.credentials;
    const { secrets } = this.deps;
    const username = secrets.get(LAN_USERNAME_SECRET);
    const password = secrets.get(LAN_PASSWORD_SECRET);
    if (username && password) return (this.credentials = { username, password });
    return this.regenerate();
  }

  /** New credentials; devices using the old ones are disconnected at once and must be set up again. */
  regenerate(): BrokerCredentials {
    const next = generateCredentials();
    this.deps.secrets.set(LAN_USERNAME_SECRET, next.username);
    this.deps.secrets.set(LAN_PASSWORD_SECRET, next.password);
    this.credentials = next;
    this.listener?.disconnectClients();
    return next;
  }

  /** Applies the setting (or the command line's, which wins). Serialised: the last call is where it ends up. */
  apply(setting: BrokerLan | undefined): Promise<void> {
    const wanted = this.deps.override ?? setting;
    this.chain = this.chain.then(() => this.move(wanted));
    return this.chain;
  }

  status(): LanStatus {
    const wanted = this.current;
    const base = { enabled: wanted !== undefined, tls: Boolean(wanted?.tlsCertPath), listening: this.listener !== undefined };
    if (!wanted) return { ...base, setups: [] };
    // Reading the secrets can fail (a cipher that changed): that is a problem to show, not a crash.
    let credentials: BrokerCredentials | undefined;
    let problem = this.problem;
    try {
      credentials = this.credentialsNow();
    } catch (error) {
      problem = (error as Error).message;
    }
    const host = addressForDevices(wanted.host, this.deps.interfaces?.());
    const port = this.listener?.port ?? wanted.port;
    return {
      ...base,
      source: this.deps.override ? 'command line' : 'settings',
      bindHost: wanted.host,
      host,
      port,
      ...(credentials ?? {}),
      ...(problem ? { problem } : {}),
      setups: credentials ? deviceSetup({ host, port, tls: base.tls, ...credentials }) : [],
    };
  }

  async stop(): Promise<void> {
    this.chain = this.chain.then(() => this.move(undefined));
    await this.chain;
  }

  private async move(wanted: BrokerLan | undefined): Promise<void> {
    const broker = this.deps.broker();
    const same = this.listener && JSON.stringify(wanted) === JSON.stringify(this.current);
    if (same) return;
    if (this.listener) {
      await this.listener.close();
      this.listener = undefined;
      this.deps.logger.info('MQTT: the broker’s network listener is closed');
    }
    this.current = wanted;
    this.problem = undefined;
    if (!wanted) return;
    if (!broker) {
      this.problem = 'The hub uses your own MQTT broker, so its built-in broker (and its network listener) is not running.';
      return;
    }
    try {
      this.credentialsNow();
      this.listener = await broker.listenLan({
        host: wanted.host,
        port: wanted.port,
        credentials: () => this.credentialsNow(),
        ...(wanted.tlsCertPath && wanted.tlsKeyPath ? { tls: { certPath: wanted.tlsCertPath, keyPath: wanted.tlsKeyPath } } : {}),
      });
      this.deps.logger.info(`MQTT: devices on the network can connect to ${this.listener.url} (username and password required)`);
    } catch (error) {
      this.problem = (error as Error).message;
      this.deps.logger.error(`MQTT: ${this.problem}`);
    }
  }
}
