/**
 * ICS URLs against a real HTTP server on 127.0.0.1: conditional requests, and bad input — malformed text, a calendar
 * over 10 MB (declared and streamed), a server that hangs, one that is gone, a 401 — each a clear status while the
 * last good bookings stay and another room's calendar carries on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../integrations/secrets';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { MemoryCalendarRepository } from './repository';
import { RoomCalendars } from './room-calendars';

const DAY = 86_400_000;
const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

type Mode = 'ok' | 'malformed' | 'huge-declared' | 'huge-streamed' | 'hang' | 'hang-body' | 'unauthorized' | 'no-end';

describe('ICS URL calendars', () => {
  let server: Server;
  let base: string;
  const clock = new ManualClock(Date.now());
  let mode: Mode = 'ok';
  let summary = 'Design review';
  const seen: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  const hanging = new Set<ServerResponse>();

  const body = () =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:review@test',
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${utc(clock.now() + DAY)}`,
      ...(mode === 'no-end' ? [] : [`DTEND:${utc(clock.now() + DAY + 3_600_000)}`]),
      `SUMMARY:${summary}`,
      'END:VEVENT',
      ...(mode === 'no-end'
        ? [
            'BEGIN:VEVENT',
            'UID:dur@test',
            'DTSTAMP:20260101T000000Z',
            `DTSTART:${utc(clock.now() + 2 * DAY)}`,
            'DURATION:PT30M',
            'END:VEVENT',
          ]
        : []),
      'END:VCALENDAR',
      '',
    ].join('\r\n');

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    seen.push({
      path: req.url ?? '',
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    if (req.url === '/other.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      return res.end(body());
    }
    switch (mode) {
      case 'ok':
      case 'no-end': {
        const text = body();
        const etag = `"${Buffer.from(text).length}-${summary.length}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'text/calendar', etag, 'last-modified': new Date(0).toUTCString() });
        return res.end(text);
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Please sign in</body></html>');
      case 'unauthorized':
        res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
        return res.end();
      case 'huge-declared':
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(11 * 1024 * 1024) });
        return res.end(); // a server that declares too much is refused before the body is read
      case 'huge-streamed': {
        res.writeHead(200, { 'content-type': 'text/calendar' }); // chunked, no length given
        const chunk = Buffer.alloc(1024 * 1024, 'X');
        let sent = 0;
        const pump = () => {
          while (sent < 12) {
            sent++;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        return pump();
      }
      case 'hang':
        hanging.add(res);
        return; // accepts the request, never answers
      case 'hang-body':
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.write('BEGIN:VCALENDAR\r\n');
        hanging.add(res);
        return; // the body never ends
    }
  };

  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  let calendars: RoomCalendars;
  const diagnostics: string[] = [];
  const rooms: Record<string, string> = { fjord: 'Fjord', summit: 'Summit' };
  beforeEach(() => {
    mode = 'ok';
    summary = 'Design review';
    seen.length = 0;
    diagnostics.length = 0;
    calendars = new RoomCalendars({
      repository: new MemoryCalendarRepository(),
      secrets: new MemorySecretStore(),
      clock,
      logger: silentLogger,
      timeZone: () => 'UTC',
      roomName: (id) => rooms[id],
      diagnostic: (d) => diagnostics.push(`${d.level} ${d.subject}: ${d.message}`),
      timeoutMs: 400,
    });
    calendars.start();
    return () => calendars.stop();
  });

  it('asks with the ETag and takes 304 as unchanged', async () => {
    const changed: string[] = [];
    calendars.onChange((id) => changed.push(id));
    const first = await calendars.configure('fjord', { source: 'ics-url', url: `${base}/fjord.ics` });
    expect(first).toMatchObject({ status: 'ok', events: 1, pollSeconds: 60 });
    expect(changed).toEqual(['fjord']);
    await calendars.syncNow('fjord');
    expect(seen.at(-1)?.ifNoneMatch).toMatch(/^"\d+-13"$/);
    expect(seen.at(-1)?.ifModifiedSince).toBe(new Date(0).toUTCString());
    expect(changed).toEqual(['fjord']); // 304: nothing changed, nothing announced
    summary = 'Budget';
    clock.advance(60_000); // the poll
    await expect.poll(() => calendars.eventsFor('fjord')[0]?.title).toBe('Budget');
    expect(changed).toEqual(['fjord', 'fjord']);
  });

  it('reads an event without DTEND as RFC 5545 says (DURATION, else ending at its start)', async () => {
    mode = 'no-end';
    await calendars.configure('fjord', { source: 'ics-url', url: `${base}/fjord.ics` });
    expect(calendars.eventsFor('fjord').map((e) => [e.uid, (e.end - e.start) / 60_000])).toEqual([
      ['review@test', 0],
      ['dur@test', 30],
    ]);
  });

  it.each<[Mode, string, RegExp]>([
    ['malformed', 'malformed', /^The calendar is not valid iCalendar: /],
    ['huge-declared', 'too-large', /^The calendar is larger than 10 MB; the hub does not read it$/],
    ['huge-streamed', 'too-large', /^The calendar is larger than 10 MB; the hub does not read it$/],
    ['hang', 'timeout', /^127\.0\.0\.1:\d+ did not answer within 400 ms \(timeout\)$/],
    ['hang-body', 'timeout', /^127\.0\.0\.1:\d+ did not answer within 400 ms \(timeout\)$/],
    ['unauthorized', 'unauthorized', /^127\.0\.0\.1:\d+ refused the username or password \(401\)$/],
  ])('%s: a clear message, the last good bookings kept, another room unaffected', async (bad, problem, message) => {
    await calendars.configure('fjord', { source: 'ics-url', url: `${base}/fjord.ics` });
    await calendars.configure('summit', { source: 'ics-url', url: `${base}/other.ics` });
    const before = calendars.eventsFor('fjord');
    expect(before).toHaveLength(1);
    mode = bad;
    await calendars.syncNow('fjord');
    const status = calendars.status('fjord')!;
    expect(status).toMatchObject({ status: 'error', problem, events: 1 });
    expect(status.error).toMatch(message);
    expect(status.lastSyncAt).not.toBeNull();
    expect(calendars.eventsFor('fjord')).toEqual(before);
    expect(diagnostics.at(-1)).toBe(`error Calendar of Fjord: ${status.error}; the last bookings are kept`);
    // The other room syncs as ever.
    await calendars.syncNow('summit');
    expect(calendars.status('summit')).toMatchObject({ status: 'ok', events: 1 });
    // And fjord recovers once its server does.
    mode = 'ok';
    await calendars.syncNow('fjord');
    expect(calendars.status('fjord')).toMatchObject({ status: 'ok' });
  });

  it('says a server that is gone is unreachable', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const status = await calendars.configure('fjord', { source: 'ics-url', url: `http://127.0.0.1:${port}/x.ics` });
    expect(status).toMatchObject({ status: 'error', problem: 'unreachable', error: `127.0.0.1:${port} refused the connection` });
  });

  it('refuses input that makes no sense, naming the field', async () => {
    const cases: [Parameters<RoomCalendars['configure']>[1], string][] = [
      [{ source: 'ics-url', url: 'ftp://example.com/x.ics' }, 'url'],
      [{ source: 'ics-url', url: 'not a url' }, 'url'],
      [{ source: 'ics-url' }, 'url'],
      [{ source: 'ics-file' }, 'ics'],
      [{ source: 'ics-file', ics: 'hello' }, 'ics'],
      [{ source: 'caldav', url: `${base}/dav/`, username: 'a' }, 'password'],
      [{ source: 'caldav', url: 'http://u:p@127.0.0.1/dav/' }, 'url'],
      [{ source: 'ics-url', url: `${base}/x.ics`, pollSeconds: 1 }, 'pollSeconds'],
    ];
    for (const [input, field] of cases)
      await expect(calendars.configure('fjord', input), JSON.stringify(input)).rejects.toMatchObject({ field });
    expect(calendars.status('fjord')).toBeUndefined();
  });

  it('an uploaded file is parsed at once and removed with its bookings', async () => {
    const status = await calendars.configure('fjord', { source: 'ics-file', ics: body() });
    expect(status).toMatchObject({ status: 'ok', source: 'ics-file', url: null, events: 1 });
    expect(calendars.remove('fjord')).toBe(true);
    expect(calendars.eventsFor('fjord')).toEqual([]);
    expect(calendars.status('fjord')).toBeUndefined();
  });
});
