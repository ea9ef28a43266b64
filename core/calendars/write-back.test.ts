import { describe, expect, it } from 'vitest';
import { calendarWindow, parseCalendar } from './parse';
import { declineOccurrence, describeOccurrence, newEventIcs } from './write-back';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const window = { ...calendarWindow(NOW), timeZone: 'Europe/Berlin' };
const single = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:one@test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261202T100000Z',
  'DTEND:20261202T110000Z',
  'SUMMARY:Review',
  'DESCRIPTION:Agenda: budget',
  'ATTENDEE;CN=Ana;PARTSTAT=ACCEPTED:mailto:ana@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('write-back', () => {
  const event = parseCalendar(single, window).events[0]!;

  it('appends the release note to a single event’s description, keeping what was there', () => {
    const out = unfold(describeOccurrence(single, event, 'Released by Homeroom at 11:10: nobody came', 'Europe/Berlin', NOW));
    expect(out).toContain('DESCRIPTION:Agenda: budget\\n\\nReleased by Homeroom at 11:10: nobody came');
    expect(out).not.toContain('RECURRENCE-ID');
    expect(out).toContain('DTSTAMP:20261201T090000Z');
    // Still the same booking for the parser.
    expect(parseCalendar(out, window).events).toEqual([event]);
  });

  it('cancels an event the room is not an attendee of, and bumps its SEQUENCE', () => {
    const { ics, outcome } = declineOccurrence(single, event, ['fjord@example.com'], 'Europe/Berlin', NOW);
    expect(outcome).toBe('cancelled');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SEQUENCE:1');
    expect(unfold(ics)).toContain('PARTSTAT=ACCEPTED:mailto:ana@example.com'); // nobody else's answer changes
    expect(parseCalendar(ics, window).events[0]).toMatchObject({ cancelled: true });
  });

  it('declines for the room when the room is an attendee by its address', () => {
    const withRoom = single.replace(
      'END:VEVENT',
      'ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:Fjord@Example.com\r\nEND:VEVENT',
    );
    const { ics, outcome } = declineOccurrence(withRoom, event, ['fjord@example.com'], 'Europe/Berlin', NOW);
    expect(outcome).toBe('declined');
    expect(unfold(ics)).toContain('ATTENDEE;PARTSTAT=DECLINED:mailto:Fjord@Example.com');
    expect(ics).not.toContain('STATUS:CANCELLED');
  });

  it('writes a "book now" event the parser reads back as the same slot', () => {
    const start = Date.parse('2026-12-01T09:30:00Z');
    const text = newEventIcs(
      { uid: 'homeroom-1@homeroom.invalid', start, end: start + 30 * 60_000, title: 'Booked, at the door' },
      NOW,
    );
    expect(parseCalendar(text, window).events).toEqual([
      {
        uid: 'homeroom-1@homeroom.invalid',
        occurrence: new Date(start).toISOString(),
        title: 'Booked, at the door',
        start,
        end: start + 30 * 60_000,
        private: false,
        allDay: false,
        cancelled: false,
      },
    ]);
  });
});
