/**
 * Home Assistant MQTT discovery (zigbee2mqtt, Tasmota, ESPHome, Shelly…): the I/O around the
 * pure parts (config.ts, the component mappings, device.ts, availability.ts).
 * Never throws into the connection: every problem becomes a host diagnostic.
 */
import { createHash } from 'node:crypto';
import type { MqttConnection } from '../../broker/types';
import type { Availability, CapabilityName, Command, CommandOptions } from '../../model';
import type { Clock, Timer } from '../../util/clock';
import { CommandError, type Integration, type IntegrationHost, type StateReport } from '../integration';
import { combineEntities, combineSources, sourceState, type SourceState } from './availability';
import { CommandQueue } from './command-queue';
import { parseDiscoveryMessage, type EntityConfig } from './config';
import { DiscoveryQueue, type DiscoveryQueueOptions } from './discovery-queue';
import { capabilityOwners, describeDevice, deviceIdOf, INTEGRATION_NAME, sanitiseAttributes, sortEntities } from './device';
import { isZigbee2Mqtt, renderState, type MappedEntity, type Publish } from './entity';
import { mapEntity } from './mapping';
import { TopicRouter } from './subscriptions';
import { parseDeviceJson } from '../../util/safe-json';

export interface MqttHaOptions {
  connection: MqttConnection;
  host: IntegrationHost;
  clock: Clock;
  discoveryPrefix?: string;
  commandTtlMs?: number;
  resyncTimeoutMs?: number;
  /** How discovery configs are sliced (tests run slices by hand); default: 5 ms slices between setImmediate turns. */
  discoverySlices?: Pick<DiscoveryQueueOptions, 'schedule' | 'now' | 'budgetMs'>;
  /** How a message for many entities is applied over turns (see FanOut); default as discoverySlices. */
  fanOutSlices?: Pick<DiscoveryQueueOptions, 'schedule' | 'now' | 'budgetMs'>;
}

/**
 * A message for many entities, applied a slice at a time: zigbee2mqtt's bridge availability topic is every entity's
 * (~9,600 at 2,000 devices), and applying it and recomputing every device's availability in one go held the event loop
 * for 50–110 ms at each broker reconnect and bridge restart (profiled). Messages that arrive meanwhile wait behind it
 * as jobs of their own, so every entity still sees its messages in arrival order.
 */
interface FanOut {
  topic: string;
  payload: string;
  /** The entities it was for when it arrived (a copy: attaching more must not add to it). */
  keys: string[];
  /**
   * The newest entity then (EntityState.generation): one removed or replaced since is skipped, since a new one got the
   * topic's latest payload when it attached. A generation instead of the entities' states: looking up ~9,600 of them
   * when the message arrives took ~5 ms in one piece (profiled).
   */
  generation: number;
  next: number;
  /** device id → whether its availability must be recomputed, once every entity is applied. */
  touched: Map<string, boolean>;
  heard?: [string, boolean][];
  nextHeard: number;
  /** Template → rendered payload, shared by the entities (see sourceState). */
  rendered: Map<string | undefined, string>;
}

interface EntityState {
  entity: EntityConfig;
  mapped: MappedEntity;
  deviceId: string;
  topics: Set<string>;
  sources: Map<string, SourceState>;
  latest?: SourceState;
  /** Without configured availability, an entity counts as online once it reported state. */
  seen: boolean;
  /** Increases with every entity made (FanOut). */
  generation: number;
  attributes?: Record<string, unknown>;
}

interface DeviceState {
  entities: Set<string>;
  owners: Map<CapabilityName, string>;
  /** JSON of the last description sent (without availability), to skip identical upserts. */
  described?: string;
  availability: Availability;
  reason?: string;
  last: StateReport;
  /** Cleared on reconnect; set by any message for the device. */
  refreshed: boolean;
  stale: boolean;
  /** The `device` and `origin` blocks its entities' configs share (see shareParts). */
  parts: Partial<Record<SharedPart, unknown>>;
}

/**
 * Config blocks that every entity of a device repeats (zigbee2mqtt: about five entities a device): identical ones are
 * kept once per device instead of once per entity, ~4 MB of a 2,000-device hub's heap (heap snapshot).
 */
const SHARED_PARTS = ['device', 'origin'] as const;
type SharedPart = (typeof SHARED_PARTS)[number];

/** Structural equality of parsed JSON values (plain objects, arrays, primitives). Pure. */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJsonValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const MAX_STATE_BYTES = 64 * 1024;
/** A message for more entities than this goes through the fan-out jobs (FanOut); fewer are applied at once. */
const FAN_OUT_AT_ONCE = 64;
/** zigbee2mqtt `/get` requests published per turn of the event loop after a reconnect. */
const STATE_REQUESTS_PER_TURN = 200;
const DIAGNOSTIC_REPEAT_MS = 60_000;

export class MqttHaIntegration implements Integration {
  readonly name = INTEGRATION_NAME;
  private readonly connection: MqttConnection;
  private readonly host: IntegrationHost;
  private readonly clock: Clock;
  private readonly prefix: string;
  private readonly resyncTimeoutMs: number;
  private readonly entities = new Map<string, EntityState>();
  private readonly devices = new Map<string, DeviceState>();
  private readonly queue: CommandQueue;
  private readonly router: TopicRouter;
  private readonly disposers: (() => void)[] = [];
  private readonly lastDiagnostic = new Map<string, number>();
  private resyncTimer: Timer | undefined;
  /** The next chunk of zigbee2mqtt state requests after a reconnect. */
  private stateRequests: NodeJS.Immediate | undefined;
  /** Configs waiting to be handled, in slices that yield to the event loop. */
  private readonly configs: DiscoveryQueue;
  /**
   * topic → a digest of the payload last handled on it: an identical re-announcement is skipped before JSON and zod.
   * A digest, not the payload: 9,600 zigbee2mqtt configs are ~15 MB of text.
   */
  private readonly handledConfigs = new Map<string, string>();
  /** While a slice runs: devices to describe and entities to subscribe once the slice's configs are in. */
  private slice: { devices: Set<string>; entities: EntityState[] } | undefined;
  /** Messages being applied over turns, the first in progress (FanOut). */
  private readonly fanOuts: FanOut[] = [];
  private fanOutScheduled = false;
  /** The newest entity's EntityState.generation. */
  private generation = 0;
  private readonly fanOutSchedule: (run: () => void) => void;
  private readonly fanOutNow: () => number;
  private readonly fanOutBudgetMs: number;

  constructor(options: MqttHaOptions) {
    this.connection = options.connection;
    this.host = options.host;
    this.clock = options.clock;
    this.prefix = options.discoveryPrefix ?? 'homeassistant';
    this.resyncTimeoutMs = options.resyncTimeoutMs ?? 30_000;
    this.queue = new CommandQueue(this.clock, options.commandTtlMs ?? 10_000, (id) =>
      this.connection.status.state !== 'connected'
        ? 'the MQTT broker is disconnected'
        : `${this.devices.get(id)?.reason ?? 'the device is offline'}`,
    );
    this.fanOutSchedule = options.fanOutSlices?.schedule ?? ((run) => void setImmediate(run));
    this.fanOutNow = options.fanOutSlices?.now ?? (() => performance.now());
    this.fanOutBudgetMs = options.fanOutSlices?.budgetMs ?? 5;
    this.configs = new DiscoveryQueue({
      ...options.discoverySlices,
      handle: (topic, payload) => this.guard(topic, () => this.onConfig(topic, payload)),
      endSlice: () => this.endSlice(),
    });
    this.router = new TopicRouter(
      this.connection,
      (topic, payload, users) => this.onTopicMessage(topic, payload, users),
      MAX_STATE_BYTES,
      (topic, bytes) => this.diagnostic('warning', topic, `Ignored a ${bytes}-byte message (limit ${MAX_STATE_BYTES})`),
    );
  }

  async start(): Promise<void> {
    const onConfig = (m: { topic: string; payload: Buffer }) => this.configs.push(m.topic, m.payload.toString('utf8'));
    this.disposers.push(
      this.connection.subscribe(`${this.prefix}/+/+/config`, onConfig),
      this.connection.subscribe(`${this.prefix}/+/+/+/config`, onConfig),
      this.connection.onConnect(({ reconnect }) => this.onConnect(reconnect)),
      this.connection.onStatus((s) => (s.state === 'connected' ? this.flush() : this.router.sessionEnded())),
    );
    if (this.connection.status.state === 'connected') this.publishBirth();
  }

  /** Discovery configs received and not handled yet. */
  get pendingConfigs(): number {
    return this.configs.size;
  }

  /** Messages not fully applied yet: a fan-out in progress and those waiting behind it (FanOut). */
  get pendingFanOuts(): number {
    return this.fanOuts.length;
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.configs.clear();
    this.fanOuts.length = 0;
    this.fanOutScheduled = false;
    this.handledConfigs.clear();
    this.router.clear();
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    if (this.stateRequests !== undefined) clearImmediate(this.stateRequests);
    this.stateRequests = undefined;
    this.queue.clear(() => new CommandError('unavailable', 'Not sent: the MQTT integration stopped'));
    this.entities.clear();
    this.devices.clear();
  }

  async sendCommand(deviceId: string, command: Command, options: CommandOptions = {}): Promise<void> {
    const publishes = this.build(deviceId, command, options); // validates now, even if the command must wait
    if (!this.ready(deviceId)) return this.queue.enqueue(deviceId, command, options);
    try {
      await this.publishAll(publishes);
    } catch (e) {
      if (e instanceof CommandError && e.code === 'unavailable') return this.queue.enqueue(deviceId, command, options);
      throw e;
    }
  }

  // ── discovery ────────────────────────────────────────────────────────────

  /** Handles what a slice's configs left to do: each touched device described once, then its topics subscribed. */
  private endSlice(): void {
    const slice = this.slice;
    this.slice = undefined;
    if (!slice) return;
    for (const id of slice.devices) if (this.devices.has(id)) this.guard(id, () => this.refreshDevice(id));
    // After the devices exist, so replayed payloads reach the registry.
    for (const state of slice.entities) if (this.entities.get(state.entity.key) === state) this.attachTopics(state);
  }

  private onConfig(topic: string, payload: string): void {
    const digest = payload === '' ? '' : createHash('sha1').update(payload).digest('base64');
    if (digest !== '' && this.handledConfigs.get(topic) === digest) return; // a re-announcement (after our birth message)
    if (digest === '') this.handledConfigs.delete(topic);
    else this.handledConfigs.set(topic, digest);
    this.slice ??= { devices: new Set(), entities: [] };
    const msg = parseDiscoveryMessage(topic, payload, this.prefix);
    for (const p of msg.problems) this.diagnostic(p.level, p.key, p.message, p.detail);
    for (const key of msg.removed) this.removeEntity(key);
    if (msg.removedPrefix)
      for (const key of [...this.entities.keys()]) if (key.startsWith(msg.removedPrefix)) this.removeEntity(key);
    for (const e of msg.entities) this.upsertEntity(e);
  }

  private upsertEntity(e: EntityConfig): void {
    const existing = this.entities.get(e.key);
    if (existing && JSON.stringify(existing.entity) === JSON.stringify(e)) return; // a re-announcement
    const mapped = mapEntity(e);
    if (!mapped) {
      this.diagnostic('info', e.key, `This ${e.component} variant is not supported yet; entity ignored`);
      this.removeEntity(e.key);
      return;
    }
    if (existing) this.removeEntity(e.key);
    const deviceId = deviceIdOf(e);
    const state: EntityState = {
      entity: e,
      mapped,
      deviceId,
      topics: new Set(),
      sources: new Map(),
      seen: false,
      generation: ++this.generation,
    };
    this.entities.set(e.key, state);
    let device = this.devices.get(deviceId);
    if (!device) {
      device = {
        entities: new Set(),
        owners: new Map(),
        availability: 'unknown',
        last: {},
        refreshed: true,
        stale: false,
        parts: {},
      };
      this.devices.set(deviceId, device);
    }
    shareParts(device, e);
    device.entities.add(e.key);
    if (this.slice) {
      this.slice.devices.add(deviceId);
      this.slice.entities.push(state);
      return;
    }
    this.refreshDevice(deviceId);
    this.attachTopics(state);
  }

  private attachTopics(state: EntityState): void {
    const { entity: e, mapped } = state;
    const topics = [
      ...mapped.stateTopics,
      ...(e.availability?.sources.map((s) => s.topic) ?? []),
      e.config.json_attributes_topic,
    ];
    for (const topic of new Set(topics.filter((t): t is string => !!t))) {
      state.topics.add(topic);
      const last = this.router.attach(topic, e.key);
      if (last !== undefined) this.guard(topic, () => this.onTopicMessage(topic, last, new Set([e.key])));
    }
  }

  private removeEntity(key: string): void {
    const state = this.entities.get(key);
    if (!state) return;
    for (const topic of state.topics) this.router.detach(topic, key);
    this.entities.delete(key);
    const device = this.devices.get(state.deviceId);
    if (!device) return;
    device.entities.delete(key);
    if (device.entities.size > 0) {
      if (this.slice) this.slice.devices.add(state.deviceId);
      else this.refreshDevice(state.deviceId);
      return;
    }
    if (device.described !== undefined) this.host.removeDevice(state.deviceId);
    this.devices.delete(state.deviceId);
    this.queue.clear((id) => new CommandError('not_found', `Not sent: ${id} was removed`), state.deviceId);
  }

  private records(device: DeviceState): { entity: EntityConfig; mapped: MappedEntity }[] {
    return [...device.entities].map((k) => this.entities.get(k)!);
  }

  /** Re-describes the device and upserts it when something changed; removes it when nothing is left to show. */
  private refreshDevice(id: string): void {
    const device = this.devices.get(id)!;
    const records = this.records(device);
    device.owners = capabilityOwners(records);
    const attributes = Object.assign(
      {},
      ...sortEntities(records)
        .reverse()
        .map((r) => this.entities.get(r.entity.key)?.attributes ?? {}),
    );
    const description = describeDevice(id, records, this.computeAvailability(device).availability, attributes);
    if (!description) {
      if (device.described !== undefined) this.host.removeDevice(id);
      device.described = undefined;
      return;
    }
    const { availability, ...rest } = description;
    const described = JSON.stringify(rest);
    if (described === device.described) return;
    const first = device.described === undefined;
    device.described = described;
    this.host.upsertDevice(description);
    if (first) {
      device.availability = availability;
      if (Object.keys(device.last).length) this.host.reportState(id, device.last);
    }
    this.updateAvailability(id);
  }

  // ── state and availability ───────────────────────────────────────────────

  /**
   * The ingest hot path (every state message). Availability is recomputed only for a device whose inputs may have
   * changed — an availability source or its latest value, an entity's first state, a stale device heard again, or a
   * message that failed — since it is a function of those alone.
   */
  private onTopicMessage(topic: string, payload: string, users: ReadonlySet<string>): void {
    // Behind a fan-out in progress, or one itself: a job, applied in order with the others.
    if (this.fanOuts.length > 0 || users.size > FAN_OUT_AT_ONCE) {
      const generation = this.generation;
      const job: FanOut = {
        topic,
        payload,
        keys: [...users],
        generation,
        next: 0,
        touched: new Map(),
        nextHeard: 0,
        rendered: new Map(),
      };
      this.fanOuts.push(job);
      if (this.fanOuts.length === 1) this.runFanOuts(); // begins now; continues in later turns if it must
      return;
    }
    // One entity per topic is the common case: no map of touched devices for it.
    if (users.size === 1) {
      for (const key of users) {
        const state = this.entities.get(key);
        if (state) this.heardFrom(state.deviceId, this.applyGuarded(state, topic, payload));
      }
      return;
    }
    // device id → whether its availability must be recomputed
    const touched = new Map<string, boolean>();
    for (const key of users) {
      const state = this.entities.get(key);
      if (!state) continue;
      const changed = this.applyGuarded(state, topic, payload);
      touched.set(state.deviceId, changed || touched.get(state.deviceId) === true);
    }
    for (const [id, changed] of touched) this.heardFrom(id, changed);
  }

  /** Applies the waiting fan-out jobs in order until the budget is spent, then yields (FanOut). */
  private runFanOuts(): void {
    this.fanOutScheduled = false;
    const start = this.fanOutNow();
    // The clock is read every 16 entities or devices, across jobs: most jobs waiting behind a fan-out have one entity.
    let work = 0;
    const spent = () => ++work % 16 === 0 && this.fanOutNow() - start >= this.fanOutBudgetMs;
    while (this.fanOuts.length > 0) {
      const job = this.fanOuts[0]!;
      while (job.next < job.keys.length) {
        const state = this.entities.get(job.keys[job.next++]!);
        if (!state || state.generation > job.generation) continue;
        const changed = this.applyGuarded(state, job.topic, job.payload, job.rendered);
        job.touched.set(state.deviceId, changed || job.touched.get(state.deviceId) === true);
        if (spent()) return this.scheduleFanOuts();
      }
      job.heard ??= [...job.touched];
      while (job.nextHeard < job.heard.length) {
        const [id, changed] = job.heard[job.nextHeard++]!;
        this.guard(id, () => this.heardFrom(id, changed)); // a throw must not leave the job stuck at the front
        if (spent()) return this.scheduleFanOuts();
      }
      this.fanOuts.shift();
    }
  }

  private scheduleFanOuts(): void {
    if (this.fanOutScheduled) return;
    this.fanOutScheduled = true;
    this.fanOutSchedule(() => {
      if (this.fanOutScheduled) this.runFanOuts();
    });
  }

  /** A message that failed counts as a change: it may have updated an availability source before it threw. */
  private applyGuarded(state: EntityState, topic: string, payload: string, rendered?: Map<string | undefined, string>): boolean {
    try {
      return this.applyMessage(state, topic, payload, rendered);
    } catch (e) {
      this.failed(topic, e);
      return true;
    }
  }

  private heardFrom(id: string, changed: boolean): void {
    const device = this.devices.get(id);
    if (!device) return;
    const wasStale = device.stale;
    device.refreshed = true;
    device.stale = false;
    if (changed || wasStale) this.updateAvailability(id);
  }

  /** Applies one message to one entity; returns whether the entity's availability inputs changed. */
  private applyMessage(state: EntityState, topic: string, payload: string, rendered?: Map<string | undefined, string>): boolean {
    const device = this.devices.get(state.deviceId)!;
    let changed = false;
    const sources = state.entity.availability?.sources;
    if (sources)
      for (const source of sources) {
        if (source.topic !== topic) continue;
        const s = sourceState(source, payload, rendered);
        if (s) {
          changed = state.sources.get(topic) !== s || state.latest !== s;
          state.sources.set(topic, s);
          state.latest = s;
        }
        break;
      }
    if (state.mapped.stateTopics.includes(topic)) {
      const report = state.mapped.parseState(topic, payload, device.last);
      const caps = Object.keys(report) as CapabilityName[];
      // Usually one entity owns every capability it reports: then its report goes on as it is.
      let owned: StateReport = report;
      let count = 0;
      for (const cap of caps) if (device.owners.get(cap) === state.entity.key) count++;
      if (count < caps.length) {
        const part: Record<string, unknown> = {};
        for (const cap of caps) if (device.owners.get(cap) === state.entity.key) part[cap] = report[cap];
        owned = part as StateReport;
      }
      if (!state.seen) changed = true;
      state.seen = true;
      if (count > 0) {
        Object.assign(device.last, owned);
        if (device.described !== undefined) this.host.reportState(state.deviceId, owned);
      }
    }
    if (topic === state.entity.config.json_attributes_topic) {
      const template = state.entity.config.json_attributes_template;
      const rendered = template ? renderState(template, payload).text : payload;
      let json: unknown;
      try {
        json = parseDeviceJson(rendered);
      } catch {
        throw new Error('json_attributes payload is not a JSON object');
      }
      const attributes = sanitiseAttributes(json);
      if (JSON.stringify(attributes) !== JSON.stringify(state.attributes)) {
        state.attributes = attributes;
        this.refreshDevice(state.deviceId);
      }
    }
    return changed;
  }

  private computeAvailability(device: DeviceState): { availability: Availability; reason?: string } {
    if (device.stale) return { availability: 'unknown', reason: 'no update since the broker connection was restored' };
    const values: Availability[] = [];
    let offlineTopic: string | undefined;
    for (const { entity, mapped } of this.records(device)) {
      const state = this.entities.get(entity.key)!;
      if (!Object.keys(mapped.capabilities).length) continue;
      if (!entity.availability) values.push(state.seen ? 'online' : 'unknown');
      else {
        values.push(combineSources(entity.availability, state.sources, state.latest));
        offlineTopic ??= entity.availability.sources.find((s) => state.sources.get(s.topic) === 'offline')?.topic;
      }
    }
    const availability = combineEntities(values);
    return availability === 'offline'
      ? { availability, reason: `${offlineTopic ?? 'its availability topic'} reports offline` }
      : { availability };
  }

  private updateAvailability(id: string): void {
    const device = this.devices.get(id);
    if (!device || device.described === undefined) return;
    const { availability, reason } = this.computeAvailability(device);
    if (availability === device.availability && reason === device.reason) return;
    device.availability = availability;
    device.reason = reason;
    this.host.setAvailability(id, availability, reason);
    if (availability !== 'offline') this.flush();
  }

  // ── connection lifecycle ─────────────────────────────────────────────────

  private onConnect(reconnect: boolean): void {
    this.publishBirth();
    this.flush();
    if (!reconnect) return;
    for (const device of this.devices.values()) device.refreshed = false;
    this.requestZigbee2MqttState();
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.resyncTimer = this.clock.setTimeout(() => {
      this.resyncTimer = undefined;
      for (const [id, device] of this.devices) {
        if (device.refreshed) continue;
        device.stale = true;
        this.updateAvailability(id);
      }
    }, this.resyncTimeoutMs);
  }

  /** HA's birth message: producers (zigbee2mqtt, Tasmota, ESPHome) re-announce configs and states. */
  private publishBirth(): void {
    this.connection.publish(`${this.prefix}/status`, 'online', { retain: false, qos: 0 }).catch(() => {});
  }

  /** zigbee2mqtt answers `<device>/get {"state":""}` with the current state (documented in its MQTT topics page). */
  private requestZigbee2MqttState(): void {
    const topics = new Set<string>();
    for (const { entity } of this.entities.values()) {
      if ((entity.component !== 'light' && entity.component !== 'switch') || !isZigbee2Mqtt(entity.config)) continue;
      const c = entity.config as { command_topic?: string; state_topic?: string };
      const base = c.command_topic?.endsWith('/set') ? c.command_topic.slice(0, -4) : c.state_topic;
      if (base) topics.add(`${base}/get`);
    }
    if (this.stateRequests !== undefined) clearImmediate(this.stateRequests);
    this.stateRequests = undefined;
    // About 2,000 publishes in one turn held the event loop (and the API) at every reconnect: in chunks that yield.
    const list = [...topics];
    const send = (from: number) => {
      this.stateRequests = undefined;
      for (const topic of list.slice(from, from + STATE_REQUESTS_PER_TURN))
        this.connection.publish(topic, '{"state":""}', { retain: false, qos: 0 }).catch(() => {});
      if (from + STATE_REQUESTS_PER_TURN < list.length)
        this.stateRequests = setImmediate(() => send(from + STATE_REQUESTS_PER_TURN));
    };
    send(0);
  }

  // ── commands ─────────────────────────────────────────────────────────────

  private ready(deviceId: string): boolean {
    return this.connection.status.state === 'connected' && this.devices.get(deviceId)?.availability !== 'offline';
  }

  /** Splits a command by the entity owning each capability and maps each part to publishes. */
  private build(deviceId: string, command: Command, options: CommandOptions = {}): Publish[] {
    const device = this.devices.get(deviceId);
    if (!device || device.described === undefined) throw new CommandError('not_found', `No MQTT device ${deviceId}`);
    const parts = new Map<string, Record<string, unknown>>();
    for (const [cap, value] of Object.entries(command)) {
      const key = device.owners.get(cap as CapabilityName);
      const state = key ? this.entities.get(key) : undefined;
      if (!state?.mapped.command || !state.mapped.capabilities[cap as CapabilityName]?.writable)
        throw new CommandError('not_writable', `This device has no writable ${cap}`);
      parts.set(key!, { ...parts.get(key!), [cap]: value });
    }
    return [...parts].flatMap(([key, part]) => this.entities.get(key)!.mapped.command!(part as Command, options));
  }

  private async publishAll(publishes: Publish[]): Promise<void> {
    for (const p of publishes) await this.connection.publish(p.topic, p.payload, { retain: p.retain, qos: p.qos });
  }

  private flush(): void {
    for (const q of this.queue.take((id) => this.ready(id))) {
      let publishes: Publish[];
      try {
        publishes = this.build(q.deviceId, q.command, q.options);
      } catch (e) {
        q.reject(e);
        continue;
      }
      this.publishAll(publishes).then(q.resolve, q.reject);
    }
  }

  // ── diagnostics ──────────────────────────────────────────────────────────

  /** Runs a handler so that no message can break the hub. */
  private guard(subject: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.failed(subject, e);
    }
  }

  private failed(subject: string, e: unknown): void {
    const message = e instanceof Error && e.name === 'TemplateError' ? 'Template error' : 'Could not handle a message';
    this.diagnostic('warning', subject, message, e instanceof Error ? e.message : String(e));
  }

  /** Repeats of the same problem are reported at most once a minute (info: once). */
  private diagnostic(level: 'info' | 'warning' | 'error', subject: string, message: string, detail?: string): void {
    const key = `${subject}\u0000${message}`;
    const last = this.lastDiagnostic.get(key);
    const now = this.clock.now();
    if (last !== undefined && (level === 'info' || now - last < DIAGNOSTIC_REPEAT_MS)) return;
    if (this.lastDiagnostic.size > 1000) this.lastDiagnostic.clear();
    this.lastDiagnostic.set(key, now);
    this.host.diagnostic({ level, subject, message, ...(detail !== undefined ? { detail } : {}) });
  }
}

/** Replaces the entity's `device`/`origin` blocks by the device's identical ones (the first entity's become the device's). */
function shareParts(device: DeviceState, e: EntityConfig): void {
  const config = e.config as Partial<Record<SharedPart, unknown>>;
  for (const part of SHARED_PARTS) {
    const value = config[part];
    if (value === undefined) continue;
    const known = device.parts[part];
    if (known !== undefined && known !== value && sameJsonValue(known, value)) config[part] = known;
    else device.parts[part] = value;
  }
}
