import type { MqttStatus } from '../model';

export interface MqttMessage {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

/**
 * The hub's one MQTT client (implemented over mqtt.js in connection.ts).
 * - reconnects with exponential backoff and jitter, stops retrying on authentication failure;
 * - re-subscribes every active subscription after a reconnect;
 * - never queues publishes while disconnected: publish() rejects at once with
 *   CommandError('unavailable'), so callers decide (the mqtt-ha integration keeps its own
 *   short-TTL command queue);
 * - sets TCP_NODELAY on its socket; always has an 'error' listener.
 */
export interface MqttConnection {
  readonly status: MqttStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Subscribe to a topic filter; the returned function unsubscribes. Survives reconnects. */
  subscribe(filter: string, handler: (message: MqttMessage) => void): () => void;
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void>;
  /** Status changes (connected, reconnecting, auth_failed…). Returns an unsubscribe function. */
  onStatus(listener: (status: MqttStatus) => void): () => void;
  /** Called after every successful (re)connect, after subscriptions are restored. */
  onConnect(listener: (info: { reconnect: boolean }) => void): () => void;
}
