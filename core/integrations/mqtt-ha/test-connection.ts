/**
 * Test-only MqttConnection over mqtt.js (the hub's real one lives in core/broker/connection.ts;
 * this keeps the integration tests independent of it). Rejects publishes while disconnected,
 * as the interface requires, and reports reconnects.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttStatus } from '../../model';
import type { MqttConnection, MqttMessage, PublishOptions } from '../../broker/types';
import { CommandError } from '../integration';

export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

export class TestMqttConnection implements MqttConnection {
  status: MqttStatus;
  client: MqttClient | undefined;
  private readonly handlers = new Map<string, Set<(m: MqttMessage) => void>>();
  private readonly statusListeners = new Set<(s: MqttStatus) => void>();
  private readonly connectListeners = new Set<(info: { reconnect: boolean }) => void>();
  private connectedBefore = false;

  constructor(private readonly url: string) {
    this.status = { url, embedded: true, state: 'connecting', since: Date.now() };
  }

  start(): Promise<void> {
    const client = mqtt.connect(this.url, {
      reconnectPeriod: 50,
      resubscribe: true,
      clientId: `homeroom-test-${Math.random().toString(16).slice(2)}`,
    });
    this.client = client;
    client.on('error', () => {});
    client.on('close', () => this.setState(this.status.state === 'offline' ? 'offline' : 'reconnecting'));
    client.on('message', (topic, payload, packet) => {
      for (const [filter, set] of this.handlers)
        if (topicMatches(filter, topic)) for (const h of [...set]) h({ topic, payload, retain: packet.retain });
    });
    return new Promise((resolve) => {
      client.on('connect', () => {
        const reconnect = this.connectedBefore;
        this.connectedBefore = true;
        this.setState('connected');
        for (const l of [...this.connectListeners]) l({ reconnect });
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    this.setState('offline');
    await this.client?.endAsync(true);
  }

  subscribe(filter: string, handler: (message: MqttMessage) => void): () => void {
    let set = this.handlers.get(filter);
    if (!set) {
      set = new Set();
      this.handlers.set(filter, set);
      this.client?.subscribe(filter, { qos: 1 });
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(filter) === set) {
        this.handlers.delete(filter);
        if (this.client?.connected) this.client.unsubscribe(filter);
      }
    };
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions = {}): Promise<void> {
    if (this.status.state !== 'connected' || !this.client) throw new CommandError('unavailable', 'MQTT broker disconnected');
    await this.client.publishAsync(topic, payload, { qos: options.qos ?? 0, retain: options.retain ?? false });
  }

  onStatus(listener: (status: MqttStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onConnect(listener: (info: { reconnect: boolean }) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  private setState(state: MqttStatus['state']): void {
    if (this.status.state === state) return;
    this.status = { ...this.status, state, since: Date.now() };
    for (const l of [...this.statusListeners]) l(this.status);
  }
}
