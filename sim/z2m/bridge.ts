import type { IClientPublishOptions, MqttClient } from 'mqtt';
import type { SimDevice } from '../devices/device';
import { DEFAULT_DISCOVERY_OPTIONS, discoveryMessages, type DiscoveryOptions } from './discovery';
import { stableStringify } from './json';

/** The LWT a real zigbee2mqtt registers when it connects (fixture bridge-state-offline-lwt.txt). */
export function bridgeWill(baseTopic = 'zigbee2mqtt') {
  return { topic: `${baseTopic}/bridge/state`, payload: Buffer.from('{"state":"offline"}'), retain: true, qos: 1 as const };
}

export interface BridgeOptions extends Partial<DiscoveryOptions> {
  /** Called after a command was applied (for logging). */
  onCommand?: (device: SimDevice, command: Record<string, unknown>) => void;
}

const RETAINED_QOS1: IClientPublishOptions = { retain: true, qos: 1 };
const STATE: IClientPublishOptions = { retain: true, qos: 0 };

/**
 * Speaks zigbee2mqtt's MQTT dialect for a set of simulated devices: bridge state with
 * LWT, retained HA discovery configs, retained JSON state, `/set`, `/set/<attr>`, `/get`,
 * and re-announcing on Home Assistant's birth message.
 */
export class Z2mBridge {
  private readonly options: DiscoveryOptions;
  private readonly byName = new Map<string, SimDevice>();
  private readonly onMessage = (topic: string, payload: Buffer) => this.handle(topic, payload.toString('utf8'));
  /**
   * After a reconnect the broker may have restarted without persistence and lost every retained config and state
   * (mosquitto's default): announce again instead of waiting for a Home Assistant birth message we may have missed.
   */
  private readonly onReconnect = () => void this.announce();
  private started = false;

  constructor(
    private readonly client: MqttClient,
    devices: readonly SimDevice[],
    private readonly bridgeOptions: BridgeOptions = {},
  ) {
    const { onCommand: _ignored, ...discovery } = bridgeOptions;
    this.options = { ...DEFAULT_DISCOVERY_OPTIONS, ...discovery };
    for (const d of devices) this.byName.set(d.name, d);
  }

  get devices(): SimDevice[] {
    return [...this.byName.values()];
  }

  async start(): Promise<void> {
    const base = this.options.baseTopic;
    this.client.on('message', this.onMessage);
    this.started = true;
    // Registered after the first connect (the client is connected already), so it fires on reconnects only.
    this.client.on('connect', this.onReconnect);
    await this.client.subscribeAsync(
      [`${base}/+/set`, `${base}/+/set/+`, `${base}/+/get`, `${base}/+/get/+`, `${this.options.discoveryPrefix}/status`],
      { qos: 1 },
    );
    await this.announce();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.client.off('message', this.onMessage);
    this.client.off('connect', this.onReconnect);
    // A clean shutdown says offline itself; the LWT covers crashes.
    if (this.client.connected) await this.publish(`${this.options.baseTopic}/bridge/state`, '{"state":"offline"}', RETAINED_QOS1);
  }

  /** Bridge state, every discovery config, then every state — what z2m sends at startup and on HA birth. */
  async announce(): Promise<void> {
    const jobs: Promise<void>[] = [this.publish(`${this.options.baseTopic}/bridge/state`, '{"state":"online"}', RETAINED_QOS1)];
    for (const device of this.byName.values()) {
      for (const m of discoveryMessages(device, this.options))
        jobs.push(this.publish(m.topic, stableStringify(m.payload), RETAINED_QOS1));
      if (this.options.deviceAvailability) jobs.push(this.setAvailable(device, true));
    }
    for (const device of this.byName.values()) jobs.push(this.publishState(device));
    await Promise.all(jobs);
  }

  publishState(device: SimDevice): Promise<void> {
    return this.publish(`${this.options.baseTopic}/${device.name}`, stableStringify(device.state()), STATE);
  }

  /** Per-device availability (only meaningful with `deviceAvailability`). */
  setAvailable(device: SimDevice, online: boolean): Promise<void> {
    return this.publish(
      `${this.options.baseTopic}/${device.name}/availability`,
      online ? '{"state":"online"}' : '{"state":"offline"}',
      RETAINED_QOS1,
    );
  }

  private async publish(topic: string, payload: string, options: IClientPublishOptions): Promise<void> {
    try {
      await this.client.publishAsync(topic, payload, options);
    } catch {
      // Disconnected: mqtt.js reconnects; the next change or HA birth republishes.
    }
  }

  private handle(topic: string, payload: string): void {
    if (topic === `${this.options.discoveryPrefix}/status`) {
      if (payload.trim() === 'online') void this.announce();
      return;
    }
    const prefix = `${this.options.baseTopic}/`;
    if (!topic.startsWith(prefix)) return;
    const m = /^(.+)\/(set|get)(?:\/([^/]+))?$/.exec(topic.slice(prefix.length));
    if (!m) return;
    const device = this.byName.get(m[1]!);
    if (!device) return; // z2m logs "Entity '<name>' is unknown"; nothing to do for us.
    if (m[2] === 'get') {
      void this.publishState(device);
      return;
    }
    const command = parseCommand(payload, m[3]);
    if (!command) return;
    if (device.set(command)) {
      device.takeChanged();
      this.bridgeOptions.onCommand?.(device, command);
      void this.publishState(device);
    }
  }
}

/**
 * `/set` carries a JSON object, or a bare value meaning `state` ("ON");
 * `/set/<attribute>` carries the raw value ("21", "#64C80A", or JSON for objects).
 */
export function parseCommand(payload: string, attribute?: string): Record<string, unknown> | undefined {
  const text = payload.trim();
  let value: unknown = text;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (attribute) return { [attribute]: value };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return text === '' ? undefined : { state: text };
}
