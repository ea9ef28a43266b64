import { describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE } from './clock';
import { MotionSensor } from './devices/motion';
import { PresenceSensor } from './devices/presence';
import { WallThermostat } from './devices/thermostat';
import { buildScenario } from './virtual-home';
import { World } from './world';

// A winter Thursday, local time, from 00:00.
const START = new Date(2026, 0, 15, 0, 0, 0).getTime();
const STEP = 10_000;

/** Run a world through simulated time with a ManualClock, calling `each` after every step. */
function simulate(world: World, clock: ManualClock, hours: number, each: (now: number) => void = () => {}) {
  const tick = () => {
    world.step(clock.now());
    each(clock.now());
    clock.setTimeout(tick, STEP);
  };
  tick();
  clock.advance(hours * HOUR);
}

function home(seed = 1) {
  const world = new World(buildScenario('home', seed), seed);
  const thermostat = world.devices.find((d): d is WallThermostat => d instanceof WallThermostat && d.roomId === 'living_room')!;
  return { world, thermostat, living: world.rooms.get('living_room')! };
}

describe('a simulated day', () => {
  it('with heating off the living room cools toward the outside temperature', () => {
    const { world, thermostat, living } = home();
    thermostat.set({ system_mode: 'off' });
    const clock = new ManualClock(START);
    const start = living.tempC;
    let minOutside = Infinity;
    simulate(world, clock, 24, () => (minOutside = Math.min(minOutside, world.outsideC)));
    expect(living.tempC).toBeLessThan(start - 5);
    expect(living.tempC).toBeGreaterThan(minOutside);
    expect(thermostat.runningState).toBe('idle');
  });

  it('with the thermostat at 21 °C the living room reaches ~21 °C and holds it (±0.5)', () => {
    const { world, thermostat, living } = home();
    thermostat.set({ system_mode: 'heat', occupied_heating_setpoint: 21 });
    const clock = new ManualClock(START);
    const after6h: number[] = [];
    let heated = false;
    simulate(world, clock, 24, (now) => {
      if (now - START >= 6 * HOUR) after6h.push(living.tempC);
      heated ||= living.hvac === 'heat';
    });
    expect(heated).toBe(true);
    expect(Math.min(...after6h)).toBeGreaterThan(20.5);
    expect(Math.max(...after6h)).toBeLessThan(21.5);
    // The thermostat reports what the room does.
    expect(Math.abs((thermostat.state().local_temperature as number) - 21)).toBeLessThan(0.6);
  });

  it('motion sensors trip when the schedule puts a moving person in the room; presence covers still people', () => {
    const { world } = home();
    const clock = new ManualClock(START);
    const motion = world.devices.filter((d): d is MotionSensor => d instanceof MotionSensor);
    const presence = world.devices.find((d): d is PresenceSensor => d instanceof PresenceSensor && d.roomId === 'living_room')!;
    let checked = 0;
    let missed = 0;
    let falseVacancy = 0;
    const tripped = new Set<string>();
    const movedIn = new Set<string>();
    simulate(world, clock, 24, () => {
      for (const m of motion) {
        const room = world.rooms.get(m.roomId)!;
        if (room.moving) {
          movedIn.add(m.roomId);
          checked++;
          if (!m.occupancy) missed++;
        }
        if (m.occupancy) tripped.add(m.roomId);
        if (!room.moving && room.occupants.length === 0 && m.occupancy) {
          // A PIR may stay on up to its timeout after people left, never longer.
          expect(m.occupancyTimeoutS).toBeGreaterThan(0);
        }
      }
      const living = world.rooms.get('living_room')!;
      expect(presence.presence).toBe(living.occupants.length > 0);
      const lrMotion = motion.find((m) => m.roomId === 'living_room')!;
      if (living.occupants.length > 0 && !lrMotion.occupancy) falseVacancy++;
    });
    expect(checked).toBeGreaterThan(100);
    expect(missed).toBe(0);
    expect([...tripped].sort()).toEqual([...movedIn].sort());
    expect(movedIn.size).toBeGreaterThanOrEqual(3);
    // People sitting still on the sofa long enough for the PIR to clear.
    expect(falseVacancy).toBeGreaterThan(0);
  });

  it('the same seed gives the same day; another seed a different one', () => {
    const run = (seed: number) => {
      const { world } = home(seed);
      const clock = new ManualClock(START);
      const trace: string[] = [];
      simulate(world, clock, 12, (now) => {
        if ((now - START) % (15 * MINUTE) === 0) trace.push(world.locations.map((l) => `${l.personId}:${l.roomId}`).join(','));
      });
      return trace.join('|') + JSON.stringify(world.devices.map((d) => d.state()));
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });

  it('office: ghost bookings leave the meeting room empty; attended ones fill it', () => {
    const world = new World(buildScenario('office', 3), 3);
    const clock = new ManualClock(START);
    const bookings = world.bookings(START);
    expect(bookings.length).toBeGreaterThan(3);
    const seen = new Map<string, number>();
    simulate(world, clock, 24, (now) => {
      for (const b of bookings) {
        if (now < b.start + 5 * MINUTE || now >= b.end) continue;
        const room = world.rooms.get(b.roomId)!;
        const key = `${b.roomId}@${b.start}`;
        seen.set(key, Math.max(seen.get(key) ?? 0, room.occupants.length));
        if (b.ghost) expect(room.occupants.filter((o) => b.attendees.includes(o))).toEqual([]);
      }
    });
    const attended = bookings.filter(
      (b) => !b.ghost && [...seen.entries()].some(([k, n]) => k === `${b.roomId}@${b.start}` && n > 0),
    );
    expect(attended.length).toBeGreaterThan(0);
  });
});
