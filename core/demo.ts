import type { DemoStatus, HistoryCapability, HistoryPoint } from './model';
import type { Logger } from './util/logger';
import { startVirtualHome, type PastReading, type VirtualHome } from '../sim/virtual-home';

export type DemoScenario = 'home' | 'office';

/** One device's series over the days before the demo started (registry id, the device's name). */
export interface DemoPastSeries {
  deviceId: string;
  name: string;
  capability: HistoryCapability;
  points: HistoryPoint[];
}

/** How many days the demo lives through before it starts, so its charts and logbook have something to show. */
export const DEMO_PAST_DAYS = 3;

/** A meeting room's calendar in the virtual office: CalDAV on radicale when it is installed, else an ICS URL. */
export type DemoCalendar =
  { source: 'caldav'; url: string; username: string; password: string } | { source: 'ics-url'; url: string };

/** The virtual home's rooms, the registry ids of the devices in each, and a meeting room's calendar. */
export type DemoLayout = {
  room: string;
  kind: 'home' | 'office' | 'meeting';
  deviceIds: string[];
  calendar?: DemoCalendar;
}[];

/**
 * The virtual home inside the hub, for newcomers without hardware. It runs only on the
 * hub's embedded broker (bound to 127.0.0.1), so demo devices never reach a real network.
 */
export class Demo {
  private home: VirtualHome | undefined;
  private scenario: DemoScenario | undefined;
  private starting: Promise<DemoStatus> | undefined;

  constructor(
    private readonly options: {
      /** The embedded broker's URL while the hub is connected to it; undefined on the user's own broker. */
      brokerUrl: () => string | undefined;
      speed: number;
      seed: number;
      logger: Logger;
      /** Puts the demo's devices into rooms, as a person setting up a new home would. */
      arrange?: (layout: DemoLayout) => void;
      /** Receives the days before the start (after `arrange`); writes what the store does not have yet. */
      past?: (series: DemoPastSeries[], before: number) => void;
    },
  ) {}

  status(): DemoStatus {
    if (!this.options.brokerUrl())
      return {
        running: false,
        available: false,
        reason: 'The hub uses your own MQTT broker; a virtual home would publish its devices there.',
      };
    return { running: this.home !== undefined, available: true, scenario: this.scenario };
  }

  start(scenario: DemoScenario): Promise<DemoStatus> {
    const brokerUrl = this.options.brokerUrl();
    if (this.home || !brokerUrl) return Promise.resolve(this.status());
    this.starting ??= (async () => {
      try {
        const past = new Map<string, DemoPastSeries>();
        const collect = ({ device, at, values }: PastReading) => {
          const deviceId = registryId(device.ieee);
          for (const [capability, value] of Object.entries(values) as [HistoryCapability, number][]) {
            const key = `${deviceId}\u0000${capability}`;
            let series = past.get(key);
            if (!series) past.set(key, (series = { deviceId, name: device.name, capability, points: [] }));
            if (series.points.at(-1)?.value !== value) series.points.push({ at, value });
          }
        };
        const startedAt = Date.now();
        this.home = await startVirtualHome({
          mqttUrl: brokerUrl,
          scenario,
          // The office runs in real time: its calendars, its people and the hub's meeting lifecycle share one clock.
          speed: scenario === 'office' ? 1 : this.options.speed,
          serveCalendars: scenario === 'office',
          caldav: scenario === 'office',
          seed: this.options.seed,
          start: startedAt,
          ...(this.options.past ? { past: { days: DEMO_PAST_DAYS, onReading: collect } } : {}),
        });
        this.scenario = scenario;
        this.options.logger.info(`virtual ${scenario} started with ${this.home.devices.length} devices`);
        this.options.arrange?.(layoutOf(this.home));
        if (past.size) this.options.past?.([...past.values()], startedAt);
        return this.status();
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    const home = this.home;
    this.home = undefined;
    await home?.stop();
  }
}

/** zigbee2mqtt devices appear in the registry as `mqtt:zigbee2mqtt_<ieee>` (their discovery identifier). */
function layoutOf(home: VirtualHome): DemoLayout {
  return home.rooms.map((room) => {
    const calendar = home.calendars.find((c) => c.roomId === room.spec.id);
    const demoCalendar: DemoCalendar | undefined = calendar?.caldav
      ? { source: 'caldav', ...calendar.caldav }
      : calendar?.url
        ? { source: 'ics-url', url: calendar.url }
        : undefined;
    return {
      room: room.spec.name,
      kind: room.spec.kind,
      deviceIds: home.devices.filter((d) => d.roomId === room.spec.id).map((d) => registryId(d.ieee)),
      ...(demoCalendar ? { calendar: demoCalendar } : {}),
    };
  });
}

function registryId(ieee: string): string {
  return `mqtt:zigbee2mqtt_${ieee}`;
}
