/**
 * The virtual office's meeting-room calendars, read by the hub's RoomCalendars as a real hub reads them: the ICS
 * URL the simulator serves (with ETag / 304) and the same bookings on a real radicale over CalDAV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock as SimManualClock } from '../../sim/clock';
import { startTestBroker } from '../../sim/testing/broker';
import { startVirtualHome, type VirtualHome } from '../../sim/virtual-home';
import { MemorySecretStore } from '../integrations/secrets';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { MemoryCalendarRepository } from './repository';
import { RoomCalendars } from './room-calendars';

/** A Thursday morning in the office. */
const START = new Date(2026, 0, 15, 8, 0, 0).getTime();

describe('the virtual office’s calendars', () => {
  let broker: Awaited<ReturnType<typeof startTestBroker>>;
  let home: VirtualHome;
  const clock = new ManualClock(START);
  let calendars: RoomCalendars;

  beforeAll(async () => {
    broker = await startTestBroker();
    home = await startVirtualHome({
      mqttUrl: broker.url,
      scenario: 'office',
      seed: 3,
      clock: new SimManualClock(START),
      serveCalendars: true,
      caldav: true,
    });
    calendars = new RoomCalendars({
      repository: new MemoryCalendarRepository(),
      secrets: new MemorySecretStore(),
      clock,
      logger: silentLogger,
      timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
      roomName: (id) => id,
    });
    calendars.start();
  }, 30_000);

  afterAll(async () => {
    calendars?.stop();
    await home?.stop();
    await broker?.close();
  });

  /** What the simulator booked today in a room (walk-ins are not booked). */
  const booked = (roomId: string) =>
    home.world
      .bookings(START)
      .filter((b) => b.roomId === roomId && !b.unbooked)
      .map((b) => ({ start: b.start, end: b.end, title: b.summary }));
  const today = (roomId: string) =>
    calendars
      .eventsFor(roomId)
      .filter((e) => e.start >= START - 8 * 3_600_000 && e.start < START + 16 * 3_600_000)
      .map((e) => ({ start: e.start, end: e.end, title: e.title }));

  it('serves each meeting room as an ICS URL the hub reads, with the bookings of the coming days', async () => {
    const fjord = home.calendars.find((c) => c.roomId === 'meeting_fjord')!;
    const status = await calendars.configure('meeting_fjord', { source: 'ics-url', url: fjord.url! });
    expect(status).toMatchObject({ status: 'ok' });
    expect(booked('meeting_fjord').length).toBeGreaterThan(0);
    expect(today('meeting_fjord')).toEqual(booked('meeting_fjord'));
    // The next days are there too (the board's "next bookings").
    expect(calendars.eventsFor('meeting_fjord').some((e) => e.start > START + 24 * 3_600_000)).toBe(true);
    // Unchanged: the next poll is a 304.
    const response = await fetch(fjord.url!, { headers: { 'if-none-match': (await fetch(fjord.url!)).headers.get('etag')! } });
    expect(response.status).toBe(304);
  });

  it('puts the same bookings on radicale for CalDAV, ghosts included, walk-ins not', async () => {
    const summit = home.calendars.find((c) => c.roomId === 'meeting_summit')!;
    expect(summit.caldav).toBeDefined();
    const status = await calendars.configure('meeting_summit', { source: 'caldav', ...summit.caldav! });
    expect(status).toMatchObject({ status: 'ok', hasCredentials: true });
    expect(today('meeting_summit')).toEqual(booked('meeting_summit'));
    expect(calendars.canWrite('meeting_summit')).toBe(true);
    expect(calendars.canWrite('meeting_fjord')).toBe(false);
  });
});
