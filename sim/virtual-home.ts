import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { DAY, MINUTE, SimClock, startOfDay, type Clock, type Timer } from './clock';
import type { SimDevice } from './devices/device';
import { simulatePast, type PastReading } from './past-days';
import { startLoad } from './load';
import { Random } from './random';
import { startCalendarServer, type CalendarServer } from './calendar-server';
import { radicaleInstalled, startRadicale, type Radicale } from './radicale';
import type { Booking } from './people';
import { bookingsToIcs, icsDate } from './scenarios/calendar';
import { extraRooms } from './scenarios/extra';
import { homeScenario } from './scenarios/home';
import { MEETING_ROOMS, officeScenario, staffName } from './scenarios/office';
import { bridgeWill, Z2mBridge } from './z2m/bridge';
import { World, type RoomState, type ScenarioSpec } from './world';

export type { PastReading } from './past-days';

export interface VirtualHomeOptions {
  /** Broker to publish to, e.g. mqtt://127.0.0.1:1883. */
  mqttUrl: string;
  scenario?: 'home' | 'office';
  /** Simulated seconds per real second (ignored when `clock` is given). Default 1. */
  speed?: number;
  /** Same seed, same run. Default 1. */
  seed?: number;
  /** Extra generated devices in generated rooms (`--devices N`). */
  extraDevices?: number;
  /** Inject time (tests pass a ManualClock). Default: a SimClock at `speed`. */
  clock?: Clock;
  /** Simulated start time (epoch ms) when no clock is given. Default: now. */
  start?: number;
  /** Simulated ms between physics steps. Default: 5 s, or more at high speeds (≥ 50 ms real). */
  tickMs?: number;
  /** Also write each meeting room's calendar to `<calendarDir>/<roomId>.ics` (office). */
  calendarDir?: string;
  /** Serve each meeting room's calendar as an ICS URL on 127.0.0.1 (office). */
  serveCalendars?: boolean;
  /** Also put them on a real CalDAV server — radicale on 127.0.0.1, when it is installed (office). */
  caldav?: boolean;
  /** z2m's per-device availability feature (adds `<name>/availability` topics). */
  deviceAvailability?: boolean;
  baseTopic?: string;
  /** `--rate`: this many extra state reports a second (real time), round-robin over every device. */
  rate?: number;
  /** Called after the simulator applied a command it received (for logging). */
  onCommand?: (device: SimDevice, command: Record<string, unknown>) => void;
  /**
   * Live the days before the start first (quickly, 1-minute steps) and hand over every reading, so a first start
   * has history to show; the live home continues from that state.
   */
  past?: { days: number; onReading: (reading: PastReading) => void };
}

export interface MeetingRoomCalendar {
  roomId: string;
  name: string;
  /** The bookings of yesterday to six days ahead as RFC 5545 text (days of the simulated clock). */
  ics(): string;
  /** Where the .ics file is written, when `calendarDir` was given. */
  path?: string;
  /** The ICS URL, when `serveCalendars`. */
  url?: string;
  /** The CalDAV calendar collection and its account, when `caldav` and radicale is installed. */
  caldav?: { url: string; username: string; password: string };
}

export interface VirtualHome {
  scenario: ScenarioSpec['name'];
  devices: readonly SimDevice[];
  rooms: readonly RoomState[];
  world: World;
  clock: Clock;
  calendars: MeetingRoomCalendar[];
  /** Run one physics step at the clock's current time and publish what changed. */
  step(): void;
  stop(): Promise<void>;
}

export function buildScenario(name: 'home' | 'office', seed: number, extraDevices = 0): ScenarioSpec {
  const rng = new Random(seed);
  const spec = name === 'office' ? officeScenario(rng.fork('office'), seed) : homeScenario(rng.fork('home'));
  if (extraDevices > 0) {
    const extra = extraRooms(extraDevices, rng.fork('extra'));
    spec.rooms.push(...extra.rooms);
    spec.devices.push(...extra.devices);
    spec.people.push(...extra.people);
  }
  return spec;
}

export async function startVirtualHome(options: VirtualHomeOptions): Promise<VirtualHome> {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  const clock = options.clock ?? new SimClock({ speed, start: options.start });
  const tickMs = options.tickMs ?? Math.max(5_000, (options.clock ? 1 : speed) * 50);
  const scenario = buildScenario(options.scenario ?? 'home', seed, options.extraDevices ?? 0);
  const world = new World(scenario, seed);
  const baseTopic = options.baseTopic ?? 'zigbee2mqtt';

  // Yesterday (a meeting in progress at midnight, the week's report) to six days ahead: the board's "next bookings".
  const bookingsAround = (now: number, roomId: string): Booking[] => {
    const out: Booking[] = [];
    for (let d = -1; d <= 6; d++)
      out.push(...(scenario.bookingsFor?.(startOfDay(startOfDay(now) + 12 * 3_600_000 + d * DAY)) ?? []));
    return out.filter((b) => b.roomId === roomId);
  };
  const calendars: MeetingRoomCalendar[] =
    scenario.name === 'office'
      ? MEETING_ROOMS.map((m) => ({
          roomId: m.id,
          name: m.name,
          ics: () => {
            const now = clock.now();
            return bookingsToIcs(m.name, bookingsAround(now, m.id), staffName, startOfDay(now));
          },
          path: options.calendarDir ? join(options.calendarDir, `${m.id}.ics`) : undefined,
        }))
      : [];
  const writeCalendars = async () => {
    if (!options.calendarDir) return;
    await mkdir(options.calendarDir, { recursive: true });
    await Promise.all(calendars.map((c) => writeFile(c.path!, c.ics())));
  };

  // ICS URLs and CalDAV for the hub to read; on CalDAV each booking is one object, uploaded once (the hub may
  // write back to it, and a later upload must not undo that).
  let calendarServer: CalendarServer | undefined;
  let radicale: Radicale | undefined;
  const uploaded = new Set<string>();
  const uploadCalendars = async () => {
    if (!radicale) return;
    for (const c of calendars) {
      if (!c.caldav) continue;
      for (const b of bookingsAround(clock.now(), c.roomId)) {
        if (b.unbooked) continue;
        const uid = `${b.roomId}-${icsDate(b.start)}@homeroom.invalid`;
        if (uploaded.has(uid)) continue;
        await radicale.put(
          c.caldav.url,
          { user: c.caldav.username, password: c.caldav.password },
          uid,
          bookingsToIcs(c.name, [b], staffName, startOfDay(clock.now())),
        );
        uploaded.add(uid);
      }
    }
  };
  if (calendars.length && options.serveCalendars) {
    calendarServer = await startCalendarServer(calendars, { now: () => clock.now() });
    for (const c of calendars) c.url = calendarServer.urlOf(c.roomId);
  }
  if (calendars.length && options.caldav && radicaleInstalled()) {
    const username = 'office';
    const password = randomBytes(12).toString('base64url');
    radicale = await startRadicale({ [username]: password });
    for (const c of calendars)
      c.caldav = { url: await radicale.makeCalendar(username, password, c.roomId, c.name), username, password };
    await uploadCalendars();
  }

  if (options.past) simulatePast(world, clock.now() - options.past.days * DAY, clock.now(), MINUTE, options.past.onReading);
  // Settle sensors before announcing, so the first retained states are real readings.
  world.step(clock.now());
  await writeCalendars();

  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(options.mqttUrl, {
      clientId: `zigbee2mqtt_sim_${seed}_${Math.random().toString(16).slice(2, 8)}`,
      will: bridgeWill(baseTopic),
      reconnectPeriod: 1_000,
      // While the broker is away a real bridge's reports are lost too; queueing them grew a simulator whose broker had
      // gone to gigabytes. What matters is re-announced on reconnect.
      queueQoSZero: false,
    });
  } catch (error) {
    await calendarServer?.stop();
    await radicale?.stop();
    throw error;
  }
  client.on('error', () => {}); // mqtt.js reconnects by itself; an unhandled 'error' would crash the process
  const bridge = new Z2mBridge(client, scenario.devices, {
    baseTopic,
    deviceAvailability: options.deviceAvailability,
    onCommand: options.onCommand,
  });
  await bridge.start();

  let stopped = false;
  let timer: Timer | undefined;
  let day = startOfDay(clock.now());
  const step = () => {
    const now = clock.now();
    for (const device of world.step(now)) void bridge.publishState(device);
    if (startOfDay(now) !== day) {
      day = startOfDay(now);
      void writeCalendars().catch(() => {});
      void uploadCalendars().catch(() => {});
    }
  };
  const loop = () => {
    timer = undefined;
    if (stopped) return;
    step();
    timer = clock.setTimeout(loop, tickMs);
  };
  timer = clock.setTimeout(loop, tickMs);
  const stopLoad = options.rate
    ? startLoad(scenario.devices.length, options.rate, (index) => {
        const device = scenario.devices[index]!;
        device.reportAgain();
        void bridge.publishState(device);
      })
    : undefined;

  return {
    scenario: scenario.name,
    devices: scenario.devices,
    rooms: [...world.rooms.values()],
    world,
    clock,
    calendars,
    step,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopLoad?.();
      if (timer !== undefined) clock.clearTimeout(timer);
      await bridge.stop();
      await client.endAsync();
      await calendarServer?.stop();
      await radicale?.stop();
    },
  };
}
