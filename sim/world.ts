import { dayKey, hourOfDay, startOfDay } from './clock';
import { ContactSensor } from './devices/contact';
import type { RoomEnv, SimDevice } from './devices/device';
import { HvacDevice } from './devices/hvac';
import { Light } from './devices/light';
import { People, type Booking, type PersonLocation, type PersonProfile } from './people';
import {
  DEFAULT_WEATHER,
  outsideTemperature,
  roomIlluminance,
  stepHumidity,
  stepTemperature,
  type RunningState,
  type WeatherOptions,
} from './physics';
import { hash01 } from './random';

export interface RoomSpec {
  id: string;
  name: string;
  kind: 'home' | 'office' | 'meeting';
  tauHours: number;
  heatRateCPerHour: number;
  coolRateCPerHour: number;
  /** Fraction of outdoor daylight reaching the room (0.01–0.03 for ordinary windows). */
  windowFactor: number;
  initialTempC: number;
  /** A bathroom: humidity jumps while someone is in it. */
  wet?: boolean;
}

export interface RoomState {
  readonly spec: RoomSpec;
  tempC: number;
  humidity: number;
  lux: number;
  occupants: string[];
  moving: boolean;
  hvac: RunningState;
  windowOpen: boolean;
}

export interface ScenarioSpec {
  name: 'home' | 'office';
  rooms: RoomSpec[];
  devices: SimDevice[];
  people: PersonProfile[];
  weather?: WeatherOptions;
  /** Meeting rooms with calendars (office). */
  bookingsFor?: (dayStart: number) => Booking[];
  /** Scripted people (scenario tests): where everyone is at `t`, instead of the seeded day plans. */
  script?: (t: number) => PersonLocation[];
}

const ENTRANCE_OPEN_MS = 30_000;

/**
 * The state of the virtual building and how it moves forward: people, then
 * doors and windows, then room physics, then each device reacting to its room.
 */
export class World {
  readonly rooms = new Map<string, RoomState>();
  readonly people: People;
  readonly weather: WeatherOptions;
  locations: PersonLocation[] = [];
  outsideC = 0;
  private last: number | undefined;
  private entranceOpenUntil = -Infinity;
  private readonly byRoom = new Map<string, SimDevice[]>();

  constructor(
    readonly scenario: ScenarioSpec,
    readonly seed: number,
  ) {
    this.weather = scenario.weather ?? DEFAULT_WEATHER;
    for (const spec of scenario.rooms) {
      this.rooms.set(spec.id, {
        spec,
        tempC: spec.initialTempC,
        humidity: 45,
        lux: 0,
        occupants: [],
        moving: false,
        hvac: 'idle',
        windowOpen: false,
      });
    }
    this.people = new People(scenario.people, seed, scenario.bookingsFor);
    for (const d of scenario.devices) {
      const list = this.byRoom.get(d.roomId) ?? [];
      list.push(d);
      this.byRoom.set(d.roomId, list);
    }
  }

  get devices(): SimDevice[] {
    return this.scenario.devices;
  }

  /** Advance to `now`; returns the devices that would send a report. */
  step(now: number): SimDevice[] {
    const dtMs = this.last === undefined ? 0 : Math.max(0, now - this.last);
    this.last = now;
    const hour = hourOfDay(now);
    this.outsideC = outsideTemperature(hour, this.weather);

    this.movePeople(now);
    this.operateOpenings(now, hour);

    const day = dayKey(now);
    const pressureHpa = 1000 + 25 * hash01(this.seed, 'pressure', day) + 1.5 * Math.sin((2 * Math.PI * hour) / 12);
    const baseHumidity = 38 + 15 * hash01(this.seed, 'humidity', day);
    const dtHours = dtMs / 3_600_000;

    for (const room of this.rooms.values()) {
      const roomDevices = this.byRoom.get(room.spec.id) ?? [];
      room.hvac = runningState(roomDevices);
      const thermal = room.windowOpen ? { ...room.spec, tauHours: room.spec.tauHours / 4 } : room.spec;
      // Each person gives off ~100 W: a small but visible warming of an occupied room.
      const bodyHeat = 0.05 * room.occupants.length;
      room.tempC = stepTemperature(room.tempC, this.outsideC, dtHours, thermal, room.hvac, bodyHeat);
      const targetHumidity = room.spec.wet && room.occupants.length > 0 ? 85 : baseHumidity + (room.tempC < 18 ? 5 : 0);
      room.humidity = dtHours > 0 ? stepHumidity(room.humidity, targetHumidity, dtHours) : room.humidity;
      const lightsLux = roomDevices.reduce((sum, d) => sum + (d instanceof Light ? d.lux() : 0), 0);
      room.lux = roomIlluminance(hour, room.spec.windowFactor, lightsLux, this.weather);

      const env: RoomEnv = {
        now,
        hour,
        tempC: room.tempC,
        humidity: room.humidity,
        pressureHpa,
        lux: room.lux,
        occupied: room.occupants.length > 0,
        moving: room.moving,
      };
      for (const d of roomDevices) d.tick(env, dtMs);
    }
    return this.devices.filter((d) => d.takeChanged());
  }

  private movePeople(now: number): void {
    const previous = new Map(this.locations.map((l) => [l.personId, l.roomId]));
    this.locations = this.scenario.script?.(now) ?? this.people.locate(now);
    for (const room of this.rooms.values()) {
      room.occupants = [];
      room.moving = false;
    }
    for (const loc of this.locations) {
      const before = previous.get(loc.personId);
      // Leaving or coming home means using the entrance.
      if (before !== undefined && (before === null) !== (loc.roomId === null)) this.entranceOpenUntil = now + ENTRANCE_OPEN_MS;
      if (loc.roomId === null) continue;
      const room = this.rooms.get(loc.roomId);
      if (!room) continue;
      room.occupants.push(loc.personId);
      room.moving ||= loc.moving;
    }
  }

  private operateOpenings(now: number, hour: number): void {
    const airing = hour >= 7.75 && hour < 8 && hash01(this.seed, 'airing', dayKey(now)) < 0.5;
    for (const room of this.rooms.values()) room.windowOpen = false;
    for (const d of this.devices) {
      if (!(d instanceof ContactSensor)) continue;
      d.open = d.role === 'entrance' ? now < this.entranceOpenUntil : airing;
      if (d.role === 'window' && d.open) {
        const room = this.rooms.get(d.roomId);
        if (room) room.windowOpen = true;
      }
    }
  }

  /** Today's bookings (office scenario), for calendars. */
  bookings(now: number): Booking[] {
    return this.scenario.bookingsFor?.(startOfDay(now)) ?? [];
  }
}

/** A room heats if any of its climate devices is heating (cooling likewise). */
function runningState(devices: SimDevice[]): RunningState {
  let state: RunningState = 'idle';
  for (const d of devices) {
    if (!(d instanceof HvacDevice)) continue;
    if (d.runningState === 'heat') return 'heat';
    if (d.runningState === 'cool') state = 'cool';
  }
  return state;
}
