import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeetingSettings } from '../../model';
import type { CalendarEvent } from '../../model/booking';
import { ManualClock } from '../../util/clock';
import { stepMeetings, type MeetingRecord, type RoomOccupancy, type Transition } from './lifecycle';
import { boardRoom, climatePeriods, utilisation } from './views';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0); // a Monday, 09:00 UTC
const settings = MeetingSettings.parse({ checkInMinutes: 10, earlyEndMinutes: 10, preconditionMaxMinutes: 60 });

function event(start: number, minutes: number, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: `m-${start}`,
    occurrence: new Date(start).toISOString(),
    title: 'Weekly sync',
    start,
    end: start + minutes * MIN,
    private: false,
    allDay: false,
    cancelled: false,
    ...extra,
  };
}

/**
 * Drives the pure lifecycle as the runner does, on a ManualClock: a step at every time the lifecycle asks for, at
 * least once a minute, and whenever occupancy changes.
 */
class Room {
  records = new Map<string, MeetingRecord>();
  transitions: Transition[] = [];
  occupancy: RoomOccupancy;
  constructor(
    readonly clock: ManualClock,
    public events: CalendarEvent[],
    readonly leadMs = () => 20 * MIN,
  ) {
    this.occupancy = { occupied: false, since: clock.now() - 60 * MIN };
    this.step();
  }
  step(): void {
    const result = stepMeetings(this.records, {
      events: this.events,
      occupancy: this.occupancy,
      now: this.clock.now(),
      settings,
      leadMs: this.leadMs,
    });
    this.records = result.records;
    this.transitions.push(...result.transitions);
  }
  occupied(occupied: boolean): void {
    this.occupancy = { occupied, since: this.clock.now() };
    this.step();
  }
  /** Advance minute by minute (as the runner's timer does), stepping each time. */
  advance(minutes: number): void {
    for (let i = 0; i < minutes; i++) {
      this.clock.advance(MIN);
      this.step();
    }
  }
  state(uid: string): string | undefined {
    return [...this.records.values()].find((r) => r.uid === uid)?.state;
  }
  kinds(): string[] {
    return this.transitions.map((t) => `${t.kind}@${(t.at - T0) / MIN}`);
  }
}

describe('meeting lifecycle', () => {
  it('is preparing from the learned lead (capped) and checks in at minute 9 of a 10-minute window', () => {
    const clock = new ManualClock(T0 - 90 * MIN);
    const room = new Room(clock, [event(T0, 60)]);
    expect(room.state(`m-${T0}`)).toBe('booked');
    room.advance(69); // 08:09 UTC: 21 min before
    expect(room.state(`m-${T0}`)).toBe('booked');
    room.advance(1); // 20 min before: the lead
    expect(room.state(`m-${T0}`)).toBe('preparing');
    room.advance(29); // start + 9
    room.occupied(true);
    expect(room.state(`m-${T0}`)).toBe('in-use');
    expect(room.kinds()).toEqual(['prepare@-20', 'check-in@9']);
    expect(room.records.get(`m-${T0}\u0000${new Date(T0).toISOString()}`)?.checkedInAt).toBe(T0 + 9 * MIN);
  });

  it('releases at minute 10 when nobody came, and occupancy after that does not check it in', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60)]);
    room.advance(40); // start + 10
    expect(room.state(`m-${T0}`)).toBe('released');
    room.occupied(true);
    expect(room.state(`m-${T0}`)).toBe('released');
    expect(room.kinds()).toEqual(['prepare@-20', 'release@10']);
    const board = boardRoom({ id: 'r', name: 'R' }, room.records.values(), room.occupancy, clock.now(), 20);
    expect(board.state).toBe('in-use-unbooked');
  });

  it('the lead is capped by preconditionMaxMinutes, and preparing never starts after the check-in window opens', () => {
    const clock = new ManualClock(T0 - 5 * 60 * MIN);
    const long = new Room(clock, [event(T0, 30)], () => 4 * 60 * MIN);
    long.advance(4 * 60 - 1);
    expect(long.state(`m-${T0}`)).toBe('booked');
    long.advance(1); // 60 min before: the cap
    expect(long.state(`m-${T0}`)).toBe('preparing');
    const clock2 = new ManualClock(T0 - 30 * MIN);
    const warm = new Room(clock2, [event(T0, 30)], () => 0);
    warm.advance(19);
    expect(warm.state(`m-${T0}`)).toBe('booked');
    warm.advance(1);
    expect(warm.state(`m-${T0}`)).toBe('preparing');
  });

  it('back-to-back: the first meeting holds the occupancy until its end; people staying check the next in at its window’s end', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60, { uid: 'a' }), event(T0 + 60 * MIN, 60, { uid: 'b' })]);
    room.advance(30);
    room.occupied(true);
    expect(room.state('a')).toBe('in-use');
    room.advance(55); // 10:55: b's window is open, but a is in use
    expect(room.state('b')).toBe('preparing');
    room.advance(5); // 11:00
    expect(room.state('a')).toBe('ended');
    expect(room.state('b')).toBe('preparing');
    room.advance(10); // 11:10: still occupied since a
    expect(room.state('b')).toBe('in-use');
    expect(room.kinds()).toEqual(['prepare@-20', 'check-in@0', 'prepare@40', 'end@60', 'check-in@70']);
  });

  it('back-to-back with a ghost: the people of the first leaving late do not check the second in', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60, { uid: 'a' }), event(T0 + 60 * MIN, 60, { uid: 'b' })]);
    room.advance(31);
    room.occupied(true);
    room.advance(59 + 5); // 11:05: they are still there …
    room.occupied(false); // … and leave
    room.advance(5);
    expect(room.state('a')).toBe('ended');
    expect(room.state('b')).toBe('released');
  });

  it('back-to-back with a ghost: the sensors’ countdown after the first meeting’s people left does not check the second in', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60, { uid: 'a' }), event(T0 + 60 * MIN, 60, { uid: 'b' })]);
    room.advance(31);
    room.occupied(true);
    room.advance(59); // 11:00: they leave at the end, the room only counts down
    room.occupancy = { ...room.occupancy, clearing: true };
    room.advance(10); // 11:10: still "occupied" by the timeout
    expect(room.state('b')).toBe('released');
  });

  it('back-to-back: new people arriving after the first ended check the second in at once (people arriving while the first is in use count for the first)', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60, { uid: 'a' }), event(T0 + 60 * MIN, 60, { uid: 'b' })]);
    room.advance(31);
    room.occupied(true);
    room.advance(50);
    room.occupied(false); // 10:51
    room.advance(9); // 11:00: a ends (the room was empty only 9 min)
    expect(room.state('a')).toBe('ended');
    room.advance(2);
    room.occupied(true); // 11:02: b's people
    expect(room.state('b')).toBe('in-use');
    expect(room.kinds().slice(-2)).toEqual(['end@60', 'check-in@62']);
  });

  it('a meeting moved later while preparing goes back to booked, and prepares again for its new time', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const first = event(T0, 60);
    const room = new Room(clock, [first]);
    room.advance(15);
    expect(room.state(first.uid)).toBe('preparing');
    room.events = [{ ...first, start: T0 + 120 * MIN, end: T0 + 180 * MIN }];
    room.step();
    expect(room.state(first.uid)).toBe('booked');
    room.advance(30 + 10); // past the old window: not released
    expect(room.state(first.uid)).toBe('booked');
    room.advance(60 + 25); // 20 min before the new start
    expect(room.state(first.uid)).toBe('preparing');
    expect(room.kinds()).toEqual(['prepare@-20', 'move@-15', 'prepare@100']);
  });

  it('a meeting moved earlier into the past of its window is released; a cancelled one is cancelled', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const a = event(T0, 60, { uid: 'a' });
    const b = event(T0 + 30 * MIN, 60, { uid: 'b' });
    const room = new Room(clock, [a, b]);
    room.advance(15);
    room.events = [
      { ...a, start: T0 - 40 * MIN },
      { ...b, cancelled: true },
    ];
    room.step();
    expect(room.state('a')).toBe('released');
    expect(room.state('b')).toBe('cancelled');
  });

  it('ends early after earlyEndMinutes of an empty room, and the utilisation counts it', () => {
    const clock = new ManualClock(T0);
    const room = new Room(clock, [event(T0, 60)]);
    room.occupied(true);
    room.advance(20);
    room.occupied(false);
    room.advance(9);
    expect(room.state(`m-${T0}`)).toBe('in-use');
    room.advance(1);
    expect(room.state(`m-${T0}`)).toBe('ended');
    const [row] = utilisation({ id: 'r', name: 'R' }, room.records.values(), T0 - 60 * MIN, T0 + 24 * 60 * MIN, clock.now());
    expect(row).toMatchObject({ meetings: 1, bookedHours: 1, usedHours: 0.33, endedEarly: 1, released: 0 });
    expect(row!.conditioningSavedHours).toBeCloseTo(0.5, 5);
  });

  it('a hub started after a meeting is placed without announcing it', () => {
    const clock = new ManualClock(T0 + 90 * MIN);
    const room = new Room(clock, [event(T0, 60)]);
    expect(room.state(`m-${T0}`)).toBe('ended');
    expect(room.transitions).toEqual([]);
  });

  it('across a DST change (Europe/Berlin, 29 March 2026) a morning meeting keeps its local times', () => {
    // The process runs in the TZ the test runner sets; the lifecycle works on epoch ms and never on local days.
    const start = Date.UTC(2026, 2, 29, 8, 0); // 10:00 CEST, the day clocks went forward at 02:00
    const clock = new ManualClock(start - 8 * 60 * MIN);
    const room = new Room(clock, [event(start, 60)]);
    room.advance(8 * 60 - 20);
    expect(room.state(`m-${start}`)).toBe('preparing');
    room.advance(30);
    expect(room.state(`m-${start}`)).toBe('released');
    expect(room.kinds().map((k) => k.split('@')[0])).toEqual(['prepare', 'release']);
    expect(room.transitions.map((t) => (t.at - start) / MIN)).toEqual([-20, 10]);
  });

  it('climate periods list only the meetings still to condition for', () => {
    const clock = new ManualClock(T0 - 30 * MIN);
    const room = new Room(clock, [event(T0, 60, { uid: 'a' }), event(T0 + 120 * MIN, 30, { uid: 'b', private: true })]);
    room.advance(40);
    expect(room.state('a')).toBe('released');
    const periods = climatePeriods(room.records.values(), clock.now(), 60);
    expect(periods).toEqual([{ start: T0 + 120 * MIN, end: T0 + 150 * MIN, label: 'a private meeting', leadCapMs: 60 * MIN }]);
  });
});

describe('unbooked use before a booking', () => {
  it('the countdown after a walk-in left does not check in the ghost meeting after it; people still there do', () => {
    const clock = new ManualClock(T0 - 40 * MIN);
    const ghost = new Room(clock, [event(T0, 60)]);
    ghost.occupied(true); // a walk-in from 08:20
    ghost.advance(35); // 08:55: still there in the window, but before the start: not yet
    expect(ghost.state(`m-${T0}`)).toBe('preparing');
    ghost.advance(5); // 09:00: they leave as it starts
    expect(ghost.state(`m-${T0}`)).toBe('preparing');
    ghost.occupancy = { ...ghost.occupancy, clearing: true }; // the sensors count down
    ghost.advance(10);
    expect(ghost.state(`m-${T0}`)).toBe('released');
    const clock2 = new ManualClock(T0 - 40 * MIN);
    const early = new Room(clock2, [event(T0, 60)]);
    early.occupied(true); // people 40 minutes early, still there
    early.advance(39);
    expect(early.state(`m-${T0}`)).toBe('preparing');
    early.advance(2); // 09:01: started, and they are still there
    expect(early.state(`m-${T0}`)).toBe('in-use');
  });
});

describe('meeting lifecycle properties', () => {
  const arb = fc.record({
    arriveAt: fc.option(fc.integer({ min: -15, max: 70 }), { nil: null }),
    stayMinutes: fc.integer({ min: 1, max: 90 }),
    length: fc.integer({ min: 15, max: 90 }),
  });

  it('checked in exactly when someone arrives within [start − N, start + N) or is still there after the start; otherwise released at start + N', () => {
    fc.assert(
      fc.property(arb, ({ arriveAt, stayMinutes, length }) => {
        const clock = new ManualClock(T0 - 40 * MIN);
        const room = new Room(clock, [event(T0, length)]);
        const until = 100;
        for (let m = -39; m <= until; m++) {
          clock.advance(MIN);
          if (arriveAt !== null && m === arriveAt) room.occupied(true);
          else if (arriveAt !== null && m === arriveAt + stayMinutes) room.occupied(false);
          else room.step();
        }
        const kinds = room.transitions.map((t) => t.kind);
        // Arriving in the window checks in at once; earlier, only if still there once the meeting has started.
        const checkedIn =
          arriveAt !== null && arriveAt < 10 && arriveAt < length && (arriveAt >= -10 ? true : arriveAt + stayMinutes > 1);
        if (checkedIn) {
          expect(kinds).toContain('check-in');
          expect(kinds).not.toContain('release');
        } else {
          expect(kinds).toContain('release');
          expect(room.transitions.find((t) => t.kind === 'release')!.at).toBe(T0 + Math.min(10, length) * MIN);
        }
        // Every meeting ends in exactly one terminal state, reached once.
        const terminal = kinds.filter((k) => k === 'release' || k === 'end' || k === 'end-early');
        expect(terminal).toHaveLength(1);
        // A check-in always comes before the end, and never after the window.
        const checkIn = room.transitions.find((t) => t.kind === 'check-in');
        if (checkIn) expect(checkIn.at).toBeLessThan(T0 + 10 * MIN);
      }),
      { numRuns: 200 },
    );
  });

  it('at most one meeting of a room is in use at any time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 8 }), length: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (slots, presence) => {
          const clock = new ManualClock(T0 - 30 * MIN);
          const events = slots.map((s, i) => event(T0 + s.offset * 30 * MIN, s.length * 30, { uid: `e${i}` }));
          const room = new Room(clock, events);
          for (let i = 0; i < 40 * 8; i++) {
            clock.advance(MIN);
            const p = presence[Math.floor(i / 8)]!;
            if (p !== room.occupancy.occupied) room.occupied(p);
            else room.step();
            expect([...room.records.values()].filter((r) => r.state === 'in-use').length).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('utilisation weeks across a DST change', () => {
  it('a week holding the spring change starts on its local Monday and counts each meeting once', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      const monday = new Date(2026, 2, 23).getTime(); // local midnight, CET
      const after = new Date(2026, 2, 30, 10, 0).getTime(); // the Monday after, CEST
      const rec = (start: number): MeetingRecord => ({
        key: `k${start}`,
        uid: `k${start}`,
        occurrence: '',
        title: 't',
        private: false,
        start,
        end: start + 60 * MIN,
        state: 'released',
        since: start,
        releasedAt: start + 10 * MIN,
        preparingAt: start - 20 * MIN,
      });
      const sunday = new Date(2026, 2, 29, 10, 0).getTime();
      const rows = utilisation({ id: 'r', name: 'R' }, [rec(sunday), rec(after)], monday, new Date(2026, 3, 6).getTime(), after);
      expect(rows.map((r) => r.weekStart)).toEqual([new Date(2026, 2, 23).toISOString(), new Date(2026, 2, 30).toISOString()]);
      expect(rows.map((r) => r.released)).toEqual([1, 1]);
      // Baseline 90 min, spent 30 min (pre-conditioning 20 + the 10 min of its check-in window).
      expect(rows[0]!.conditioningSavedHours).toBe(1);
    } finally {
      process.env.TZ = tz;
    }
  });
});
