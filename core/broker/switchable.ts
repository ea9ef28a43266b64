/**
 * The hub's MQTT connection as one object whose broker can change while it runs (the broker URL in
 * the settings). Integrations hold this object; a switch stops the old client, subscribes every
 * active filter on the new one and reports the new status. A URL the client cannot use shows as
 * an `offline` status with the reason, like any other broker problem.
 */
import type { MqttStatus } from '../model';
import type { Clock } from '../util/clock';
import { withoutPassword } from '../util/url';
import { CommandError } from '../integrations/integration';
import type { MqttConnection, MqttMessage, PublishOptions } from './types';

type Subscription = { filter: string; handler: (message: MqttMessage) => void; off: () => void };

export class SwitchableMqttConnection implements MqttConnection {
  private inner: MqttConnection;
  private detach: () => void = () => {};
  private running = false;
  /** After a switch, the new broker's first connect counts as a reconnect (integrations re-sync their devices). */
  private switched = false;
  private readonly subscriptions = new Set<Subscription>();
  private readonly statusListeners = new Set<(status: MqttStatus) => void>();
  private readonly connectListeners = new Set<(info: { reconnect: boolean }) => void>();
  private switching: Promise<void> = Promise.resolve();

  constructor(
    url: string,
    create: () => MqttConnection,
    private readonly clock: Clock,
  ) {
    this.inner = this.attach(url, create);
  }

  get status(): MqttStatus {
    return this.inner.status;
  }

  async start(): Promise<void> {
    this.running = true;
    await this.inner.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.switching;
    await this.inner.stop();
  }

  /** Moves to the broker at `url` (`create` connects to it); resolves once the first attempt there has settled. */
  switchTo(url: string, create: () => MqttConnection): Promise<void> {
    const step = this.switching.then(async () => {
      const old = this.inner;
      this.detach();
      await old.stop();
      this.switched = true;
      this.inner = this.attach(url, create);
      for (const sub of this.subscriptions) sub.off = this.inner.subscribe(sub.filter, sub.handler);
      this.emitStatus(this.inner.status);
      if (this.running) await this.inner.start();
    });
    this.switching = step.catch(() => {});
    return step;
  }

  subscribe(filter: string, handler: (message: MqttMessage) => void): () => void {
    const sub: Subscription = { filter, handler, off: this.inner.subscribe(filter, handler) };
    this.subscriptions.add(sub);
    return () => {
      if (this.subscriptions.delete(sub)) sub.off();
    };
  }

  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void> {
    return this.inner.publish(topic, payload, options);
  }

  onStatus(listener: (status: MqttStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onConnect(listener: (info: { reconnect: boolean }) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  private attach(url: string, create: () => MqttConnection): MqttConnection {
    let inner: MqttConnection;
    try {
      inner = create();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      inner = new UnusableConnection(withoutPassword(url), reason, this.clock.now());
    }
    const offs = [
      inner.onStatus((status) => this.emitStatus(status)),
      inner.onConnect(({ reconnect }) => {
        const info = { reconnect: reconnect || this.switched };
        for (const listener of [...this.connectListeners]) listener(info);
      }),
    ];
    this.detach = () => offs.forEach((off) => off());
    return inner;
  }

  private emitStatus(status: MqttStatus): void {
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

/** A broker URL the MQTT client refused (an unsupported scheme): offline, with the reason, until the next switch. */
class UnusableConnection implements MqttConnection {
  readonly status: MqttStatus;
  constructor(url: string, reason: string, since: number) {
    this.status = { url, embedded: false, state: 'offline', error: reason, since };
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  subscribe(): () => void {
    return () => {};
  }
  publish(): Promise<void> {
    return Promise.reject(new CommandError('unavailable', `The MQTT broker is not usable: ${this.status.error}`));
  }
  onStatus(): () => void {
    return () => {};
  }
  onConnect(): () => void {
    return () => {};
  }
}
