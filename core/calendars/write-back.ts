/**
 * What the hub writes into a CalDAV object, as pure text → text functions over ical.js components: a released
 * meeting noted in its DESCRIPTION or declined for the room, and a new "book now" event. One occurrence of a
 * recurring event is changed through a RECURRENCE-ID override (created from the master when there is none), so the
 * rest of the series is untouched.
 */
import ICAL from 'ical.js';
import type { CalendarEvent } from '../model';
import { CalendarError } from './errors';
import { parseRoot, timeReaderFor, type TimeReader } from './parse';

export type ReleaseHow = 'describe' | 'decline';

/** What a decline did: the room's attendee set to DECLINED, or (the room is no attendee) the event cancelled. */
export type DeclineOutcome = 'declined' | 'cancelled';

/** Appends `note` to the occurrence's DESCRIPTION. */
export function describeOccurrence(ics: string, event: CalendarEvent, note: string, timeZone: string, now: number): string {
  return edit(ics, event, timeZone, now, (vevent) => {
    const before = vevent.getFirstPropertyValue('description');
    const text = typeof before === 'string' && before.trim() ? `${before.trimEnd()}\n\n${note}` : note;
    vevent.updatePropertyWithValue('description', text);
    return undefined;
  }).ics;
}

/**
 * Declines the occurrence for the room: the ATTENDEE that is the room (CUTYPE=ROOM, or one of `roomAddresses`) gets
 * PARTSTAT=DECLINED; when the room is not an attendee, the occurrence gets STATUS:CANCELLED.
 */
export function declineOccurrence(
  ics: string,
  event: CalendarEvent,
  roomAddresses: readonly string[],
  timeZone: string,
  now: number,
): { ics: string; outcome: DeclineOutcome } {
  const wanted = new Set(roomAddresses.map((a) => a.toLowerCase()));
  const result = edit(ics, event, timeZone, now, (vevent) => {
    bumpSequence(vevent);
    const room = vevent.getAllProperties('attendee').find((p) => {
      const address = String(p.getFirstValue() ?? '')
        .replace(/^mailto:/i, '')
        .toLowerCase();
      return String(p.getParameter('cutype') ?? '').toUpperCase() === 'ROOM' || wanted.has(address);
    });
    if (room) {
      room.setParameter('partstat', 'DECLINED');
      room.removeParameter('rsvp');
      return 'declined' as const;
    }
    vevent.updatePropertyWithValue('status', 'CANCELLED');
    return 'cancelled' as const;
  });
  return { ics: result.ics, outcome: result.value ?? 'cancelled' };
}

/** A new VCALENDAR with one event (UTC times), as "book now" writes it. */
export function newEventIcs(slot: { uid: string; start: number; end: number; title: string }, now: number): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', '-//Homeroom//Meeting rooms//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  const vevent = new ICAL.Component('vevent');
  vevent.updatePropertyWithValue('uid', slot.uid);
  vevent.updatePropertyWithValue('dtstamp', utc(now));
  vevent.updatePropertyWithValue('dtstart', utc(slot.start));
  vevent.updatePropertyWithValue('dtend', utc(slot.end));
  vevent.updatePropertyWithValue('summary', slot.title);
  vevent.updatePropertyWithValue('description', 'Booked at the room by Homeroom');
  vevent.updatePropertyWithValue('status', 'CONFIRMED');
  calendar.addSubcomponent(vevent);
  return calendar.toString() + '\r\n';
}

function utc(ms: number): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(Math.floor(ms / 1000) * 1000), true);
}

function bumpSequence(vevent: ICAL.Component): void {
  const sequence = Number(vevent.getFirstPropertyValue('sequence') ?? 0);
  vevent.updatePropertyWithValue('sequence', Number.isFinite(sequence) ? sequence + 1 : 1);
}

/** Finds (or makes) the VEVENT of the occurrence, lets `change` edit it, stamps it and answers the new text. */
function edit<T>(
  ics: string,
  event: CalendarEvent,
  timeZone: string,
  now: number,
  change: (vevent: ICAL.Component) => T,
): { ics: string; value: T } {
  const root = parseRoot(ics);
  const reader = timeReaderFor(root, timeZone);
  const vevent = occurrenceComponent(root, event, reader);
  const value = change(vevent);
  vevent.updatePropertyWithValue('dtstamp', utc(now));
  vevent.updatePropertyWithValue('last-modified', utc(now));
  return { ics: root.toString() + '\r\n', value };
}

function occurrenceComponent(root: ICAL.Component, event: CalendarEvent, reader: TimeReader): ICAL.Component {
  const all = root.getAllSubcomponents('vevent').filter((c) => c.getFirstPropertyValue('uid') === event.uid);
  const master = all.find((c) => !c.hasProperty('recurrence-id'));
  const wanted = Date.parse(event.occurrence);
  const existing = all.find((c) => {
    const id = c.getFirstPropertyValue('recurrence-id');
    return id instanceof ICAL.Time && reader.epoch(id, c, 'recurrence-id') === wanted;
  });
  if (existing) return existing;
  if (!master) throw new CalendarError('not-found', `The calendar no longer has the event "${event.title}"`);
  if (!master.hasProperty('rrule') && !master.hasProperty('rdate')) return master;

  // A recurring master: find the occurrence among its own and write an override for it alone.
  const series = new ICAL.Event(master);
  const iterator = series.iterator();
  for (let i = 0; i < 100_000; i++) {
    const next = iterator.next();
    if (!next) break;
    const at = reader.epoch(next, master, 'dtstart');
    if (at > wanted) break;
    if (at !== wanted) continue;
    const details = series.getOccurrenceDetails(next);
    const override = new ICAL.Component(JSON.parse(JSON.stringify(master.toJSON())) as unknown[]);
    for (const name of ['rrule', 'rdate', 'exdate', 'exrule']) override.removeAllProperties(name);
    const tzid = master.getFirstProperty('dtstart')?.getParameter('tzid');
    const set = (name: string, time: ICAL.Time) => {
      const property = override.updatePropertyWithValue(name, time.clone());
      if (typeof tzid === 'string' && !time.isDate) property.setParameter('tzid', tzid);
    };
    set('recurrence-id', next);
    set('dtstart', details.startDate);
    if (override.hasProperty('dtend')) set('dtend', details.endDate);
    root.addSubcomponent(override);
    return override;
  }
  throw new CalendarError('not-found', `The calendar no longer has the occurrence of "${event.title}" at ${event.occurrence}`);
}
