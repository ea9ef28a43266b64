/**
 * Runs the meeting lifecycle (lifecycle.ts) for every meeting room on the hub: steps a room's bookings when its
 * calendar changes, when its occupancy changes and at the lifecycle's next time (at least once a minute), logs each
 * transition with its cause, announces the board state (`meetingState`) and released meetings (`meetingReleased`,
 * a desktop notification), writes released meetings back to the calendar and books unbooked use when the room
 * asks for it. Its records are kept in a MeetingRecordRepository (the store's, on a hub with a data folder): loaded
 * at start, the changed ones saved after each step. Its climate and lights reach the devices through the rooms runner: `directive()` is read at each of
 * the room's evaluations, so every write goes through the one arbiter. Constructor + start()/stop().
 */
import type { LogbookEntry, Room, RoomStatus } from '../../model';
import type { Booking, CalendarEvent, RoomCalendarFeed } from '../../model/booking';
import { bookingKey } from '../../model/booking';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import type { BoardRoom, MeetingReleased, UtilisationRow } from '../../model/meeting';
import type { Clock, Timer } from '../../util/clock';
import { SafeEmitter } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { MeetingDirective } from '../rooms/evaluate';
import type { RoomBehaviourRepository } from '../rooms/repository';
import type { RoomEvents } from '../rooms/runner';
import { isOpen, stepMeetings, type MeetingRecord, type RoomOccupancy, type Transition } from './lifecycle';
import { MemoryMeetingRecords, type MeetingRecordRepository } from './repository';
import { boardRoom, climatePeriods, meetingLight, toBooking, utilisation } from './views';

export type MeetingEvents = { meetingState: BoardRoom; meetingReleased: MeetingReleased };

/** What the lifecycle needs of the rooms runner (RoomRunner implements it). */
export interface MeetingRooms {
  readonly events: SafeEmitter<RoomEvents>;
  status(roomId: string): RoomStatus;
  evaluate(roomId: string): void;
  preconditionLeadMs(roomId: string, at: number): number;
  temperature(roomId: string): number | null;
}

export interface MeetingRunnerOptions {
  feed: RoomCalendarFeed;
  clock: Clock;
  repository: Pick<RoomBehaviourRepository, 'get' | 'people' | 'onChange'>;
  /** Where the bookings' records outlive a restart; default: memory only. */
  records?: MeetingRecordRepository;
  /** The rooms people named; those of kind `meeting` get the lifecycle. */
  rooms: () => readonly Room[];
  roomRunner: MeetingRooms;
  log?: (entry: Omit<LogbookEntry, 'id' | 'at'>) => void;
  format?: () => TextFormat;
  logger?: Logger;
}

const OWNER = 'meetings';
const MIN = 60_000;
const KEEP_MS = 12 * 7 * 24 * 60 * MIN;
const BOOK_NOW_MS = 30 * MIN;
/** Unbooked use this long books the room, when it asks for that. */
const BOOK_AFTER_MS = 2 * MIN;

export class MeetingRunner {
  readonly events: SafeEmitter<MeetingEvents>;
  private records = new Map<string, Map<string, MeetingRecord>>();
  private readonly store: MeetingRecordRepository;
  private readonly timers = new Map<string, Timer>();
  private readonly announced = new Map<string, string>();
  private readonly occupiedSince = new Map<string, { occupied: boolean; since: number }>();
  private readonly stepping = new Set<string>();
  /** room → end of the slot booked for its unbooked use (not booked again before). */
  private readonly booked = new Map<string, number>();
  private readonly disposers: (() => void)[] = [];
  private running = false;

  constructor(private readonly options: MeetingRunnerOptions) {
    this.store = options.records ?? new MemoryMeetingRecords();
    this.events = new SafeEmitter((owner, event, error) =>
      options.logger?.error(`listener "${owner}" failed on ${event}: ${String(error)}`),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { feed, roomRunner, repository, clock } = this.options;
    // What the last run knew (released ghosts, today's states), before the first step compares the calendar to it.
    try {
      this.store.prune(clock.now() - KEEP_MS);
      this.records = this.store.load();
    } catch (error) {
      this.options.logger?.error(`meetings: could not read the saved meeting records: ${String(error)}`);
    }
    this.disposers.push(
      // New or moved bookings change what the room conditions for: it plans again at once.
      feed.onChange((roomId) => {
        this.step(roomId);
        if (this.isMeetingRoom(roomId)) roomRunner.evaluate(roomId);
      }),
      roomRunner.events.on('roomStatus', OWNER, (status) => this.step(status.roomId)),
      repository.onChange(() => this.stepAll()),
    );
    this.stepAll();
  }

  stop(): void {
    this.running = false;
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  meetingRooms(): Room[] {
    return this.options.rooms().filter((r) => r.kind === 'meeting');
  }

  stepAll(): void {
    for (const room of this.meetingRooms()) this.step(room.id);
  }

  /** What the room's evaluation conditions and lights for; undefined for a room without a lifecycle (or calendar). */
  directive(roomId: string): MeetingDirective | undefined {
    const records = this.records.get(roomId);
    if (!records || !this.isMeetingRoom(roomId)) return undefined;
    const { meeting } = this.options.repository.get(roomId);
    const now = this.options.clock.now();
    return {
      periods: climatePeriods(records.values(), now, meeting.preconditionMaxMinutes),
      light: meetingLight(records.values(), roomId, meeting.lighting, this.options.repository.people(), now),
      vacantDelayMin: meeting.earlyEndMinutes,
    };
  }

  /** The room's bookings overlapping [from, to), soonest first, with their lifecycle states. */
  bookings(roomId: string, from: number, to: number): Booking[] {
    const records = this.records.get(roomId) ?? new Map<string, MeetingRecord>();
    const out = new Map<string, Booking & { at: number }>();
    for (const r of records.values()) if (r.end > from && r.start < to) out.set(r.key, { ...toBooking(r), at: r.start });
    // Events the lifecycle has not placed yet (all-day ones, or a room that is not a meeting room).
    for (const e of this.options.feed.eventsFor(roomId)) {
      const key = bookingKey(e);
      if (out.has(key) || e.end <= from || e.start >= to) continue;
      out.set(key, { ...eventBooking(e, this.options.clock.now()), at: e.start });
    }
    return [...out.values()].sort((a, b) => a.at - b.at).map(({ at: _at, ...b }) => b);
  }

  board(roomId: string): BoardRoom | undefined {
    const room = this.meetingRooms().find((r) => r.id === roomId);
    if (!room) return undefined;
    return boardRoom(
      room,
      this.records.get(roomId)?.values() ?? [],
      this.occupancy(roomId),
      this.options.clock.now(),
      this.options.roomRunner.temperature(roomId),
    );
  }

  boards(): BoardRoom[] {
    return this.meetingRooms().flatMap((r) => this.board(r.id) ?? []);
  }

  utilisation(from: number, to: number): UtilisationRow[] {
    const now = this.options.clock.now();
    return this.meetingRooms().flatMap((room) => utilisation(room, this.records.get(room.id)?.values() ?? [], from, to, now));
  }

  /** The bookings starting in [from, until), for the home's "what happens next". */
  upcoming(from: number, until: number): { at: number; roomId: string; text: string }[] {
    const f = this.format();
    const out: { at: number; roomId: string; text: string }[] = [];
    for (const room of this.meetingRooms())
      for (const r of this.records.get(room.id)?.values() ?? [])
        if (isOpen(r.state) && r.state !== 'in-use' && r.start >= from && r.start < until)
          out.push({
            at: r.start,
            roomId: room.id,
            text: `${room.name}: ${r.private ? 'Private' : `“${r.title}”`} booked ${f.time(r.start)}–${f.time(r.end)} (checks in by occupancy)`,
          });
    return out;
  }

  /** One step of one room's lifecycle; re-entrant calls (the room's evaluation announcing its status) are skipped. */
  step(roomId: string): void {
    if (!this.running || this.stepping.has(roomId) || !this.isMeetingRoom(roomId)) return;
    this.stepping.add(roomId);
    try {
      this.stepOnce(roomId);
    } finally {
      this.stepping.delete(roomId);
    }
  }

  private stepOnce(roomId: string): void {
    const { clock, feed, repository, roomRunner } = this.options;
    const now = clock.now();
    const settings = repository.get(roomId).meeting;
    const occupancy = this.occupancy(roomId) ?? { occupied: false, since: now };
    const prev = this.records.get(roomId) ?? new Map<string, MeetingRecord>();
    const result = stepMeetings(prev, {
      events: feed.eventsFor(roomId),
      occupancy,
      now,
      settings,
      leadMs: (start) => roomRunner.preconditionLeadMs(roomId, start),
    });
    for (const [key, r] of result.records) if (!isOpen(r.state) && r.end < now - KEEP_MS) result.records.delete(key);
    this.records.set(roomId, result.records);
    this.save(roomId, prev, result.records);
    for (const t of result.transitions) this.announce(roomId, t, settings.checkInMinutes, settings.earlyEndMinutes);
    for (const t of result.transitions)
      if (t.kind === 'release' && settings.writeBack !== 'off') this.writeBack(roomId, t.record, settings.writeBack);
    // The room's climate and lights follow the new states at once.
    if (result.transitions.length > 0) roomRunner.evaluate(roomId);
    if (settings.bookUnbookedUse) this.bookUnbookedUse(roomId, result.records, occupancy, now);
    const board = this.board(roomId);
    if (board) {
      const { at: _at, ...same } = board;
      const key = JSON.stringify(same);
      if (this.announced.get(roomId) !== key) {
        this.announced.set(roomId, key);
        this.events.emit('meetingState', board);
      }
    }
    const previous = this.timers.get(roomId);
    if (previous !== undefined) clock.clearTimeout(previous);
    const wait = Math.max(1_000, Math.min(60_000, (result.nextAt ?? Infinity) - now));
    this.timers.set(
      roomId,
      clock.setTimeout(() => {
        this.timers.delete(roomId);
        this.step(roomId);
      }, wait),
    );
  }

  /** Only the records this step changed, added or forgot; a failed write is logged, the lifecycle goes on. */
  private save(roomId: string, prev: ReadonlyMap<string, MeetingRecord>, next: ReadonlyMap<string, MeetingRecord>): void {
    const put = [...next.values()].filter((r) => {
      const before = prev.get(r.key);
      return !before || JSON.stringify(before) !== JSON.stringify(r);
    });
    const remove = [...prev.keys()].filter((key) => !next.has(key));
    if (put.length === 0 && remove.length === 0) return;
    try {
      this.store.save({ roomId, put, remove });
    } catch (error) {
      this.options.logger?.error(`meetings: could not save the meeting records of room "${roomId}": ${String(error)}`);
    }
  }

  private isMeetingRoom(roomId: string): boolean {
    return this.options.rooms().some((r) => r.id === roomId && r.kind === 'meeting');
  }

  private occupancy(roomId: string): RoomOccupancy | undefined {
    const o = this.options.roomRunner.status(roomId).occupancy;
    const occupied = o.state === 'occupied' || o.state === 'leaving';
    // A room held only until its vacancy timeout runs out has had no sign of life since; one held by a source
    // still detecting someone has no end in sight (or a later one).
    const timeout = this.options.repository.get(roomId).occupancy.vacancyTimeoutS * 1000;
    const clearing = occupied && (o.state === 'leaving' || (o.until !== null && o.until - this.options.clock.now() <= timeout));
    // Occupied since it stopped being vacant: "leaving" (lights dimmed before off) starts no new occupancy.
    const known = this.occupiedSince.get(roomId);
    const since = known && known.occupied === occupied ? known.since : o.since;
    this.occupiedSince.set(roomId, { occupied, since });
    return { occupied, since, clearing };
  }

  private format(): TextFormat {
    return this.options.format?.() ?? DEFAULT_TEXT_FORMAT;
  }

  private roomName(roomId: string): string {
    return this.options.rooms().find((r) => r.id === roomId)?.name ?? roomId;
  }

  private announce(roomId: string, t: Transition, checkInMinutes: number, earlyEndMinutes: number): void {
    const f = this.format();
    const r = t.record;
    const name = this.roomName(roomId);
    const what = r.private ? 'Private meeting' : `“${r.title}”`;
    const slot = `${f.time(r.start)}–${f.time(r.end)}`;
    const message = {
      prepare: `${name}: preparing for ${what} at ${f.time(r.start)}; lights stay off until someone arrives`,
      'check-in': `${name}: ${what} (${slot}) checked in at ${f.time(r.checkedInAt ?? t.at)}: the room is occupied`,
      release: `${name}: ${what} (${slot}) released — nobody came within ${checkInMinutes} min of its start; climate back to economy, lights off`,
      end: `${name}: ${what} ended at ${f.time(r.end)}`,
      'end-early': `${name}: ${what} ended early at ${f.time(t.at)} — the room was empty for ${earlyEndMinutes} min before its end at ${f.time(r.end)}`,
      cancel: `${name}: ${what} (${slot}) was cancelled`,
      move: `${name}: ${what} moved to ${slot}`,
    }[t.kind];
    try {
      this.options.log?.({ roomId, message, cause: { kind: 'automation', rule: `${name} (meeting)` } });
    } catch (error) {
      this.options.logger?.warn(`meetings: could not log "${message}": ${String(error)}`);
    }
    if (t.kind === 'release')
      this.events.emit('meetingReleased', {
        roomId,
        roomName: name,
        title: r.private ? 'Private' : r.title,
        start: new Date(r.start).toISOString(),
        text: message,
      });
  }

  private writeBack(roomId: string, record: MeetingRecord, how: 'describe' | 'decline'): void {
    const { feed, logger } = this.options;
    if (!feed.canWrite(roomId)) return;
    const event = feed.eventsFor(roomId).find((e) => bookingKey(e) === record.key);
    if (!event) return;
    feed
      .markReleased(roomId, event, how)
      .catch((error: unknown) =>
        logger?.warn(`meetings: could not write the release of "${record.title}" back: ${String(error)}`),
      );
  }

  /** Opt-in: a free room used for a while without a booking is booked for 30 minutes from now. */
  private bookUnbookedUse(roomId: string, records: Map<string, MeetingRecord>, occupancy: RoomOccupancy, now: number): void {
    const { feed, logger } = this.options;
    if (!occupancy.occupied || now - occupancy.since < BOOK_AFTER_MS || !feed.canWrite(roomId)) return;
    // One booking at a time: the calendar lists the new event only after its next sync.
    if ((this.booked.get(roomId) ?? -Infinity) > now) return;
    const end = now + BOOK_NOW_MS;
    if ([...records.values()].some((r) => isOpen(r.state) && r.start < end && r.end > now)) return;
    this.booked.set(roomId, end);
    const name = this.roomName(roomId);
    feed
      .bookNow(roomId, { start: now, end, title: `Booked at the door (${name})` })
      .then((event) => {
        const f = this.format();
        this.options.log?.({
          roomId,
          message: `${name}: in use without a booking, so it was booked ${f.time(event.start)}–${f.time(event.end)}`,
          cause: { kind: 'automation', rule: `${name} (meeting)` },
        });
      })
      .catch((error: unknown) => {
        this.booked.delete(roomId);
        logger?.warn(`meetings: could not book ${name}: ${String(error)}`);
      })
      .finally(() => this.step(roomId));
  }
}

function eventBooking(e: CalendarEvent, now: number): Booking {
  return {
    uid: e.uid,
    occurrence: e.occurrence,
    title: e.private ? 'Private' : e.title,
    start: new Date(e.start).toISOString(),
    end: new Date(e.end).toISOString(),
    ...(e.organizer && !e.private ? { organizer: e.organizer } : {}),
    private: e.private,
    state: e.cancelled ? 'cancelled' : e.end <= now ? 'ended' : 'booked',
  };
}
