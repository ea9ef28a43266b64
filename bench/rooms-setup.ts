/**
 * What the scoreboard's three runs share: the room settings a user of the virtual home would give
 * Homeroom, the comfort setpoints everyone is measured against, and the occupants' own hands on
 * light switches (careless: on when entering a dark room, often left on; some switch off on leaving
 * even though someone is still there).
 */
import type { RoomBehaviourInput, SchedulePeriod } from '../core/model';
import { hash01 } from '../sim/random';
import { daylightFactor, DEFAULT_WEATHER } from '../sim/physics';
import type { RoomState } from '../sim/world';

/** Comfort per heated room (°C): what the scenario's own thermostats are set to. */
export const COMFORT: Record<string, number> = { living_room: 21, bedroom: 18, bathroom: 21, office: 20 };
export const LUX_THRESHOLD = 60;

/**
 * How far below comfort each room may fall while nobody is there or expected: deep setbacks, since
 * these rooms stand empty 14–17 hours a day (the bathroom's weak radiator recovers too slowly for more).
 */
const ECONOMY_DELTA: Record<string, number> = { living_room: 9, office: 9, bedroom: 7, bathroom: 6 };

/** Rooms whose thermostat drives a heat pump that can also cool: heat or cool as needed. */
const HEAT_AND_COOL = new Set(['living_room']);

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const period = (days: number[], from: string, to: string): SchedulePeriod => ({ days, from, to });

/** When people are usually in each heated room (what the user enters in the room settings). */
const SCHEDULES: Record<string, SchedulePeriod[]> = {
  living_room: [period(WEEKDAYS, '17:30', '23:45'), period(WEEKEND, '09:00', '23:45')],
  bedroom: [period(EVERY_DAY, '22:30', '07:45'), period(WEEKEND, '07:45', '09:30')],
  bathroom: [period(WEEKDAYS, '06:45', '08:15'), period(WEEKEND, '08:15', '09:45'), period(EVERY_DAY, '22:15', '00:15')],
  office: [period(WEEKDAYS, '08:30', '17:45')],
};

export function homeroomBehaviours(roomIds: readonly string[]): RoomBehaviourInput[] {
  return roomIds.map((roomId) => {
    const comfort = COMFORT[roomId];
    const passing = roomId === 'hallway';
    return {
      roomId,
      occupancy: { vacancyTimeoutS: passing ? 120 : 420, leavingGraceS: 30 },
      lighting: { luxThreshold: LUX_THRESHOLD },
      climate:
        comfort === undefined
          ? { enabled: false }
          : {
              mode: HEAT_AND_COOL.has(roomId) ? ('auto' as const) : ('heat' as const),
              comfortHeatC: comfort,
              economyHeatC: comfort - (ECONOMY_DELTA[roomId] ?? 5),
              schedule: SCHEDULES[roomId] ?? [],
              vacantDelayMin: 5,
              noShowMin: 60,
              fallbackRateCPerHour: 1.2,
            },
    };
  });
}

/** Daylight alone (no lamps) in a room, as a person judges whether it is dark. */
export function ambientLux(room: RoomState, hour: number): number {
  return daylightFactor(hour, DEFAULT_WEATHER) * DEFAULT_WEATHER.peakLux * room.spec.windowFactor;
}

export interface HandAction {
  roomId: string;
  power: boolean;
  /** Switched off by someone leaving while another person stays (a false off). */
  falseOff: boolean;
}

/**
 * People's own switching for one step, from where they were to where they are now.
 * `automaticLights`: Homeroom switches lights on, so people only switch off to sleep.
 */
export function handActions(
  before: Map<string, { roomId: string | null; activity: string }>,
  now: Map<string, { roomId: string | null; activity: string }>,
  rooms: Map<string, RoomState>,
  lightsOn: (roomId: string) => boolean,
  hour: number,
  seed: number,
  t: number,
  automaticLights: boolean,
): HandAction[] {
  const out: HandAction[] = [];
  for (const [person, loc] of now) {
    const prev = before.get(person);
    if (!prev || prev.roomId === loc.roomId) {
      // Going to sleep: the light goes off by hand (others in the room are going to sleep too).
      if (loc.roomId && prev?.activity !== 'sleep' && loc.activity === 'sleep' && lightsOn(loc.roomId))
        out.push({ roomId: loc.roomId, power: false, falseOff: false });
      continue;
    }
    if (prev.roomId && !automaticLights && lightsOn(prev.roomId) && hash01(seed, person, 'off', t) < 0.5) {
      const stays = [...now.values()].some((o) => o.roomId === prev.roomId);
      out.push({ roomId: prev.roomId, power: false, falseOff: stays });
    }
    const room = loc.roomId ? rooms.get(loc.roomId) : undefined;
    if (room && !automaticLights && loc.activity !== 'sleep' && !lightsOn(room.spec.id) && ambientLux(room, hour) < LUX_THRESHOLD)
      out.push({ roomId: room.spec.id, power: true, falseOff: false });
  }
  return out;
}
