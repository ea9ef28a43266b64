import { describe, expect, it } from 'vitest';
import { HOUR } from './clock';
import { dayPlan, isMoving, People, type Booking, type PersonProfile } from './people';

const THURSDAY = new Date(2026, 0, 15).getTime();
const SATURDAY = new Date(2026, 0, 17).getTime();
const rooms = {
  bedroom: 'bedroom',
  kitchen: 'kitchen',
  living: 'living',
  bathroom: 'bathroom',
  hallway: 'hallway',
  office: 'office',
};
const commuter: PersonProfile = { kind: 'resident', id: 'alex', name: 'Alex', rooms, commuteChance: 1 };
const homeWorker: PersonProfile = { kind: 'resident', id: 'sam', name: 'Sam', rooms, commuteChance: 0 };
const at = (day: number, h: number) => day + h * HOUR;

function roomAt(profile: PersonProfile, t: number, bookings: Booking[] = []) {
  return dayPlan(profile, 1, new Date(t).setHours(0, 0, 0, 0), bookings).find((s) => t >= s.from && t < s.to)?.roomId;
}

describe('people', () => {
  it('a day plan covers midnight to midnight without gaps', () => {
    for (const p of [commuter, homeWorker]) {
      for (const day of [THURSDAY, SATURDAY]) {
        const plan = dayPlan(p, 1, day);
        expect(plan[0]!.from).toBe(day);
        expect(plan.at(-1)!.to).toBe(at(day, 24));
        for (let i = 1; i < plan.length; i++) expect(plan[i]!.from).toBe(plan[i - 1]!.to);
      }
    }
  });

  it('sleeps at night, wakes around 7, leaves for work or works at home, evenings in the living room', () => {
    expect(roomAt(commuter, at(THURSDAY, 3))).toBe('bedroom');
    const wake = dayPlan(commuter, 1, THURSDAY)[0]!.to;
    expect((wake - THURSDAY) / HOUR).toBeGreaterThanOrEqual(6.75);
    expect((wake - THURSDAY) / HOUR).toBeLessThanOrEqual(7.5);
    expect(roomAt(commuter, at(THURSDAY, 11))).toBeNull();
    expect(roomAt(homeWorker, at(THURSDAY, 11))).toBe('office');
    expect(roomAt(homeWorker, at(THURSDAY, 12.5))).toBe('kitchen');
    expect(roomAt(commuter, at(THURSDAY, 20.5))).toBe('living');
    expect(roomAt(commuter, at(THURSDAY, 23.99))).toBe('bedroom');
    // Weekends: nobody commutes.
    expect(roomAt(commuter, at(SATURDAY, 15))).not.toBe('office');
  });

  it('seeded variation: different seeds, different wake times; same seed, same plan', () => {
    const wakes = new Set([1, 2, 3, 4, 5].map((seed) => dayPlan(commuter, seed, THURSDAY)[0]!.to));
    expect(wakes.size).toBeGreaterThan(1);
    expect(dayPlan(commuter, 9, THURSDAY)).toEqual(dayPlan(commuter, 9, THURSDAY));
  });

  it('sitting still comes in blocks long enough to clear a PIR (> 90 s)', () => {
    let longestStill = 0;
    let run = 0;
    for (let m = 0; m < 600; m++) {
      if (isMoving(1, 'sam', 'relax', at(THURSDAY, 19) + m * 60_000)) run = 0;
      else longestStill = Math.max(longestStill, ++run);
    }
    expect(longestStill).toBeGreaterThanOrEqual(5);
  });

  it('office workers attend their meetings but not ghost ones', () => {
    const worker: PersonProfile = { kind: 'office_worker', id: 'ana', name: 'Ana', rooms: { desk: 'open', kitchen: 'kitchen' } };
    const meeting: Booking = {
      roomId: 'fjord',
      start: at(THURSDAY, 14),
      end: at(THURSDAY, 15),
      summary: 'x',
      attendees: ['ana'],
      ghost: false,
    };
    const ghost: Booking = { ...meeting, roomId: 'summit', start: at(THURSDAY, 15.5), end: at(THURSDAY, 16), ghost: true };
    expect(roomAt(worker, at(THURSDAY, 14.5), [meeting, ghost])).toBe('fjord');
    expect(roomAt(worker, at(THURSDAY, 15.75), [meeting, ghost])).toBe('open');
    expect(roomAt(worker, at(THURSDAY, 6))).toBeNull();
  });

  it('People.locate reports everyone, with movement only when in a room', () => {
    const people = new People([commuter, homeWorker], 1);
    const locs = people.locate(at(THURSDAY, 11));
    expect(locs.map((l) => l.personId)).toEqual(['alex', 'sam']);
    expect(locs[0]).toMatchObject({ roomId: null, moving: false, activity: 'away' });
  });
});
