import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError } from './errors';
import { calendarWindow, DAY_MS, parseCalendar } from './parse';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-30T06:00:00Z');
const window = { ...calendarWindow(NOW), timeZone: 'Europe/Berlin' };

function ics(...events: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n') + '\r\n';
}
function vevent(lines: string[]): string {
  return ['BEGIN:VEVENT', 'DTSTAMP:20261101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
}

const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
].join('\r\n');

describe('parseCalendar', () => {
  it('expands a daily rule in its TZID, drops EXDATEs and applies a RECURRENCE-ID override', () => {
    const text = ics(
      vevent([
        'UID:standup',
        'DTSTART;TZID=Europe/Berlin:20261130T090000',
        'DTEND;TZID=Europe/Berlin:20261130T091500',
        'RRULE:FREQ=DAILY;COUNT=5',
        'EXDATE;TZID=Europe/Berlin:20261202T090000',
        'SUMMARY:Standup',
        'ORGANIZER;CN=Ana:mailto:Ana@Example.com',
      ]),
      vevent([
        'UID:standup',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261201T090000',
        'DTSTART;TZID=Europe/Berlin:20261201T100000',
        'DTEND;TZID=Europe/Berlin:20261201T103000',
        'SUMMARY:Standup (moved)',
      ]),
    );
    const { events, skipped } = parseCalendar(text, window);
    expect(skipped).toBe(0);
    expect(events.map((e) => [e.title, new Date(e.start).toISOString(), new Date(e.end).toISOString(), e.occurrence])).toEqual([
      ['Standup', '2026-11-30T08:00:00.000Z', '2026-11-30T08:15:00.000Z', '2026-11-30T08:00:00.000Z'],
      ['Standup (moved)', '2026-12-01T09:00:00.000Z', '2026-12-01T09:30:00.000Z', '2026-12-01T08:00:00.000Z'],
      ['Standup', '2026-12-03T08:00:00.000Z', '2026-12-03T08:15:00.000Z', '2026-12-03T08:00:00.000Z'],
      ['Standup', '2026-12-04T08:00:00.000Z', '2026-12-04T08:15:00.000Z', '2026-12-04T08:00:00.000Z'],
    ]);
    // The override keeps the master's organiser; addresses are lower case without mailto:.
    expect(events.every((e) => e.organizer === 'ana@example.com')).toBe(true);
  });

  it("uses the file's own VTIMEZONE for a TZID that is no IANA name, across the DST change", () => {
    const text = ics(
      BERLIN_VTIMEZONE,
      vevent([
        'UID:weekly',
        'DTSTART;TZID=W. Europe Standard Time:20261019T100000',
        'DURATION:PT1H',
        'RRULE:FREQ=WEEKLY;COUNT=3',
        'SUMMARY:Weekly',
      ]),
    );
    const from = Date.parse('2026-10-18T00:00:00Z');
    const { events } = parseCalendar(text, { from, to: from + 30 * DAY_MS, timeZone: 'UTC' });
    // 10:00 summer time (UTC+2), then 10:00 winter time (UTC+1) after 25 October.
    expect(events.map((e) => new Date(e.start).toISOString())).toEqual([
      '2026-10-19T08:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
      '2026-11-02T09:00:00.000Z',
    ]);
  });

  it('reads all-day events in the hub’s zone and flags cancelled ones', () => {
    const text = ics(
      vevent(['UID:offsite', 'DTSTART;VALUE=DATE:20261201', 'SUMMARY:Offsite']),
      vevent(['UID:gone', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'STATUS:CANCELLED', 'SUMMARY:Gone']),
    );
    const { events } = parseCalendar(text, window);
    const offsite = events.find((e) => e.uid === 'offsite')!;
    expect(offsite).toMatchObject({ allDay: true, cancelled: false });
    expect(new Date(offsite.start).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(offsite.end - offsite.start).toBe(DAY_MS); // no DTEND on a date: one day (RFC 5545)
    expect(events.find((e) => e.uid === 'gone')).toMatchObject({ cancelled: true, title: 'Gone' });
  });

  it('an event without DTEND lasts its DURATION, or ends at its start (RFC 5545 §3.6.1)', () => {
    const text = ics(
      vevent(['UID:d', 'DTSTART:20261201T100000Z', 'DURATION:PT45M', 'SUMMARY:With duration']),
      vevent(['UID:z', 'DTSTART:20261201T120000Z', 'SUMMARY:No end']),
    );
    const { events } = parseCalendar(text, window);
    expect(events.map((e) => [e.uid, (e.end - e.start) / 60_000])).toEqual([
      ['d', 45],
      ['z', 0],
    ]);
  });

  it('never lets the summary of a private event out, and cleans titles', () => {
    const text = ics(
      vevent(['UID:p', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'CLASS:PRIVATE', 'SUMMARY:Salary talk']),
      vevent(['UID:q', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'SUMMARY:Hi\u202eevil']),
    );
    const { events } = parseCalendar(text, window);
    expect(events.find((e) => e.uid === 'p')).toMatchObject({ title: 'Private', private: true });
    expect(JSON.stringify(events)).not.toContain('Salary');
    expect(events.find((e) => e.uid === 'q')!.title).toBe('Hievil');
  });

  it('skips events it cannot read and says why, keeping the others', () => {
    const text = ics(
      vevent(['UID:nostart', 'SUMMARY:No start']),
      vevent(['UID:ok', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z']),
    );
    const parsed = parseCalendar(text, window);
    expect(parsed.events.map((e) => [e.uid, e.title])).toEqual([['ok', 'Untitled booking']]);
    expect(parsed.skipped).toBe(1);
    expect(parsed.skippedReason).toContain('has no start (DTSTART)');
  });

  it.each([
    ['HTML', '<html><body>Sign in</body></html>'],
    ['an unterminated calendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n'],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n'],
    ['nothing', ''],
  ])('refuses %s as malformed, in words', (_name, text) => {
    let caught: unknown;
    try {
      parseCalendar(text, window);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarError);
    expect((caught as CalendarError).kind).toBe('malformed');
    expect((caught as CalendarError).message).toMatch(/^The calendar is not valid iCalendar/);
  });

  it('bounds an endless minutely rule from long ago', () => {
    const text = ics(vevent(['UID:m', 'DTSTART:20200101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY', 'SUMMARY:Spam']));
    const started = performance.now();
    const parsed = parseCalendar(text, { ...window, maxOccurrences: 500 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(parsed.events.length).toBeLessThanOrEqual(500);
    expect(parsed.skippedReason).toBe('the event "m" repeats too often to expand');
  });
});

describe('parseCalendar properties', () => {
  const rule = fc.record({
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'HOURLY'),
    interval: fc.integer({ min: 1, max: 4 }),
    count: fc.integer({ min: 1, max: 60 }),
    startOffsetH: fc.integer({ min: -24 * 40, max: 24 * 40 }),
    durationMin: fc.integer({ min: 0, max: 240 }),
    excluded: fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 6 }),
    zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
  });

  it('never yields an occurrence outside the window, nor one that was excluded', () => {
    fc.assert(
      fc.property(rule, (r) => {
        const step = r.freq === 'HOURLY' ? HOUR : r.freq === 'DAILY' ? DAY_MS : 7 * DAY_MS;
        const start = Math.floor((NOW + r.startOffsetH * HOUR) / HOUR) * HOUR;
        const stamp = (ms: number) =>
          new Date(ms)
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}/, '');
        // UTC times, so the n-th occurrence is exactly start + n × interval × step.
        const excluded = [...new Set(r.excluded.filter((n) => n < r.count))].map((n) => start + n * r.interval * step);
        const lines = [
          'UID:p',
          `DTSTART:${stamp(start)}`,
          `DURATION:PT${r.durationMin}M`,
          `RRULE:FREQ=${r.freq};INTERVAL=${r.interval};COUNT=${r.count}`,
          ...excluded.map((ms) => `EXDATE:${stamp(ms)}`),
        ];
        const { events } = parseCalendar(ics(vevent(lines)), { ...calendarWindow(NOW), timeZone: r.zone });
        const { from, to } = calendarWindow(NOW);
        for (const e of events) {
          expect(e.end).toBeGreaterThan(from);
          expect(e.start).toBeLessThan(to);
          expect(excluded).not.toContain(e.start);
          expect((e.start - start) % (r.interval * step)).toBe(0);
        }
        // Every occurrence that overlaps the window and was not excluded is there.
        const expected = Array.from({ length: r.count }, (_, n) => start + n * r.interval * step).filter(
          (s) => !excluded.includes(s) && s + r.durationMin * 60_000 > from && s < to,
        );
        expect(events.map((e) => e.start)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('sorts soonest first and keeps one entry per occurrence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 29 * 24 }), { minLength: 1, maxLength: 20 }), (hours) => {
        const text = ics(
          ...hours.map((h, i) =>
            vevent([
              `UID:e${i}`,
              `DTSTART:${new Date(NOW + h * HOUR)
                .toISOString()
                .replace(/[-:]/g, '')
                .replace(/\.\d{3}/, '')}`,
              'DURATION:PT30M',
            ]),
          ),
        );
        const { events } = parseCalendar(text, window);
        expect(events).toHaveLength(hours.length);
        for (let i = 1; i < events.length; i++) expect(events[i]!.start).toBeGreaterThanOrEqual(events[i - 1]!.start);
      }),
      { numRuns: 50 },
    );
  });
});
