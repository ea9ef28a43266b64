/**
 * Room calendars over REST against a real startHub (data directory, embedded broker): set, read, refuse bad input
 * naming the field, never answer the password, keep the bookings over a restart, and delete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../hub';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';

const token = 'test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-api-calendars-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
const clock = new ManualClock(Date.now());
let hub: Hub;
let ics: Server;
let icsUrl: string;
let roomId: string;

const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const calendarText = () =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:standup@test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${utc(clock.now() + 3_600_000)}`,
    'DURATION:PT15M',
    'RRULE:FREQ=DAILY;COUNT=3',
    'SUMMARY:Standup',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const boot = () =>
  startHub(
    { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token, uiDir } },
    { logger: silentLogger, clock },
  );

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as any, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  ics = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.end(calendarText());
  });
  await new Promise<void>((resolve) => ics.listen(0, '127.0.0.1', resolve));
  icsUrl = `http://127.0.0.1:${(ics.address() as AddressInfo).port}/fjord.ics`;
  hub = await boot();
  roomId = (await api('POST', 'rooms', { name: 'Fjord', kind: 'meeting' })).body.id;
});

afterAll(async () => {
  await hub?.stop();
  await new Promise((resolve) => ics?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('room calendars over REST', () => {
  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [
        { source: 'ics-url', url: 'file:///etc/passwd' },
        'Invalid setRoomCalendar request: url: must be an http:// or https:// address, not file:',
      ],
      [
        { source: 'ics-file' },
        'Invalid setRoomCalendar request: ics: is required for an uploaded file: the text of the .ics file',
      ],
      [{ source: 'webcal', url: icsUrl }, 'Invalid setRoomCalendar request: source: '],
      [{ source: 'ics-url', url: icsUrl, pollSeconds: 5 }, 'Invalid setRoomCalendar request: pollSeconds: '],
      [
        { source: 'ics-file', ics: 'BEGIN:VCARD\r\nEND:VCARD\r\n' },
        'Invalid setRoomCalendar request: ics: The calendar is not valid iCalendar',
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await api('PUT', `rooms/${roomId}/calendar`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message.startsWith(message), answer.body.message).toBe(true);
    }
    expect((await api('PUT', 'rooms/nowhere/calendar', { source: 'ics-url', url: icsUrl })).status).toBe(404);
    expect((await api('GET', `rooms/${roomId}/calendar`)).status).toBe(404);
  });

  it('sets a CalDAV calendar without ever answering its password', async () => {
    const answer = await api('PUT', `rooms/${roomId}/calendar`, {
      source: 'caldav',
      url: 'http://127.0.0.1:1/dav/fjord/',
      username: 'fjord',
      password: 's3cret-pass',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ source: 'caldav', status: 'error', problem: 'unreachable', hasCredentials: true });
    expect(answer.text).not.toContain('s3cret-pass');
    expect((await api('GET', `rooms/${roomId}/calendar`)).text).not.toContain('s3cret-pass');
    expect((await api('GET', 'diagnostics')).body.some((d: { subject: string }) => d.subject === 'Calendar of Fjord')).toBe(true);
  });

  it('sets an ICS URL, lists its occurrences in the feed and keeps them over a restart', async () => {
    const answer = await api('PUT', `rooms/${roomId}/calendar`, { source: 'ics-url', url: icsUrl, pollSeconds: 120 });
    expect(answer.body).toMatchObject({
      source: 'ics-url',
      url: icsUrl,
      status: 'ok',
      events: 3,
      pollSeconds: 120,
      hasCredentials: false,
    });
    expect(Date.parse(answer.body.lastSyncAt)).toBe(clock.now());
    expect(hub.calendars.eventsFor(roomId).map((e) => e.title)).toEqual(['Standup', 'Standup', 'Standup']);
    // The CalDAV credentials went with the CalDAV source.
    expect(hub.store!.secrets.names().filter((n) => n.startsWith('calendar:'))).toEqual([]);

    await hub.stop();
    await new Promise((resolve) => ics.close(resolve)); // the calendar's server is gone after the restart
    hub = await boot();
    expect(hub.calendars.eventsFor(roomId)).toHaveLength(3);
    expect((await api('GET', `rooms/${roomId}/calendar`)).body).toMatchObject({ status: 'ok', events: 3 });
    const synced = await api('POST', `rooms/${roomId}/calendar/sync`);
    expect(synced.body).toMatchObject({ status: 'error', problem: 'unreachable', events: 3 });
  });

  it('deletes the calendar with its bookings', async () => {
    expect((await api('DELETE', `rooms/${roomId}/calendar`)).body).toEqual({ roomId, removed: true });
    expect((await api('GET', `rooms/${roomId}/calendar`)).status).toBe(404);
    expect(hub.calendars.eventsFor(roomId)).toEqual([]);
  });
});
