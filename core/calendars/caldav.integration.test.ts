/**
 * Room calendars against a real CalDAV server: Debian's radicale, started here on 127.0.0.1 with a throwaway config,
 * and the hub's real store (SQLite, encrypted secrets). What the hub wrote is checked with a plain CalDAV REPORT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRadicale, type Radicale } from '../../sim/radicale';
import { openStore, type Store } from '../store/store';
import { tempDataDir } from '../store/test-support';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { RoomCalendars } from './room-calendars';

const USER = 'fjord@office.example';
const PASSWORD = 'correct horse';
const auth = { user: USER, password: PASSWORD };
const DAY = 86_400_000;

/** 09:00 Europe/Berlin on the first Monday after now, as iCalendar local time, and that instant. */
function nextMondayNine(now: number): { local: string; at: number; date: Date } {
  const d = new Date(now + 2 * DAY);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  // Berlin is UTC+1 in winter and UTC+2 in summer: compute the instant from Intl to stay right all year.
  const guess = Date.UTC(y, d.getUTCMonth(), d.getUTCDate(), 9);
  const berlinHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: 'numeric', hourCycle: 'h23' }).format(guess),
  );
  return { local: `${y}${m}${day}T090000`, at: guess - (berlinHour - 9) * 3_600_000, date: d };
}

function localPlusDays(local: string, days: number): string {
  const d = new Date(Date.UTC(+local.slice(0, 4), +local.slice(4, 6) - 1, +local.slice(6, 8) + days));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${local.slice(8)}`;
}

function calendar(...body: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Homeroom tests//EN', ...body, 'END:VCALENDAR', ''].join('\r\n');
}

const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('room calendars over CalDAV (radicale)', () => {
  let radicale: Radicale;
  let data: ReturnType<typeof tempDataDir>;
  let store: Store;
  let calendarUrl: string;
  const clock = new ManualClock(Date.now());
  let calendars: RoomCalendars;
  const diagnostics: string[] = [];
  const changes: string[] = [];
  const monday = nextMondayNine(clock.now());
  let roomId: string;

  const weekly = (summary = 'Weekly planning') =>
    calendar(
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=Europe/Berlin:${monday.local}`,
      `DTEND;TZID=Europe/Berlin:${monday.local.slice(0, 9)}100000`,
      'RRULE:FREQ=WEEKLY;COUNT=4',
      // The second Monday is off; the third moves to 14:00.
      `EXDATE;TZID=Europe/Berlin:${localPlusDays(monday.local, 7)}`,
      `SUMMARY:${summary}`,
      'ORGANIZER:mailto:Ana@Office.Example',
      'ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:fjord@office.example',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'DTSTAMP:20260101T000000Z',
      `RECURRENCE-ID;TZID=Europe/Berlin:${localPlusDays(monday.local, 14)}`,
      `DTSTART;TZID=Europe/Berlin:${localPlusDays(monday.local, 14).slice(0, 9)}140000`,
      `DTEND;TZID=Europe/Berlin:${localPlusDays(monday.local, 14).slice(0, 9)}150000`,
      `SUMMARY:${summary} (moved)`,
      'END:VEVENT',
    );
  const single = (uid: string, start: number, extra: string[] = []) =>
    calendar(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${utc(start)}`,
      `DTEND:${utc(start + 3_600_000)}`,
      `SUMMARY:${uid}`,
      ...extra,
      'END:VEVENT',
    );

  beforeAll(async () => {
    radicale = await startRadicale({ [USER]: PASSWORD });
    calendarUrl = await radicale.makeCalendar(USER, PASSWORD, 'fjord', 'Meeting room Fjord');
    await radicale.put(calendarUrl, auth, 'weekly@test', weekly());
    await radicale.put(calendarUrl, auth, 'review@test', single('review@test', clock.now() + DAY));
    data = tempDataDir();
    store = openStore({ dataDir: data.dir, clock, logger: silentLogger });
    roomId = store.rooms.create({ name: 'Fjord', kind: 'meeting' }).id;
    calendars = new RoomCalendars({
      repository: store.calendars,
      secrets: store.secrets,
      clock,
      logger: silentLogger,
      timeZone: () => 'Europe/Berlin',
      roomName: (id) => store.rooms.get(id)?.name,
      diagnostic: (d) => diagnostics.push(`${d.level} ${d.subject}: ${d.message}`),
      timeoutMs: 5_000,
    });
    calendars.onChange((id) => changes.push(id));
    calendars.start();
  }, 30_000);

  afterAll(async () => {
    calendars?.stop();
    store?.close();
    data?.remove();
    await radicale?.stop();
  });

  const listed = () =>
    calendars
      .eventsFor(roomId)
      .map((e) => ({ uid: e.uid, title: e.title, start: new Date(e.start).toISOString(), cancelled: e.cancelled }));

  it('lists the right occurrences of a recurring event with an exception, an EXDATE and a TZID', async () => {
    const status = await calendars.configure(roomId, {
      source: 'caldav',
      url: calendarUrl,
      username: USER,
      password: PASSWORD,
    });
    expect(status).toMatchObject({ status: 'ok', source: 'caldav', url: calendarUrl, hasCredentials: true });
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
    const weeklyOnes = listed().filter((e) => e.uid === 'weekly@test');
    expect(weeklyOnes).toEqual([
      { uid: 'weekly@test', title: 'Weekly planning', start: new Date(monday.at).toISOString(), cancelled: false },
      {
        uid: 'weekly@test',
        title: 'Weekly planning (moved)',
        start: new Date(monday.at + 14 * DAY + 5 * 3_600_000).toISOString(),
        cancelled: false,
      },
      { uid: 'weekly@test', title: 'Weekly planning', start: new Date(monday.at + 21 * DAY).toISOString(), cancelled: false },
    ]);
    expect(listed().map((e) => e.uid)).toContain('review@test');
    const first = calendars.eventsFor(roomId)[0]!;
    expect(first.organizer ?? calendars.eventsFor(roomId)[1]!.organizer).toBeDefined();
    expect(calendars.eventsFor(roomId).find((e) => e.uid === 'weekly@test')!.organizer).toBe('ana@office.example');
    // The password is a secret, sealed; the config row has none of it.
    const row = store.database.main.prepare('SELECT config FROM room_calendars WHERE room_id = ?').get(roomId) as {
      config: string;
    };
    expect(row.config).not.toContain(PASSWORD);
    expect(row.config).not.toContain(USER);
  });

  it('follows a change on the server at the next poll', async () => {
    changes.length = 0;
    await radicale.put(calendarUrl, auth, 'weekly@test', weekly('Quarterly planning'));
    clock.advance(60_000);
    await expect.poll(() => listed().find((e) => e.uid === 'weekly@test')?.title, { timeout: 10_000 }).toBe('Quarterly planning');
    expect(changes).toContain(roomId);
  });

  it('flags a cancelled event cancelled, and drops a deleted one', async () => {
    await radicale.put(calendarUrl, auth, 'review@test', single('review@test', clock.now() + DAY, ['STATUS:CANCELLED']));
    await radicale.put(calendarUrl, auth, 'gone@test', single('gone@test', clock.now() + 2 * DAY));
    await calendars.syncNow(roomId);
    expect(listed().find((e) => e.uid === 'review@test')?.cancelled).toBe(true);
    expect(listed().map((e) => e.uid)).toContain('gone@test');
    await radicale.remove(calendarUrl, auth, 'gone@test');
    clock.advance(60_000);
    await expect.poll(() => listed().map((e) => e.uid), { timeout: 10_000 }).not.toContain('gone@test');
  });

  it('says a wrong password clearly and keeps the last bookings', async () => {
    const before = listed();
    const status = await calendars.configure(roomId, {
      source: 'caldav',
      url: calendarUrl,
      username: USER,
      password: 'wrong',
    });
    expect(status).toMatchObject({ status: 'error', problem: 'unauthorized' });
    expect(status.error).toBe(`127.0.0.1:${radicale.port} refused the username or password (401)`);
    expect(listed()).toEqual(before);
    expect(diagnostics.at(-1)).toBe(
      `error Calendar of Fjord: 127.0.0.1:${radicale.port} refused the username or password (401); the last bookings are kept`,
    );
    // A restart before any sync shows the same bookings (from the store).
    const again = new RoomCalendars({
      repository: store.calendars,
      secrets: store.secrets,
      clock,
      logger: silentLogger,
      roomName: (id) => store.rooms.get(id)?.name,
    });
    again.start();
    expect(again.eventsFor(roomId).map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    again.stop();
    // Back to the right password: it is read again.
    const fixed = await calendars.configure(roomId, { source: 'caldav', url: calendarUrl, username: USER, password: PASSWORD });
    expect(fixed.status).toBe('ok');
    expect(diagnostics.at(-1)).toBe('info Calendar of Fjord: The calendar is read again (caldav)');
  });

  it('writes a released occurrence back so a plain REPORT sees it, leaving the series alone', async () => {
    const occurrence = calendars.eventsFor(roomId).find((e) => e.uid === 'weekly@test' && e.start === monday.at)!;
    await calendars.markReleased(roomId, occurrence, 'describe');
    const objects = await radicale.report(calendarUrl, auth);
    const text = objects.find((o) => o.href.endsWith('weekly%40test.ics') || o.href.endsWith('weekly@test.ics'))!.data;
    const unfolded = text.replace(/\r?\n[ \t]/g, '');
    expect(unfolded).toMatch(/DESCRIPTION:Released by Homeroom at \d\d:\d\d: nobody came/);
    expect(unfolded).toContain(`RECURRENCE-ID;TZID=Europe/Berlin:${monday.local}`);
    // The series still has its rule and the other occurrences.
    expect(unfolded).toContain('RRULE:FREQ=WEEKLY;COUNT=4');
    expect(listed().filter((e) => e.uid === 'weekly@test')).toHaveLength(3);
  });

  it('declines for the room when it is an attendee, and cancels when it is not', async () => {
    const weeklyLater = calendars.eventsFor(roomId).find((e) => e.uid === 'weekly@test' && e.start === monday.at + 21 * DAY)!;
    expect(await calendars.writeBack(roomId, weeklyLater, 'decline')).toBe('declined');
    await radicale.put(calendarUrl, auth, 'solo@test', single('solo@test', clock.now() + 3 * DAY));
    await calendars.syncNow(roomId);
    const solo = calendars.eventsFor(roomId).find((e) => e.uid === 'solo@test')!;
    expect(await calendars.writeBack(roomId, solo, 'decline')).toBe('cancelled');

    const objects = await radicale.report(calendarUrl, auth);
    const weeklyText = objects.find((o) => o.data.includes('UID:weekly@test'))!.data.replace(/\r?\n[ \t]/g, '');
    expect(weeklyText).toMatch(/ATTENDEE;CUTYPE=ROOM;PARTSTAT=DECLINED:mailto:fjord@office\.example/);
    const soloText = objects.find((o) => o.data.includes('UID:solo@test'))!.data;
    expect(soloText).toContain('STATUS:CANCELLED');
    expect(calendars.eventsFor(roomId).find((e) => e.uid === 'solo@test')?.cancelled).toBe(true);
  });

  it('retries with the new ETag when the event changed on the server since the last read (If-Match)', async () => {
    await radicale.put(calendarUrl, auth, 'edited@test', single('edited@test', clock.now() + 4 * DAY));
    await calendars.syncNow(roomId);
    const event = calendars.eventsFor(roomId).find((e) => e.uid === 'edited@test')!;
    // Someone edits it on the server; the hub still holds the old ETag.
    await radicale.put(calendarUrl, auth, 'edited@test', single('edited@test', clock.now() + 4 * DAY, ['LOCATION:Fjord']));
    await calendars.markReleased(roomId, event, 'describe');
    const text = (await radicale.report(calendarUrl, auth)).find((o) => o.data.includes('UID:edited@test'))!.data;
    expect(text).toContain('LOCATION:Fjord');
    expect(text.replace(/\r?\n[ \t]/g, '')).toMatch(/DESCRIPTION:Released by Homeroom at \d\d:\d\d: nobody came/);
  });

  it('books now: the new event is on the server and in the feed', async () => {
    const start = clock.now() + 60_000;
    const booked = await calendars.bookNow(roomId, { start, end: start + 30 * 60_000, title: 'Booked at the door' });
    expect(booked).toMatchObject({ title: 'Booked at the door', cancelled: false });
    const objects = await radicale.report(calendarUrl, auth);
    expect(objects.some((o) => o.data.includes(`UID:${booked.uid}`) && o.data.includes('SUMMARY:Booked at the door'))).toBe(true);
    expect(calendars.eventsFor(roomId).some((e) => e.uid === booked.uid)).toBe(true);
  });
});
