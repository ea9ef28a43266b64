import type { Registry } from '../registry/registry';
import type { Clock, Timer } from '../util/clock';
import { ChangeBatcher } from './change-batcher';
import type { EventName, MqttStatus } from './contract';

const FLUSH_INTERVAL_MS = 16;

export interface EventStreamSource {
  registry: Registry;
  clock: Clock;
  onMqttStatus?: (listener: (status: MqttStatus) => void) => () => void;
}

/**
 * Feeds HubApi events to one client (a WebSocket session or an Electron window).
 * Device changes are coalesced per device and flushed at most every 16 ms; a client
 * that reports itself busy keeps coalescing until it can take more.
 */
export class EventStream {
  private readonly subscribed = new Set<EventName>();
  private readonly batcher = new ChangeBatcher();
  private readonly disposers: (() => void)[] = [];
  private flushTimer: Timer | undefined;

  constructor(
    private readonly source: EventStreamSource,
    private readonly send: (name: EventName, payload: unknown) => void,
    private readonly busy: () => boolean = () => false,
  ) {}

  subscribe(name: EventName): void {
    if (this.subscribed.has(name)) return;
    this.subscribed.add(name);
    const { events } = this.source.registry;
    const owner = 'event-stream';
    const add = (dispose: (() => void) | undefined) => dispose && this.disposers.push(dispose);
    switch (name) {
      case 'devicesChanged':
        return void add(
          events.on('deviceChanged', owner, (device) => {
            this.batcher.add(device);
            this.scheduleFlush();
          }),
        );
      case 'deviceRemoved':
        return void add(
          events.on('deviceRemoved', owner, (payload) => {
            this.batcher.remove(payload.id);
            this.send('deviceRemoved', payload);
          }),
        );
      case 'commandUpdate':
        return void add(events.on('commandUpdate', owner, (payload) => this.send('commandUpdate', payload)));
      case 'diagnostic':
        return void add(events.on('diagnostic', owner, (payload) => this.send('diagnostic', payload)));
      case 'mqttStatus':
        return void add(this.source.onMqttStatus?.((status) => this.send('mqttStatus', status)));
    }
  }

  dispose(): void {
    if (this.flushTimer !== undefined) this.source.clock.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.source.clock.setTimeout(() => {
      this.flushTimer = undefined;
      if (this.busy()) return this.scheduleFlush();
      if (this.batcher.size > 0) this.send('devicesChanged', { devices: this.batcher.take() });
    }, FLUSH_INTERVAL_MS);
  }
}
