import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, LogbookEntry } from '../../model';
import type { CalendarEvent, RoomCalendarFeed } from '../../model/booking';
import type { BoardRoom, MeetingReleased } from '../../model/meeting';
import type { Integration, StateReport } from '../../integrations/integration';
import { Registry } from '../../registry/registry';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { InMemoryRepository } from '../rooms/repository';
import { RoomRunner } from '../rooms/runner';
import { createMeetingHandlers } from '../../api/meeting-handlers';
import { openStore, type Store } from '../../store/store';
import { tempDataDir } from '../../store/test-support';
import type { MeetingRecordRepository } from './repository';
import { MeetingRunner } from './runner';

const START = new Date(2026, 0, 12, 8, 0).getTime(); // a Monday
const MIN = 60_000;
const flush = () => new Promise<void>((r) => setImmediate(r));

/** Devices that do what they are told and echo it. */
class FakeIntegration implements Integration {
  readonly name = 'fake';
  readonly sent: { id: string; command: Command }[] = [];
  constructor(
    private readonly report: (id: string, state: StateReport) => void,
    private readonly registry: () => Registry,
  ) {}
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    this.sent.push({ id, command });
    const state: StateReport = {};
    if (command.power !== undefined) state.power = command.power;
    if (command.brightness !== undefined) state.brightness = command.brightness;
    if (command.colorTemperature !== undefined) state.colorTemperature = command.colorTemperature;
    const device = this.registry().get(id);
    if (command.climate && device?.capabilities.climate)
      state.climate = {
        ...device.capabilities.climate.value,
        ...(command.climate.targetTemperature !== undefined ? { targetTemperature: command.climate.targetTemperature } : {}),
      };
    queueMicrotask(() => this.report(id, state));
  }
}

/** The calendar side of the interface, in memory: what a room's calendar lists and what was written back. */
class MemoryFeed implements RoomCalendarFeed {
  events: CalendarEvent[] = [];
  readonly released: { title: string; how: string }[] = [];
  readonly booked: { start: number; end: number }[] = [];
  writable = true;
  private readonly listeners = new Set<(roomId: string) => void>();
  eventsFor(roomId: string) {
    return roomId === 'fjord' ? this.events : [];
  }
  onChange(listener: (roomId: string) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(events: CalendarEvent[]) {
    this.events = events;
    for (const l of this.listeners) l('fjord');
  }
  canWrite() {
    return this.writable;
  }
  async markReleased(_roomId: string, event: CalendarEvent, how: 'describe' | 'decline') {
    this.released.push({ title: event.title, how });
  }
  async bookNow(_roomId: string, slot: { start: number; end: number; title: string }) {
    this.booked.push(slot);
    return meeting('walk-in', slot.start, (slot.end - slot.start) / MIN, slot.title);
  }
}

function meeting(uid: string, start: number, minutes: number, title = 'Weekly sync', organizer?: string): CalendarEvent {
  return {
    uid,
    occurrence: new Date(start).toISOString(),
    title,
    start,
    end: start + minutes * MIN,
    ...(organizer ? { organizer } : {}),
    private: false,
    allDay: false,
    cancelled: false,
  };
}

describe('MeetingRunner (rooms runner + registry + fake devices + manual clock)', () => {
  let clock: ManualClock;
  let registry: Registry;
  let fake: FakeIntegration;
  let repository: InMemoryRepository;
  let rooms: RoomRunner;
  let meetings: MeetingRunner;
  /** A lifecycle runner on the same rooms runner, feed and clock (a hub's restart); it becomes `meetings`. */
  let newMeetings: (records?: MeetingRecordRepository) => MeetingRunner;
  let feed: MemoryFeed;
  let log: Omit<LogbookEntry, 'id' | 'at'>[];
  let boards: BoardRoom[];
  let releases: MeetingReleased[];
  const host = () => registry.hostFor('fake');
  const presence = async (on: boolean) => {
    host().reportState('fjord-presence', { occupancy: on });
    await flush();
  };
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 30_000) {
      clock.advance(Math.min(30_000, ms - t));
      await flush();
    }
  };
  const targets = () => fake.sent.filter((s) => s.id === 'fjord-trv').map((s) => s.command.climate?.targetTemperature);

  beforeEach(async () => {
    clock = new ManualClock(START);
    registry = new Registry({ clock, logger: silentLogger });
    fake = new FakeIntegration(
      (id, state) => host().reportState(id, state),
      () => registry,
    );
    registry.addIntegration(fake);
    registry.setOverrides([
      ['fjord-light', { roomId: 'fjord' }],
      ['fjord-presence', { roomId: 'fjord' }],
      ['fjord-trv', { roomId: 'fjord' }],
    ]);
    const h = registry.hostFor('fake');
    h.upsertDevice({
      id: 'fjord-light',
      name: 'Fjord ceiling',
      kind: 'light',
      integration: 'fake',
      availability: 'online',
      capabilities: {
        power: { value: false, writable: true },
        brightness: { value: 100, writable: true },
        colorTemperature: { value: 4000, writable: true, min: 2200, max: 6500 },
      },
    });
    h.upsertDevice({
      id: 'fjord-presence',
      name: 'Fjord presence',
      kind: 'sensor',
      integration: 'fake',
      availability: 'online',
      capabilities: { occupancy: { value: false, writable: false }, illuminance: { value: 5, writable: false } },
    });
    h.upsertDevice({
      id: 'fjord-trv',
      name: 'Fjord radiator',
      kind: 'thermostat',
      integration: 'fake',
      availability: 'online',
      capabilities: {
        climate: {
          value: { mode: 'heat', targetTemperature: 17, currentTemperature: 18, action: 'idle', preset: null },
          writable: true,
          min: 5,
          max: 30,
          step: 0.5,
        },
      },
    });
    repository = new InMemoryRepository({
      behaviours: [
        {
          roomId: 'fjord',
          occupancy: { presenceTimeoutS: 0, vacancyTimeoutS: 60, leavingGraceS: 0 },
          climate: { comfortHeatC: 21, economyHeatC: 17, fallbackRateCPerHour: 6, minOnMin: 0, minOffMin: 0, vacantDelayMin: 0 },
          meeting: { writeBack: 'describe', lighting: { brightness: 90, kelvin: 4000 } },
        },
      ],
      people: [
        {
          id: 'ana',
          name: 'Ana',
          email: 'Ana@Example.com',
          lighting: [{ at: '06:00', brightness: 55, kelvin: 3000, roomId: 'fjord', label: 'meetings' }],
        },
      ],
    });
    feed = new MemoryFeed();
    const roomList = [{ id: 'fjord', name: 'Meeting room Fjord', kind: 'meeting' as const }];
    rooms = new RoomRunner({
      registry,
      clock,
      repository,
      rooms: () => roomList,
      logger: silentLogger,
      meetings: (roomId) => meetings.directive(roomId),
    });
    newMeetings = (records) =>
      (meetings = new MeetingRunner({
        feed,
        clock,
        repository,
        ...(records ? { records } : {}),
        rooms: () => roomList,
        roomRunner: rooms,
        log: (entry) => log.push(entry),
        logger: silentLogger,
      }));
    newMeetings();
    log = [];
    boards = [];
    releases = [];
    meetings.events.on('meetingState', 'test', (b) => boards.push(b));
    meetings.events.on('meetingReleased', 'test', (r) => releases.push(r));
    rooms.start();
    meetings.start();
    await flush();
  });

  afterEach(() => {
    meetings.stop();
    rooms.stop();
  });

  it('pre-heats by the rate to be warm at the start, then checks in and lights to the organiser’s preference', async () => {
    // 18 → 21 °C at 6 °C/h: 30 minutes of pre-heating before 09:00.
    feed.set([meeting('sync', START + 60 * MIN, 60, 'Weekly sync', 'ana@example.com')]);
    await flush();
    await advance(29 * MIN);
    expect(targets()).toEqual([]);
    await advance(2 * MIN);
    expect(targets()).toEqual([21]);
    expect(rooms.status('fjord').climate?.text).toBe('pre-heating to 21 °C by 09:00 for “Weekly sync” (6.0 °C/h configured)');
    expect(log.map((e) => e.message)).toEqual([
      'Meeting room Fjord: preparing for “Weekly sync” at 09:00; lights stay off until someone arrives',
    ]);
    // Lights stay off while preparing.
    expect(fake.sent.filter((s) => s.id === 'fjord-light')).toEqual([]);
    await advance(31 * MIN); // 09:02
    await presence(true);
    expect(meetings.board('fjord')?.state).toBe('in-use');
    expect(log.at(-1)?.message).toBe('Meeting room Fjord: “Weekly sync” (09:00–10:00) checked in at 09:02: the room is occupied');
    expect(log.at(-1)?.cause).toEqual({ kind: 'automation', rule: 'Meeting room Fjord (meeting)' });
    // Switched on at once by occupancy, then straight to the organiser's level once the switch-on is confirmed.
    await expect
      .poll(() => fake.sent.filter((s) => s.id === 'fjord-light').at(-1)?.command)
      .toMatchObject({ brightness: 55, colorTemperature: 3000 });
    expect(rooms.arbiter.why('fjord-light')?.text).toContain('meeting “Weekly sync”: preference of its organiser Ana');
    expect(meetings.bookings('fjord', START, START + 24 * 60 * MIN)).toEqual([
      {
        uid: 'sync',
        occurrence: new Date(START + 60 * MIN).toISOString(),
        title: 'Weekly sync',
        start: new Date(START + 60 * MIN).toISOString(),
        end: new Date(START + 120 * MIN).toISOString(),
        organizer: 'ana@example.com',
        private: false,
        state: 'in-use',
      },
    ]);
  });

  it('releases a ghost meeting: economy, a logbook entry, a meetingReleased event and the write-back', async () => {
    feed.set([meeting('ghost', START + 30 * MIN, 60, 'Budget, Q3')]);
    await advance(30 * MIN);
    expect(targets().at(-1)).toBe(21);
    await advance(10 * MIN);
    expect(meetings.board('fjord')?.state).toBe('released');
    expect(targets().at(-1)).toBe(17);
    expect(log.at(-1)?.message).toBe(
      'Meeting room Fjord: “Budget, Q3” (08:30–09:30) released — nobody came within 10 min of its start; climate back to economy, lights off',
    );
    expect(releases).toEqual([
      {
        roomId: 'fjord',
        roomName: 'Meeting room Fjord',
        title: 'Budget, Q3',
        start: new Date(START + 30 * MIN).toISOString(),
        text: log.at(-1)?.message,
      },
    ]);
    await expect.poll(() => feed.released).toEqual([{ title: 'Budget, Q3', how: 'describe' }]);
    // Free, free until 08:30 once the calendar lists it, booked soon from 08:15, released.
    expect(boards.map((b) => [b.state, b.freeUntil])).toEqual([
      ['free', null],
      ['free', new Date(START + 30 * MIN).toISOString()],
      ['booked-soon', null],
      ['released', null],
    ]);
    const [row] = meetings.utilisation(START - 60 * MIN, START + 24 * 60 * MIN);
    expect(row).toMatchObject({ roomId: 'fjord', meetings: 1, released: 1, usedHours: 0 });
  });

  it('a restart on the same store keeps a released ghost meeting released, in the report and on the board', async () => {
    const dir = tempDataDir();
    const open = () => openStore({ dataDir: dir.dir, clock, logger: silentLogger });
    let store: Store = open();
    try {
      meetings.stop();
      const restart = () => {
        newMeetings(store.meetingRecords).events.on('meetingReleased', 'test', (r) => releases.push(r));
        meetings.start();
      };
      restart();
      feed.set([meeting('ghost', START + 30 * MIN, 60, 'Budget, Q3'), meeting('next', START + 180 * MIN, 60, 'Retro')]);
      await advance(40 * MIN);
      expect(meetings.board('fjord')?.state).toBe('released');
      const before = meetings.bookings('fjord', START, START + 24 * 60 * MIN);
      expect(before.map((b) => [b.uid, b.state])).toEqual([
        ['ghost', 'released'],
        ['next', 'booked'],
      ]);
      const report = meetings.utilisation(START - 60 * MIN, START + 24 * 60 * MIN);
      expect(report).toMatchObject([{ roomId: 'fjord', meetings: 2, released: 1, usedHours: 0 }]);
      expect(releases).toHaveLength(1);

      // The hub stops and starts again: a new store connection on the same file and a new runner.
      meetings.stop();
      store.close();
      store = open();
      const logged = log.length;
      restart();
      await advance(MIN);
      expect(meetings.bookings('fjord', START, START + 24 * 60 * MIN)).toEqual(before);
      expect(meetings.board('fjord')?.state).toBe('released');
      expect(meetings.utilisation(START - 60 * MIN, START + 24 * 60 * MIN)).toEqual(report);
      // Not released (nor logged, nor written back) a second time.
      expect(releases).toHaveLength(1);
      expect(log.slice(logged)).toEqual([]);
      expect(feed.released).toHaveLength(1);
    } finally {
      meetings.stop();
      store.close();
      dir.remove();
    }
  });

  it('unbooked use shows on the board and, when the room asks for it, books 30 minutes', async () => {
    repository.put({ ...repository.get('fjord'), meeting: { ...repository.get('fjord').meeting, bookUnbookedUse: true } });
    await presence(true);
    expect(meetings.board('fjord')?.state).toBe('in-use-unbooked');
    expect(feed.booked).toEqual([]);
    await advance(2 * MIN);
    await expect
      .poll(() => feed.booked)
      .toEqual([{ start: START + 2 * MIN, end: START + 32 * MIN, title: 'Booked at the door (Meeting room Fjord)' }]);
    feed.set([meeting('walk-in', START + 2 * MIN, 30, 'Booked at the door (Meeting room Fjord)')]);
    await flush();
    expect(meetings.board('fjord')?.state).toBe('in-use');
    await advance(MIN);
    expect(feed.booked).toHaveLength(1);
  });

  it('ends a meeting early when the room empties and says so', async () => {
    feed.set([meeting('sync', START, 60)]);
    await presence(true);
    await advance(20 * MIN);
    await presence(false);
    await advance(12 * MIN);
    expect(log.map((e) => e.message).find((m) => m.includes('early'))).toMatch(
      /^Meeting room Fjord: “Weekly sync” ended early at 08:3\d — the room was empty for 10 min before its end at 09:00$/,
    );
    expect(meetings.board('fjord')?.state).toBe('free');
  });

  it('answers the API: bookings (now to 30 days by default), boards, utilisation, and refuses what is not a meeting room', async () => {
    feed.set([meeting('sync', START + 60 * MIN, 60), meeting('later', START + 40 * 24 * 60 * MIN, 60)]);
    await flush();
    const api = createMeetingHandlers({ runner: meetings, now: () => clock.now() });
    expect((await api.listRoomBookings({ roomId: 'fjord' })).map((b) => [b.uid, b.state])).toEqual([['sync', 'booked']]);
    const all = await api.listRoomBookings({
      roomId: 'fjord',
      from: new Date(START).toISOString(),
      to: START + 41 * 24 * 60 * MIN,
    });
    expect(all.map((b) => b.uid)).toEqual(['sync', 'later']);
    await expect(api.listRoomBookings({ roomId: 'kitchen' })).rejects.toThrow('No meeting room with id "kitchen"');
    await expect(api.listRoomBookings({ roomId: 'fjord', from: 'yesterday' })).rejects.toThrow(/ISO 8601/);
    await expect(api.listRoomBookings({ roomId: 'fjord', from: START, to: START - 1 })).rejects.toThrow(/must be after from/);
    expect((await api.getBoard({ roomId: 'fjord' })).state).toBe('free');
    expect((await api.listBoards({})).map((b) => b.roomId)).toEqual(['fjord']);
    const weeks = await api.getOfficeUtilisation({});
    expect(weeks.map((w) => w.weekStart)).toHaveLength(4);
    // What happens next: the booking (its pre-heating start is the room's own planned change).
    expect(meetings.upcoming(START, START + 24 * 60 * MIN)).toEqual([
      {
        at: START + 60 * MIN,
        roomId: 'fjord',
        text: 'Meeting room Fjord: “Weekly sync” booked 09:00–10:00 (checks in by occupancy)',
      },
    ]);
    expect(rooms.status('fjord').next.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^pre-heating to 21 °C by 09:00 for “Weekly sync”/),
    );
  });
});
