/**
 * iCalendar text → the occurrences of a window, with ical.js doing the parsing and the recurrence rules (never by
 * hand). Pure: no I/O, no clock, and nothing registered in ical.js's global time-zone service, so one calendar's
 * VTIMEZONE can never change how another calendar is read.
 *
 * Times: a TZID defined by the file's own VTIMEZONE uses that definition; otherwise an IANA TZID uses the platform's
 * zone data; floating times, dates (all-day events) and unknown TZIDs are read in the hub's zone.
 */
import ICAL from 'ical.js';
import { atWallClock, isZone } from '../automations/rules/zone';
import { cleanText, type CalendarEvent } from '../model';
import { CalendarError } from './errors';

export const DAY_MS = 86_400_000;

/** The window the hub keeps: a day back (a meeting in progress, yesterday's for the report) to 30 days ahead. */
export function calendarWindow(now: number): { from: number; to: number } {
  return { from: now - DAY_MS, to: now + 30 * DAY_MS };
}

export interface ParseOptions {
  from: number;
  to: number;
  /** The hub's IANA zone, for floating times and all-day events. */
  timeZone: string;
  /** At most this many occurrences in the window, over the whole calendar (default 5000). */
  maxOccurrences?: number;
  /** Recurrence steps tried per event before it is skipped as unreadable (default 20 000: daily since 1970). */
  maxIterations?: number;
}

export interface ParsedCalendar {
  /** Soonest first (then by UID), cancelled occurrences included and flagged. */
  events: CalendarEvent[];
  /** Events that could not be read (no start, a broken rule), counted, with the first reason. */
  skipped: number;
  skippedReason?: string;
  /** Set when `maxOccurrences` cut the list short. */
  truncated: boolean;
}

const PRIVATE_TITLE = 'Private';
const UNTITLED = 'Untitled booking';
const TITLE_MAX = 200;

/** Parses and expands; throws CalendarError('malformed') when the text is not an iCalendar object at all. */
export function parseCalendar(text: string, options: ParseOptions): ParsedCalendar {
  const root = parseRoot(text);
  const maxOccurrences = options.maxOccurrences ?? 5000;
  const reader = timeReaderFor(root, options.timeZone);

  // Masters by UID, and their RECURRENCE-ID overrides (which may come before the master in the file).
  const masters = new Map<string, ICAL.Component>();
  const overrides = new Map<string, ICAL.Component[]>();
  let skipped = 0;
  let skippedReason: string | undefined;
  const skip = (why: string) => {
    skipped++;
    skippedReason ??= why;
  };
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = vevent.getFirstPropertyValue('uid');
    if (typeof uid !== 'string' || !uid) {
      skip('an event has no UID');
      continue;
    }
    if (!vevent.hasProperty('dtstart')) {
      skip(`the event "${uid}" has no start (DTSTART)`);
      continue;
    }
    if (vevent.hasProperty('recurrence-id')) {
      const list = overrides.get(uid) ?? [];
      list.push(vevent);
      overrides.set(uid, list);
    } else if (!masters.has(uid)) masters.set(uid, vevent);
  }

  const events: CalendarEvent[] = [];
  let truncated = false;
  const add = (event: CalendarEvent) => {
    if (event.end <= options.from || event.start >= options.to) return;
    if (events.length >= maxOccurrences) {
      truncated = true;
      return;
    }
    events.push(event);
  };

  for (const [uid, vevent] of masters) {
    try {
      const master = new ICAL.Event(vevent, { strictExceptions: true });
      const own = overrides.get(uid) ?? [];
      overrides.delete(uid);
      for (const o of own) master.relateException(o);
      if (!master.isRecurring()) {
        add(occurrenceOf(uid, vevent, master.startDate, master.startDate, master.endDate, reader));
        continue;
      }
      const iterator = master.iterator();
      const maxIterations = options.maxIterations ?? 20_000;
      // Occurrences start in order; the walk stops past the window (or at the bound, which skips the event).
      for (let i = 0; ; i++) {
        if (i >= maxIterations) {
          skip(`the event "${uid}" repeats too often to expand`);
          break;
        }
        const next = iterator.next();
        if (!next) break;
        const details = master.getOccurrenceDetails(next);
        const item = details.item;
        const recurrenceStart = reader.epoch(next, master.component, 'dtstart');
        if (recurrenceStart >= options.to && reader.epoch(details.startDate, item.component, 'dtstart') >= options.to) break;
        add(occurrenceOf(uid, item.component, next, details.startDate, details.endDate, reader, master.component));
        if (events.length >= maxOccurrences && truncated) break;
      }
    } catch (error) {
      skip(`the event "${uid}" could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  // Overrides whose master is missing (a calendar shared with only the changed occurrence): each stands alone.
  for (const [uid, list] of overrides)
    for (const vevent of list) {
      try {
        const event = new ICAL.Event(vevent);
        add(occurrenceOf(uid, vevent, event.recurrenceId ?? event.startDate, event.startDate, event.endDate, reader));
      } catch (error) {
        skip(`the event "${uid}" could not be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }

  events.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return { events, skipped, ...(skippedReason ? { skippedReason } : {}), truncated };
}

/** The calendar's own VTIMEZONEs, kept to this calendar. */
export function timeReaderFor(root: ICAL.Component, hubZone: string): TimeReader {
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtz.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') zones.set(tzid, new ICAL.Timezone(vtz));
  }
  return new TimeReader(zones, hubZone);
}

export function parseRoot(text: string): ICAL.Component {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new CalendarError('malformed', `The calendar is not valid iCalendar: ${errorText(error)}`);
  }
  // ICAL.parse answers an array of components when the text holds several; the first VCALENDAR is the calendar.
  const list = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])) as unknown[];
  for (const item of Array.isArray(list) ? list : []) {
    if (!Array.isArray(item) || item[0] !== 'vcalendar') continue;
    return new ICAL.Component(item as unknown as ConstructorParameters<typeof ICAL.Component>[0]);
  }
  throw new CalendarError('malformed', 'The calendar is not valid iCalendar: it has no VCALENDAR');
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return cleanText(text, 200) || 'unreadable';
}

/**
 * One occurrence. `recurrence` is the occurrence's original start (the RECURRENCE-ID), `start`/`end` where it is now.
 * `component` is the VEVENT that describes it (an override, or the master); `master` gives the original's zone.
 */
function occurrenceOf(
  uid: string,
  component: ICAL.Component,
  recurrence: ICAL.Time,
  start: ICAL.Time,
  end: ICAL.Time,
  reader: TimeReader,
  master: ICAL.Component = component,
): CalendarEvent {
  const cls = String(component.getFirstPropertyValue('class') ?? master.getFirstPropertyValue('class') ?? '').toUpperCase();
  const isPrivate = cls === 'PRIVATE' || cls === 'CONFIDENTIAL';
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const startMs = reader.epoch(start, component, 'dtstart');
  const endMs = component.hasProperty('dtend')
    ? reader.epoch(end, component, 'dtend')
    : // DURATION, or RFC 5545's defaults (a date: one day; a date-time: the start), measured in wall-clock terms.
      reader.epoch(end, component, 'dtstart');
  const summary = cleanText(component.getFirstPropertyValue('summary'), TITLE_MAX);
  const organizer = organizerOf(component) ?? organizerOf(master);
  return {
    uid,
    occurrence: new Date(reader.epoch(recurrence, master, 'dtstart')).toISOString(),
    // The real summary of a private event never leaves the parser.
    title: isPrivate ? PRIVATE_TITLE : summary || UNTITLED,
    start: startMs,
    end: Math.max(endMs, startMs),
    ...(organizer ? { organizer } : {}),
    private: isPrivate,
    allDay: start.isDate,
    cancelled: status === 'CANCELLED',
  };
}

function organizerOf(component: ICAL.Component): string | undefined {
  const value = component.getFirstPropertyValue('organizer');
  if (typeof value !== 'string') return undefined;
  const address = value
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) && address.length <= 254 ? address : undefined;
}

/** ICAL.Time → epoch ms, choosing the zone as the module comment says. */
export class TimeReader {
  constructor(
    private readonly zones: ReadonlyMap<string, ICAL.Timezone>,
    private readonly hubZone: string,
  ) {}

  epoch(time: ICAL.Time, component: ICAL.Component, property: 'dtstart' | 'dtend' | 'recurrence-id'): number {
    if (time.zone?.tzid === 'UTC' || time.zone === ICAL.Timezone.utcTimezone) return time.toUnixTime() * 1000;
    if (time.isDate) return this.wall(time, this.hubZone);
    const tzid = component.getFirstProperty(property)?.getParameter('tzid');
    const zoneName = typeof tzid === 'string' ? tzid : undefined;
    const defined = zoneName ? this.zones.get(zoneName) : undefined;
    if (defined) {
      const offsetS = defined.utcOffset(time);
      return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) - offsetS * 1000;
    }
    return this.wall(time, zoneName && isZone(zoneName) ? zoneName : this.hubZone);
  }

  private wall(time: ICAL.Time, zone: string): number {
    return atWallClock({ year: time.year, month: time.month, day: time.day }, time.hour, time.minute, time.second, zone);
  }
}
