import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { MqttStatus } from '../model';
import { CommandError } from '../integrations/integration';
import { systemClock, type Clock, type Timer } from '../util/clock';
import { consoleLogger, type Logger } from '../util/logger';
import { nextDelay } from '../util/backoff';
import { createDispatchQueue, type DispatchQueue, type DispatchQueueOptions } from './dispatch-queue';
import { pacePipe, type ReadPacerOptions } from './read-pacer';
import { hasWildcard, isValidFilter, isValidTopic, matchesLevels } from './topic-filter';
import type { MqttConnection, MqttMessage, PublishOptions } from './types';

/** A connection that stayed up this long resets the reconnect backoff. */
const STABLE_CONNECTION_MS = 10_000;

export interface MqttConnectionOptions {
  /** mqtt://, mqtts://, ws:// or wss://; may carry `user:password@`. */
  url: string;
  /** Override the URL's userinfo. */
  username?: string;
  password?: string;
  clientId?: string;
  /** Reported in the status; the hub sets it when it started the embedded broker. */
  embedded?: boolean;
  clock?: Clock;
  /** Jitter source for reconnect delays. */
  random?: () => number;
  logger?: Logger;
  backoff?: { baseMs?: number; maxMs?: number };
  protocolVersion?: 4 | 5;
  keepaliveS?: number;
  connectTimeoutMs?: number;
  /** For mqtts:// and wss:// brokers with a private CA or a self-signed certificate. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** How long incoming messages may hold the event loop before the rest waits for a later turn (dispatch-queue.ts). */
  dispatching?: DispatchQueueOptions;
  /** How much of the broker's stream mqtt.js parses per turn; the rest waits for the next (read-pacer.ts). */
  reading?: ReadPacerOptions;
}

type Handler = (message: MqttMessage) => void;
/** One object per subscribe() call, so the same function subscribed twice is two handlers. */
interface Entry {
  handler: Handler;
}

/** Filters per SUBSCRIBE packet (a few tens of KB with zigbee2mqtt's topic names; ~3 ms of mqtt.js's work). */
const SUBSCRIBE_BATCH = 250;
const PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);
/** CONNACK refusals that retrying cannot fix: v3.1.1 return codes 4/5, v5 reason codes 0x86/0x87. */
const AUTH_FAILURE_CODES = new Set([4, 5, 0x86, 0x87]);
const AUTH_FAILED_MESSAGE = 'The broker rejected the username or password';
const NOT_CONNECTED_MESSAGE = 'The MQTT broker is not connected';

export function createMqttConnection(options: MqttConnectionOptions): MqttConnection {
  return new Connection(options);
}

class Connection implements MqttConnection {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly brokerUrl: string;
  private readonly safeUrl: string;
  private readonly clientOptions: IClientOptions;
  private readonly reading: ReadPacerOptions | undefined;
  private currentStatus: MqttStatus;

  private readonly subs = new Map<string, Set<Entry>>();
  /** Wildcard filters, split into levels once (dispatch matches every message against them). */
  private readonly wildcardFilters = new Map<string, string[]>();
  private readonly statusListeners = new Set<(status: MqttStatus) => void>();
  private readonly connectListeners = new Set<(info: { reconnect: boolean }) => void>();
  /** Filters subscribed while connected, sent in the next microtask as one SUBSCRIBE. */
  private readonly pendingSubscribe = new Set<string>();
  /** Filters unsubscribed while connected, sent together like subscriptions (an integration stopping drops ~2,000). */
  private readonly pendingUnsubscribe = new Set<string>();
  /** Messages received and not yet handed to their handlers: a burst is handled in slices (dispatch-queue.ts). */
  private readonly incoming: DispatchQueue<MqttMessage>;
  /** Rejecters of publishes awaiting their callback; failed when the connection drops. */
  private readonly inFlight = new Set<() => void>();

  private running = false;
  private client: MqttClient | undefined;
  /** The current client has a CONNACK and its socket is open. */
  private live = false;
  private everConnected = false;
  private attempt = 0;
  private connectedAt = 0;
  private timer: Timer | undefined;
  private settleStart: (() => void) | undefined;
  private starting: Promise<void> = Promise.resolve();

  constructor(private readonly options: MqttConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleLogger();
    this.incoming = createDispatchQueue((message) => this.dispatch(message), options.dispatching);
    this.reading = options.reading;
    const parsed = parseUrl(options.url);
    const username = options.username ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
    const password = options.password ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined);
    parsed.password = '';
    this.safeUrl = parsed.toString();
    parsed.username = '';
    this.brokerUrl = parsed.toString();
    this.clientOptions = {
      username,
      password,
      clientId: options.clientId ?? `homeroom_${randomBytes(4).toString('hex')}`,
      protocolVersion: options.protocolVersion ?? 4,
      keepalive: options.keepaliveS ?? 30,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      clean: true,
      // Our loop decides when to reconnect (backoff with jitter, stop on auth failure)…
      reconnectPeriod: 0,
      // …restores subscriptions itself, so what is subscribed is explicit…
      resubscribe: false,
      // …and never lets mqtt.js replay stale commands after an outage.
      queueQoSZero: false,
      // mqtt.js otherwise clears and re-arms its keepalive timer on every packet (~5 % of a 2,000-device start,
      // profiled); a PINGREQ every keepalive interval regardless costs nothing.
      reschedulePings: false,
      // mqtt.js logs through `debug` ~10 times per packet; even when disabled each call allocates its arguments
      // (8 MB per 1,000 commands, profiled). Kept when DEBUG is set, so DEBUG=mqttjs* still traces the client.
      ...(process.env.DEBUG ? {} : { log: () => {} }),
      // mqtt-packet otherwise pre-builds a Buffer for each of the 65,536 two-byte numbers at the first packet: ~40 ms
      // of a start and ~6.5 MB of heap for good (heap snapshot); a publish then allocates its two bytes instead.
      writeCache: false,
      ...(options.tls ?? {}),
    };
    this.currentStatus = this.makeStatus('offline');
  }

  get status(): MqttStatus {
    return this.currentStatus;
  }

  /** Resolves once the first attempt has settled (connected, failed and retrying, or auth_failed); never rejects. */
  start(): Promise<void> {
    if (this.running) return this.starting;
    this.running = true;
    this.attempt = 0;
    this.starting = new Promise<void>((resolve) => (this.settleStart = resolve));
    this.setStatus('connecting');
    this.connect();
    return this.starting;
  }

  async stop(): Promise<void> {
    if (!this.running && !this.client && this.currentStatus.state === 'offline') return;
    this.running = false;
    this.clearTimer();
    this.incoming.clear(); // nothing is handed over after stop()
    const client = this.client;
    const wasLive = this.live;
    this.dropClient();
    this.setStatus('offline');
    this.resolveStart();
    if (client) await endClient(client, wasLive);
  }

  subscribe(filter: string, handler: Handler): () => void {
    if (!isValidFilter(filter)) throw new Error(`Invalid MQTT topic filter "${filter}"`);
    let entries = this.subs.get(filter);
    if (!entries) {
      entries = new Set();
      this.subs.set(filter, entries);
      if (hasWildcard(filter)) this.wildcardFilters.set(filter, filter.split('/'));
      // Unsubscribed and subscribed again before anything was sent: the broker still has it.
      if (this.pendingUnsubscribe.delete(filter)) {
        // nothing to send
      } else if (this.live && this.client) this.queueSubscribe(filter); // else sent with the rest on the next connect
    }
    const entry: Entry = { handler };
    entries.add(entry);
    const set = entries;
    return () => {
      if (!set.delete(entry) || set.size > 0 || this.subs.get(filter) !== set) return;
      this.subs.delete(filter);
      this.wildcardFilters.delete(filter);
      // Not sent yet: nothing to undo at the broker.
      if (this.pendingSubscribe.delete(filter)) return;
      if (this.live && this.client) this.queueUnsubscribe(filter);
    };
  }

  publish(topic: string, payload: string | Buffer, { qos = 0, retain = false }: PublishOptions = {}): Promise<void> {
    if (!isValidTopic(topic)) return Promise.reject(new CommandError('invalid', `Invalid MQTT topic "${topic}"`));
    const client = this.client;
    // Never hand a message to mqtt.js while disconnected: its offline queue would deliver
    // a stale command minutes later. Callers decide what to do instead.
    if (!client || !this.live) return Promise.reject(new CommandError('unavailable', NOT_CONNECTED_MESSAGE));
    this.flushSubscribes();
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const settle = (err?: Error) => {
        if (done) return;
        done = true;
        this.inFlight.delete(lost);
        if (err) reject(err);
        else resolve();
      };
      const lost = () =>
        settle(new CommandError('unavailable', 'The MQTT connection was lost before the broker acknowledged the message'));
      this.inFlight.add(lost);
      client.publish(topic, payload, { qos, retain }, (err) =>
        settle(err ? new CommandError('unavailable', `MQTT publish to "${topic}" failed: ${err.message}`) : undefined),
      );
    });
  }

  onStatus(listener: (status: MqttStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onConnect(listener: (info: { reconnect: boolean }) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  // ── the connection loop ──────────────────────────────────────────────────

  /** One attempt = one fresh mqtt.js client, so no state leaks from a dead connection. */
  private connect(): void {
    this.timer = undefined;
    let client: MqttClient;
    try {
      // Built without connecting, so each connection's stream is paced before mqtt.js pipes it into its parser.
      client = mqtt.connect(this.brokerUrl, { ...this.clientOptions, manualConnect: true });
      const paced = client as unknown as { streamBuilder: (c: MqttClient) => Readable };
      const build = paced.streamBuilder;
      paced.streamBuilder = (c) => pacePipe(build(c), this.reading);
      client.connect();
    } catch (err) {
      this.scheduleReconnect(errorText(err));
      return;
    }
    this.client = client;
    let lastError: Error | undefined;
    // Always listen for 'error': an unhandled one would crash the hub.
    client.on('error', (err) => {
      if (this.client !== client) return;
      lastError = err;
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number' && AUTH_FAILURE_CODES.has(code)) {
        this.authFailed(client);
        return;
      }
      // Refused, reset, keepalive or CONNACK timeout, malformed packet: all end this
      // connection; make sure it ends so 'close' starts the next attempt.
      forceEnd(client);
    });
    client.on('connect', () => {
      if (this.client === client) void this.onConnected(client);
    });
    client.on('message', (topic, payload, packet) => {
      if (this.client === client) this.incoming.push({ topic, payload, retain: packet.retain });
    });
    client.on('close', () => {
      if (this.client !== client) return;
      const wasLive = this.live;
      this.dropClient();
      forceEnd(client); // releases mqtt.js's timers
      if (!this.running) return;
      // Start the backoff over only after a connection that lasted: a broker that accepts
      // and drops us at once must not be hammered.
      if (wasLive && this.clock.now() - this.connectedAt >= STABLE_CONNECTION_MS) this.attempt = 0;
      this.scheduleReconnect(
        lastError ? errorText(lastError) : wasLive ? 'The connection to the broker was lost' : 'The broker closed the connection',
      );
    });
  }

  private async onConnected(client: MqttClient): Promise<void> {
    this.live = true;
    this.connectedAt = this.clock.now();
    // TCP and TLS sockets expose setNoDelay (TLSSocket forwards it to its TCP socket). Over
    // ws:// and wss:// client.stream is a wrapper without it; the `ws` library already sets
    // TCP_NODELAY on the socket underneath.
    (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
    const filters = [...this.subs.keys()];
    this.pendingSubscribe.clear();
    this.pendingUnsubscribe.clear(); // a new session: only what is in this.subs is subscribed
    const batches: Promise<void>[] = [];
    for (let i = 0; i < filters.length; i += SUBSCRIBE_BATCH) {
      // One SUBSCRIBE per turn of the event loop: mqtt.js validates and encodes a batch synchronously, and the ~2,000
      // filters of a large house held a reconnect's turn for ~30 ms (profiled).
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.client !== client) return; // lost while restoring subscriptions
      // Unsubscribed meanwhile: not restored (one subscribed meanwhile went out on its own).
      const batch = filters.slice(i, i + SUBSCRIBE_BATCH).filter((f) => this.subs.has(f));
      if (batch.length > 0) batches.push(this.sendSubscribe(client, batch));
    }
    await Promise.all(batches);
    if (this.client !== client) return; // lost while restoring subscriptions
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.setStatus('connected');
    this.logger.info(`MQTT: ${reconnect ? 'reconnected' : 'connected'} to ${this.safeUrl}`);
    this.resolveStart();
    for (const listener of [...this.connectListeners]) this.safely('onConnect listener', () => listener({ reconnect }));
  }

  /**
   * Filters subscribed in one turn of the event loop go out together: a discovery burst attaches ~2,000 state
   * topics, and one SUBSCRIBE (and SUBACK) per topic cost a socket write each and mqtt.js's per-ack bookkeeping
   * (about 1.4 s of a 2,000-device start, profiled).
   */
  private queueSubscribe(filter: string): void {
    this.pendingSubscribe.add(filter);
    if (this.pendingSubscribe.size === 1) queueMicrotask(() => this.flushSubscribes());
  }

  /** One UNSUBSCRIBE per packet cost mqtt.js an O(outgoing) scan per UNSUBACK while ending: ~0.5 s at 2,000 topics. */
  private queueUnsubscribe(filter: string): void {
    this.pendingUnsubscribe.add(filter);
    if (this.pendingUnsubscribe.size === 1) queueMicrotask(() => this.flushSubscribes());
  }

  /** Also called before a publish, so a SUBSCRIBE still precedes a PUBLISH made after it (MQTT keeps their order). */
  private flushSubscribes(): void {
    if (this.pendingUnsubscribe.size > 0) {
      const filters = [...this.pendingUnsubscribe];
      this.pendingUnsubscribe.clear();
      const client = this.client;
      if (client && this.live)
        for (let i = 0; i < filters.length; i += SUBSCRIBE_BATCH) {
          const batch = filters.slice(i, i + SUBSCRIBE_BATCH);
          client.unsubscribe(batch, (err) => {
            if (err) this.logger.warn(`MQTT: unsubscribing from ${batch.join(', ')} failed: ${err.message}`);
          });
        }
    }
    if (this.pendingSubscribe.size === 0) return;
    const filters = [...this.pendingSubscribe];
    this.pendingSubscribe.clear();
    const client = this.client;
    if (!client || !this.live) return; // the next connect subscribes everything in this.subs
    for (let i = 0; i < filters.length; i += SUBSCRIBE_BATCH)
      void this.sendSubscribe(client, filters.slice(i, i + SUBSCRIBE_BATCH));
  }

  private async sendSubscribe(client: MqttClient, filters: string[]): Promise<void> {
    try {
      // QoS 0: on a clean session a QoS 1 subscription buys nothing but extra PUBACKs.
      const granted = await client.subscribeAsync(Object.fromEntries(filters.map((f) => [f, { qos: 0 as const }])));
      for (const g of granted) if (g.qos === 128) this.logger.warn(`MQTT: the broker refused the subscription to "${g.topic}"`);
    } catch (err) {
      if (this.client === client) this.logger.warn(`MQTT: subscribing to ${filters.join(', ')} failed: ${errorText(err)}`);
    }
  }

  private authFailed(client: MqttClient): void {
    this.dropClient();
    forceEnd(client);
    this.running = false; // no further attempts until start() is called again
    this.setStatus('auth_failed', AUTH_FAILED_MESSAGE);
    this.logger.error(`MQTT ${this.safeUrl}: ${AUTH_FAILED_MESSAGE}`);
    this.resolveStart();
  }

  private scheduleReconnect(reason: string): void {
    const delay = nextDelay(this.attempt++, { ...this.options.backoff, random: this.options.random });
    const at = this.clock.now() + delay;
    // Log the first failure of an outage, not every attempt of a long one (the status has the latest).
    if (this.currentStatus.state !== 'reconnecting') this.logger.warn(`MQTT ${this.safeUrl}: ${reason}; retrying with backoff`);
    this.setStatus(
      'reconnecting',
      `${reason}; next attempt in ${(delay / 1000).toFixed(1)} s (at ${new Date(at).toLocaleTimeString()})`,
    );
    this.timer = this.clock.setTimeout(() => {
      if (this.running) this.connect();
    }, delay);
    this.resolveStart();
  }

  /** Forget the current client and fail whatever was waiting on it. */
  private dropClient(): void {
    this.client = undefined;
    this.live = false;
    for (const lost of [...this.inFlight]) lost();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private resolveStart(): void {
    this.settleStart?.();
    this.settleStart = undefined;
  }

  // ── dispatch and status ──────────────────────────────────────────────────

  /**
   * The ingest hot path (every message): no closures, labels or copies unless needed. Every matching filter is
   * found before any handler runs, so a handler that subscribes or unsubscribes does not change this delivery.
   */
  private dispatch(message: MqttMessage): void {
    // A topic never contains wildcards, so an exact filter equal to it is found directly.
    const exact = this.subs.get(message.topic);
    let wildcards: Array<[string, Set<Entry>]> | undefined;
    if (this.wildcardFilters.size > 0) {
      const topic = message.topic;
      let levels: string[] | undefined;
      for (const [filter, filterLevels] of this.wildcardFilters) {
        // A literal first level that the topic does not start with rules the filter out before any split (a state
        // topic against `homeassistant/+/+/config`, for every message).
        const first = filterLevels[0]!;
        if (first !== '+' && first !== '#' && !startsWithLevel(topic, first)) continue;
        const entries = this.subs.get(filter);
        if (entries && matchesLevels(filterLevels, (levels ??= topic.split('/')))) (wildcards ??= []).push([filter, entries]);
      }
    }
    if (exact) this.deliver(message.topic, exact, message);
    if (wildcards) for (const [filter, entries] of wildcards) this.deliver(filter, entries, message);
  }

  private deliver(filter: string, entries: Set<Entry>, message: MqttMessage): void {
    // A handler may unsubscribe another of the same filter: copy when there are several.
    const list = entries.size === 1 ? entries : [...entries];
    for (const { handler } of list) {
      try {
        handler(message);
      } catch (err) {
        this.logger.error(
          `MQTT: handler for "${filter}" on "${message.topic}" threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    }
  }

  private setStatus(state: MqttStatus['state'], error?: string): void {
    this.currentStatus = this.makeStatus(state, error);
    const status = this.currentStatus;
    for (const listener of [...this.statusListeners]) this.safely('onStatus listener', () => listener(status));
  }

  private makeStatus(state: MqttStatus['state'], error?: string): MqttStatus {
    // `since` is when this state began: a new retry message during one outage keeps it.
    const since = this.currentStatus?.state === state ? this.currentStatus.since : this.clock.now();
    return { url: this.safeUrl, embedded: this.options.embedded ?? false, state, ...(error ? { error } : {}), since };
  }

  /** A listener that throws is logged and never breaks the others or mqtt.js's parser. */
  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error(`MQTT: ${what} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid MQTT broker URL "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  if (!PROTOCOLS.has(parsed.protocol)) {
    throw new Error(`Unsupported MQTT broker URL scheme "${parsed.protocol}": use mqtt://, mqtts://, ws:// or wss://`);
  }
  return parsed;
}

/** End politely (DISCONNECT) when connected, but never wait long on a broker that does not answer. */
async function endClient(client: MqttClient, graceful: boolean): Promise<void> {
  if (!graceful) return void forceEnd(client);
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([
    client.endAsync(false).then(() => true),
    new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), 1000))),
  ]);
  clearTimeout(timeout);
  // end(false) waits for in-flight acknowledgements; a silent broker gets its socket cut.
  if (!ended) client.stream?.destroy();
}

function forceEnd(client: MqttClient): void {
  if (!client.disconnecting && !client.disconnected) client.end(true);
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  // Node's messages already include codes such as "connect ECONNREFUSED 127.0.0.1:1883".
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/** Whether the topic's first level is `level`. */
function startsWithLevel(topic: string, level: string): boolean {
  return topic.startsWith(level) && (topic.length === level.length || topic.charCodeAt(level.length) === 47); /* / */
}
