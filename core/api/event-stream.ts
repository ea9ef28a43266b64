import type { SafeEmitter } from '../util/events';
import type { Registry } from '../registry/registry';
import type { DiscoveryEvents } from '../discovery/discovery';
import type { RoomEvents } from '../automations/rooms/runner';
import type { AutomationEvents } from '../automations/rules/runner';
import type { MeetingEvents } from '../automations/meetings/runner';
import type { CalendarEvents } from '../calendars/room-calendars';
import type { StoreEvents } from '../store/events';
import type { Clock, Timer } from '../util/clock';
import { ChangeBatcher } from './change-batcher';
import type { MqttStatus } from '../model';
import type { EventName } from './contract';

const FLUSH_INTERVAL_MS = 16;

export interface EventStreamSource {
  registry: Registry;
  /** Rooms and logbook events (core/store). */
  storeEvents?: SafeEmitter<StoreEvents>;
  clock: Clock;
  onMqttStatus?: (listener: (status: MqttStatus) => void) => () => void;
  /** The discovery inbox (core/discovery). */
  discoveryEvents?: SafeEmitter<DiscoveryEvents>;
  /** Occupancy and explanations (core/automations/rooms). */
  roomEvents?: SafeEmitter<RoomEvents>;
  /** People's automations: runs, changes, notifications (core/automations/rules). */
  automationEvents?: SafeEmitter<AutomationEvents>;
  /** Meeting rooms: board states and released meetings (core/automations/meetings). */
  meetingEvents?: SafeEmitter<MeetingEvents>;
  /** Room calendars: bookings and sync status (core/calendars). */
  calendarEvents?: SafeEmitter<CalendarEvents>;
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
      case 'roomsChanged':
        return void add(this.source.storeEvents?.on('roomsChanged', owner, (payload) => this.send('roomsChanged', payload)));
      case 'logbookEntry':
        return void add(this.source.storeEvents?.on('logbookEntry', owner, (payload) => this.send('logbookEntry', payload)));
      case 'discoveryChanged':
        return void add(
          this.source.discoveryEvents?.on('discoveryChanged', owner, (payload) => this.send('discoveryChanged', payload)),
        );
      case 'settingsChanged':
        return void add(
          this.source.storeEvents?.on('settingsChanged', owner, (payload) => this.send('settingsChanged', payload)),
        );
      case 'roomStatus':
        return void add(this.source.roomEvents?.on('roomStatus', owner, (payload) => this.send('roomStatus', payload)));
      case 'decision':
        return void add(this.source.roomEvents?.on('decision', owner, (payload) => this.send('decision', payload)));
      case 'automationRun':
      case 'automationsChanged':
      case 'scenesChanged':
      case 'automationNotification':
        return void add(this.source.automationEvents?.on(name, owner, (payload) => this.send(name, payload)));
      case 'meetingState':
      case 'meetingReleased':
        return void add(this.source.meetingEvents?.on(name, owner, (payload) => this.send(name, payload)));
      case 'bookingsChanged':
      case 'calendarStatus':
        return void add(this.source.calendarEvents?.on(name, owner, (payload) => this.send(name, payload)));
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
