import { dayKey, HOUR, MINUTE } from '../clock';
import type { Booking } from '../people';
import { hash01, Random, hash32 } from '../random';

/**
 * Meeting-room bookings for one day and their RFC 5545 (iCalendar) text, for the
 * calendar features of the hub. Some bookings are ghosts: nobody turns up; some meetings end early (everyone leaves
 * 15–30 minutes before the booked end); and some free slots are used without a booking (walk-ins, `unbooked`, never
 * written to the calendar). Those two are drawn from their own hashes, so the bookings themselves stay as they were.
 */

const TOPICS = [
  'Weekly sync',
  'Design review',
  'Sprint planning',
  '1:1',
  'Customer call',
  'Budget, Q3',
  'Interview',
  'Retro; lessons learned',
  'Roadmap',
];

export function generateBookings(
  seed: number,
  dayStart: number,
  rooms: readonly { id: string }[],
  people: readonly string[],
): Booking[] {
  const weekday = new Date(dayStart + 12 * HOUR).getDay();
  if (weekday === 0 || weekday === 6) return [];
  const out: Booking[] = [];
  for (const room of rooms) {
    const rng = new Random(hash32(seed, 'bookings', room.id, dayKey(dayStart + 12 * HOUR)));
    let slot = 9 * 2 + rng.int(0, 2); // half-hour slots from 09:00
    while (slot < 17 * 2) {
      const length = rng.pick([1, 2, 2, 3]); // 30–90 minutes
      if (slot + length > 17 * 2) break;
      const n = Math.min(people.length, rng.int(2, 4));
      const attendees = [...people].sort((a, b) => hash01(seed, room.id, slot, a) - hash01(seed, room.id, slot, b)).slice(0, n);
      out.push({
        roomId: room.id,
        start: dayStart + slot * 30 * MINUTE,
        end: dayStart + (slot + length) * 30 * MINUTE,
        summary: rng.pick(TOPICS),
        attendees,
        ghost: rng.chance(0.25),
      });
      const gap = rng.int(0, 3);
      const booking = out.at(-1)!;
      if (!booking.ghost && length >= 2 && hash01(seed, 'early', room.id, dayStart, slot) < 0.25)
        booking.endsEarlyMin = 15 + Math.floor(hash01(seed, 'early-by', room.id, dayStart, slot) * 16);
      // A free half hour right after: sometimes two people just walk in.
      if (gap >= 1 && slot + length < 17 * 2 && hash01(seed, 'walk-in', room.id, dayStart, slot) < 0.3)
        out.push({
          roomId: room.id,
          start: dayStart + (slot + length) * 30 * MINUTE,
          end: dayStart + (slot + length + 1) * 30 * MINUTE,
          summary: 'Walk-in',
          attendees: [...people].sort((a, b) => hash01(seed, 'w', slot, a) - hash01(seed, 'w', slot, b)).slice(0, 2),
          ghost: false,
          unbooked: true,
        });
      slot += length + gap;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** UTC date-time in iCalendar basic format: 20260115T090000Z. */
export function icsDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export function icsEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Fold lines longer than 75 octets (RFC 5545 §3.1): CRLF followed by one space. */
export function icsFold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function bookingsToIcs(
  calendarName: string,
  bookings: readonly Booking[],
  names: (personId: string) => string,
  stamp: number,
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Homeroom//Virtual office//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsEscape(calendarName)}`,
  ];
  for (const b of bookings) {
    if (b.unbooked) continue; // a walk-in is exactly what is not in the calendar
    const organizer = b.attendees[0];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${b.roomId}-${icsDate(b.start)}@homeroom.invalid`,
      `DTSTAMP:${icsDate(stamp)}`,
      `DTSTART:${icsDate(b.start)}`,
      `DTEND:${icsDate(b.end)}`,
      `SUMMARY:${icsEscape(b.summary)}`,
      `LOCATION:${icsEscape(calendarName)}`,
    );
    if (organizer) lines.push(`ORGANIZER;CN="${names(organizer)}":mailto:${organizer}@example.com`);
    for (const a of b.attendees)
      lines.push(`ATTENDEE;CN="${names(a)}";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${a}@example.com`);
    lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(icsFold).join('\r\n') + '\r\n';
}
