/**
 * `npm run bench:office [-- --json] [--seed N]`: the meeting-room scoreboard. The virtual office (sim/) lives one
 * simulated working week (Monday to Friday, fixed seed: the same bookings, ghosts, early ends, walk-ins, people and
 * weather in both runs), driven in process by a ManualClock minute by minute, two ways:
 *
 * - schedule-only: every booked slot heated from 30 minutes before its start until its end (economy otherwise), its
 *   lights on for the booked slot — what a calendar-driven building does with fixed offsets;
 * - homeroom: the real RoomRunner and MeetingRunner (core/automations/rooms, core/automations/meetings) reading the
 *   virtual office's sensors through the registry and its bookings through a RoomCalendarFeed, writing the sim's
 *   thermostats and lights through the arbiter.
 */
import { MeetingRunner } from '../core/automations/meetings/runner';
import { InMemoryRepository } from '../core/automations/rooms/repository';
import { RoomRunner } from '../core/automations/rooms/runner';
import type { RoomBehaviourInput } from '../core/model';
import type { CalendarEvent, RoomCalendarFeed } from '../core/model/booking';
import { Registry } from '../core/registry/registry';
import { ManualClock } from '../core/util/clock';
import { silentLogger } from '../core/util/logger';
import { startOfDay } from '../sim/clock';
import { HvacDevice } from '../sim/devices/hvac';
import { Light } from '../sim/devices/light';
import type { Booking } from '../sim/people';
import { MEETING_ROOMS } from '../sim/scenarios/office';
import { buildScenario } from '../sim/virtual-home';
import { World } from '../sim/world';
import { SimIntegration, simId } from './rooms-sim';

export type Mode = 'scheduleOnly' | 'homeroom';
export interface OfficeScore {
  /** Minutes a meeting room was held at comfort with nobody in it during one of its booked slots. */
  emptyBookedConditioningMin: number;
  /** The same over the whole week, whether booked or not (pre-conditioning, walk-ins, after the end). */
  emptyConditioningMin: number;
  /** Minutes a meeting room's heating ran. */
  heatingRuntimeMin: number;
  attendedMeetings: number;
  /** Attended meetings whose room was within 1 °C of comfort at their start. */
  attendedInComfortPct: number;
  ghostMeetings: number;
  ghostsReleased: number;
  /** Released bookings nobody came to although they were not planned as ghosts (everyone invited arrived later). */
  noShowsReleased: number;
  /** Released although someone came within the check-in time: must stay 0. */
  falseReleases: number;
  litEmptyMin: number;
}

const STEP = 60_000;
const DAY = 24 * 60 * STEP;
/** Monday 12 January 2026, local midnight: a winter week. */
const START = new Date(2026, 0, 12, 0, 0, 0).getTime();
const END = START + 5 * DAY;
const COMFORT = 21;
const ECONOMY = 17;
const BASELINE_LEAD = 30 * STEP;
/** The meeting rooms' radiators need about three hours from economy to comfort on a winter morning. */
const PRECONDITION_MAX_MIN = 180;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROOM_IDS: string[] = MEETING_ROOMS.map((r) => r.id);

/** What a meeting room's owner would set: comfort and economy, nothing else (the lifecycle's defaults). */
function meetingBehaviour(roomId: string): RoomBehaviourInput {
  return {
    roomId,
    climate: { mode: 'heat', comfortHeatC: COMFORT, economyHeatC: ECONOMY },
    meeting: { preconditionMaxMinutes: PRECONDITION_MAX_MIN },
  };
}

/** The virtual office's calendar, as the hub's calendars deliver it: booked meetings (walk-ins are not booked). */
class SimFeed implements RoomCalendarFeed {
  private readonly listeners = new Set<(roomId: string) => void>();
  constructor(
    private readonly world: World,
    private readonly clock: ManualClock,
  ) {}
  eventsFor(roomId: string): CalendarEvent[] {
    const today = startOfDay(this.clock.now());
    const days = [today - DAY, today, today + DAY + 2 * 3_600_000].map((d) => this.world.bookings(d));
    return days
      .flat()
      .filter((b) => b.roomId === roomId && !b.unbooked)
      .map((b) => ({
        uid: `${b.roomId}-${b.start}`,
        occurrence: new Date(b.start).toISOString(),
        title: b.summary,
        start: b.start,
        end: b.end,
        organizer: `${b.attendees[0]}@example.com`,
        private: false,
        allDay: false,
        cancelled: false,
      }));
  }
  onChange(listener: (roomId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** A new day's bookings are a calendar change (as the hub's poll would see it). */
  changed(): void {
    for (const id of ROOM_IDS) for (const l of this.listeners) l(id);
  }
  canWrite(): boolean {
    return false;
  }
  markReleased(): Promise<void> {
    return Promise.resolve();
  }
  bookNow(): Promise<CalendarEvent> {
    return Promise.reject(new Error('not in the bench'));
  }
}

function targetOf(h: HvacDevice): number {
  const s = h.state() as Record<string, unknown>;
  return Number(s.current_heating_setpoint ?? s.occupied_heating_setpoint);
}

export async function runOfficeWeek(mode: Mode, seed: number): Promise<OfficeScore> {
  const spec = buildScenario('office', seed);
  // Only the meeting rooms' devices: the rest of the office is not what this scoreboard measures.
  spec.devices = spec.devices.filter((d) => ROOM_IDS.includes(d.roomId));
  const world = new World(spec, seed);
  const clock = new ManualClock(START);
  const registry = new Registry({ clock, logger: silentLogger });
  const sim = new SimIntegration(spec.devices, registry.hostFor('sim'));
  registry.addIntegration(sim);
  registry.setOverrides(spec.devices.map((d) => [simId(d), { roomId: d.roomId }]));
  world.step(START);
  await sim.start();
  const lights = spec.devices.filter((d): d is Light => d instanceof Light);
  const hvacs = spec.devices.filter((d): d is HvacDevice => d instanceof HvacDevice);
  for (const h of hvacs) h.set({ system_mode: 'heat', current_heating_setpoint: ECONOMY, occupied_heating_setpoint: ECONOMY });

  const bookings = (t: number): Booking[] => world.bookings(t).filter((b) => ROOM_IDS.includes(b.roomId) && !b.unbooked);
  const rooms = MEETING_ROOMS.map((r) => ({ id: r.id, name: r.name, kind: 'meeting' as const }));
  const feed = new SimFeed(world, clock);
  const releasedKeys = new Set<string>();
  let roomRunner: RoomRunner | undefined;
  let meetings: MeetingRunner | undefined;
  if (mode === 'homeroom') {
    const repository = new InMemoryRepository({ behaviours: ROOM_IDS.map(meetingBehaviour) });
    const later: { meetings?: MeetingRunner } = {};
    roomRunner = new RoomRunner({
      registry,
      clock,
      repository,
      rooms: () => rooms,
      meetings: (roomId) => later.meetings?.directive(roomId),
    });
    meetings = later.meetings = new MeetingRunner({
      feed,
      clock,
      repository,
      rooms: () => rooms,
      roomRunner,
    });
    meetings.events.on('meetingReleased', 'bench', (r) => releasedKeys.add(`${r.roomId}-${Date.parse(r.start)}`));
    roomRunner.start();
    meetings.start();
  }

  let emptyBooked = 0;
  let empty = 0;
  let runtime = 0;
  let litEmpty = 0;
  const attended = new Map<string, { start: number; roomId: string; tempAtStart: number; seen: boolean }>();
  const ghosts = new Set<string>();
  let day = startOfDay(START);

  for (let t = START + STEP; t <= END; t += STEP) {
    clock.advance(STEP);
    if (startOfDay(t) !== day) {
      day = startOfDay(t);
      feed.changed();
    }
    const today = bookings(t);
    if (mode === 'scheduleOnly') {
      for (const h of hvacs) {
        const heat = today.some((b) => b.roomId === h.roomId && t >= b.start - BASELINE_LEAD && t < b.end);
        const target = heat ? COMFORT : ECONOMY;
        if (targetOf(h) !== target) h.set({ current_heating_setpoint: target, occupied_heating_setpoint: target });
      }
      for (const l of lights) {
        const on = today.some((b) => b.roomId === l.roomId && t >= b.start && t < b.end);
        if (l.on !== on) l.set({ state: on ? 'ON' : 'OFF', ...(on ? { brightness: 254 } : {}) });
      }
    }
    for (const d of world.step(t)) sim.report(d);
    await flush();

    for (const id of ROOM_IDS) {
      const room = world.rooms.get(id)!;
      const nobody = room.occupants.length === 0;
      const conditioned = hvacs.some((h) => h.roomId === id && targetOf(h) >= COMFORT - 0.25);
      const booked = today.some((b) => b.roomId === id && t >= b.start && t < b.end);
      if (nobody && conditioned) {
        empty++;
        if (booked) emptyBooked++;
      }
      if (nobody && lights.some((l) => l.roomId === id && l.on)) litEmpty++;
      for (const b of today) {
        if (b.roomId !== id) continue;
        const key = `${b.roomId}-${b.start}`;
        if (b.ghost) ghosts.add(key);
        if (t === b.start) attended.set(key, { start: b.start, roomId: id, tempAtStart: room.tempC, seen: false });
        const a = attended.get(key);
        if (a && !nobody && t < b.start + 10 * STEP) a.seen = true;
      }
    }
    for (const h of hvacs) if (h.runningState === 'heat') runtime++;
  }
  const came = [...attended.values()].filter((a) => a.seen);
  const inComfort = came.filter((a) => Math.abs(a.tempAtStart - COMFORT) <= 1).length;
  meetings?.stop();
  roomRunner?.stop();
  return {
    emptyBookedConditioningMin: emptyBooked,
    emptyConditioningMin: empty,
    heatingRuntimeMin: runtime,
    attendedMeetings: came.length,
    attendedInComfortPct: Math.round((inComfort / Math.max(1, came.length)) * 1000) / 10,
    ghostMeetings: ghosts.size,
    ghostsReleased: [...releasedKeys].filter((k) => ghosts.has(k)).length,
    noShowsReleased: [...releasedKeys].filter((k) => !ghosts.has(k) && !attended.get(k)?.seen).length,
    falseReleases: [...releasedKeys].filter((k) => attended.get(k)?.seen).length,
    litEmptyMin: litEmpty,
  };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const seedArg = process.argv.indexOf('--seed');
  const seed = seedArg >= 0 ? Number(process.argv[seedArg + 1]) : 1;
  const started = Date.now();
  const result = { scheduleOnly: await runOfficeWeek('scheduleOnly', seed), homeroom: await runOfficeWeek('homeroom', seed) };
  const fewer = 1 - result.homeroom.emptyBookedConditioningMin / Math.max(1, result.scheduleOnly.emptyBookedConditioningMin);
  const goals = {
    fewerEmptyConditioningPct: Math.round(fewer * 1000) / 10,
    met: fewer >= 0.4 && result.homeroom.attendedInComfortPct >= 95 && result.homeroom.falseReleases === 0,
  };
  if (json) return void console.log(JSON.stringify({ seed, ...result, goals }));
  console.log(
    `Office scoreboard — virtual office, 2 meeting rooms, one simulated working week, seed ${seed} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  const rows: [string, keyof OfficeScore][] = [
    ['conditioning empty booked rooms (min)', 'emptyBookedConditioningMin'],
    ['conditioning empty rooms, all week (min)', 'emptyConditioningMin'],
    ['heating runtime (min)', 'heatingRuntimeMin'],
    ['attended meetings', 'attendedMeetings'],
    ['attended meetings starting in comfort (%)', 'attendedInComfortPct'],
    ['ghost meetings', 'ghostMeetings'],
    ['ghost meetings released', 'ghostsReleased'],
    ['other no-shows released', 'noShowsReleased'],
    ['attended meetings released (must be 0)', 'falseReleases'],
    ['lit-empty minutes', 'litEmptyMin'],
  ];
  console.log(`${''.padEnd(44)}${'schedule-only'.padStart(14)}${'homeroom'.padStart(12)}`);
  for (const [label, key] of rows)
    console.log(
      `${label.padEnd(44)}${String(result.scheduleOnly[key]).padStart(14)}${String(result.homeroom[key]).padStart(12)}`,
    );
  console.log(
    `\nHomeroom vs schedule-only: ${goals.fewerEmptyConditioningPct} % fewer minutes conditioning empty booked rooms (goal ≥ 40 %), ` +
      `${result.homeroom.attendedInComfortPct} % of attended meetings starting in comfort (goal ≥ 95 %): ${goals.met ? 'goals met' : 'goals NOT met'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
