import { describe, expect, it } from 'vitest';
import { bookingsToIcs, generateBookings, icsDate, icsEscape, icsFold } from './calendar';

const THURSDAY = new Date(2026, 0, 15).getTime();
const rooms = [{ id: 'meeting_fjord' }, { id: 'meeting_summit' }];
const people = ['ana', 'ben', 'chloe', 'dev'];

describe('meeting room calendars (RFC 5545)', () => {
  it('bookings fall within office hours, never overlap per room, and some are ghosts over a week', () => {
    let ghosts = 0;
    let total = 0;
    for (let d = 0; d < 7; d++) {
      const day = new Date(2026, 0, 12 + d).getTime();
      const bookings = generateBookings(5, day, rooms, people);
      total += bookings.length;
      ghosts += bookings.filter((b) => b.ghost).length;
      for (const room of rooms) {
        const mine = bookings.filter((b) => b.roomId === room.id);
        for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
        for (const b of mine) {
          expect(new Date(b.start).getHours()).toBeGreaterThanOrEqual(9);
          expect(b.end - day).toBeLessThanOrEqual(17 * 3_600_000);
          expect(b.attendees.length).toBeGreaterThanOrEqual(2);
        }
      }
    }
    expect(total).toBeGreaterThan(10);
    expect(ghosts).toBeGreaterThan(0);
    expect(ghosts).toBeLessThan(total);
  });

  it('produces well-formed iCalendar text', () => {
    const all = generateBookings(5, THURSDAY, rooms, people).filter((b) => b.roomId === 'meeting_fjord');
    const ics = bookingsToIcs('Meeting room Fjord', all, (id) => id.toUpperCase(), THURSDAY);
    const bookings = all.filter((b) => !b.unbooked); // walk-ins are not in the calendar
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
    const lines = ics.split('\r\n').slice(0, -1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
    expect(unfolded[0]).toBe('BEGIN:VCALENDAR');
    expect(unfolded).toContain('VERSION:2.0');
    expect(unfolded.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(unfolded.at(-1)).toBe('END:VCALENDAR');
    expect(unfolded.filter((l) => l === 'BEGIN:VEVENT').length).toBe(bookings.length);
    expect(unfolded.filter((l) => l === 'END:VEVENT').length).toBe(bookings.length);
    for (const prop of ['UID:', 'DTSTAMP:', 'DTSTART:', 'DTEND:', 'SUMMARY:']) {
      expect(unfolded.filter((l) => l.startsWith(prop)).length).toBe(bookings.length);
    }
    expect(unfolded.filter((l) => l.startsWith('DTSTART:')).every((l) => /^DTSTART:\d{8}T\d{6}Z$/.test(l))).toBe(true);
  });

  it('over a week some meetings end early and some free slots are used without a booking', () => {
    const week = Array.from({ length: 7 }, (_, d) =>
      generateBookings(5, new Date(2026, 0, 12 + d).getTime(), rooms, people),
    ).flat();
    const early = week.filter((b) => b.endsEarlyMin !== undefined);
    const walkIns = week.filter((b) => b.unbooked);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((b) => !b.ghost && b.endsEarlyMin! >= 15 && b.endsEarlyMin! <= 30)).toBe(true);
    expect(walkIns.length).toBeGreaterThan(0);
    for (const w of walkIns) {
      // In a free slot of its room: overlapping no booking.
      const others = week.filter((b) => b !== w && b.roomId === w.roomId);
      expect(others.some((b) => b.start < w.end && w.start < b.end)).toBe(false);
      expect(bookingsToIcs('x', [w], (id) => id, THURSDAY)).not.toContain('BEGIN:VEVENT');
    }
  });

  it('escapes TEXT, folds long lines, formats UTC dates', () => {
    expect(icsEscape('Budget, Q3; a\\b\nc')).toBe('Budget\\, Q3\\; a\\\\b\\nc');
    const folded = icsFold('SUMMARY:' + 'é'.repeat(60));
    expect(folded.split('\r\n ').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe('SUMMARY:' + 'é'.repeat(60));
    expect(icsDate(Date.UTC(2026, 0, 15, 9, 30))).toBe('20260115T093000Z');
  });
});
