/**
 * One CalDAV calendar collection, spoken to with tsdav: read the objects of a time range, write one back with
 * If-Match (so a change made on the server meanwhile is never overwritten), create one with If-None-Match.
 * HTTP goes through `cappedFetch` (timeout over the body, size cap); a status that is not a success becomes a
 * CalendarError here, because tsdav itself folds failures into empty results.
 */
import { createCalendarObject, fetchCalendarObjects, updateCalendarObject } from 'tsdav';
import { CalendarError } from './errors';
import { cappedFetch, hostOf, statusError, type CappedFetchOptions } from './http';

export interface CalDavCredentials {
  username: string;
  password: string;
}

export interface CalDavObject {
  url: string;
  etag?: string;
  data: string;
}

export class CalDavCalendar {
  private readonly fetch: typeof fetch;

  constructor(
    readonly url: string,
    private readonly credentials: CalDavCredentials | undefined,
    options: CappedFetchOptions = {},
  ) {
    const inner = cappedFetch(options);
    const host = hostOf(url);
    // Reads and writes both: 412 (the object changed under us) is the caller's to handle; other failures are errors.
    this.fetch = async (input, init) => {
      const response = await inner(input, init);
      if (response.ok || response.status === 412) return response;
      throw statusError(response.status, host);
    };
  }

  private get headers(): Record<string, string> {
    if (!this.credentials) return {};
    const token = Buffer.from(`${this.credentials.username}:${this.credentials.password}`, 'utf8').toString('base64');
    return { authorization: `Basic ${token}` };
  }

  /** Every object with an event in [from, to) (the server applies the recurrence rules to choose). */
  async objects(range: { from: number; to: number }): Promise<CalDavObject[]> {
    const objects = await fetchCalendarObjects({
      calendar: { url: this.url },
      timeRange: { start: new Date(range.from).toISOString(), end: new Date(range.to).toISOString() },
      urlFilter: () => true,
      headers: this.headers,
      fetch: this.fetch,
    });
    return objects
      .filter((o) => typeof o.data === 'string')
      .map((o) => ({ url: new URL(o.url, this.url).href, etag: o.etag, data: o.data as string }));
  }

  /** Writes a changed object; false when it changed on the server since `etag` (412). */
  async update(object: CalDavObject, data: string): Promise<boolean> {
    const response = await updateCalendarObject({
      calendarObject: { url: object.url, etag: object.etag, data },
      headers: this.headers,
      fetch: this.fetch,
    });
    return response.status !== 412;
  }

  /** Creates a new object named `<uid>.ics`; refuses to replace one that exists. */
  async create(uid: string, data: string): Promise<void> {
    const response = await createCalendarObject({
      calendar: { url: this.url },
      filename: `${encodeURIComponent(uid)}.ics`,
      iCalString: data,
      headers: this.headers,
      fetch: this.fetch,
    });
    if (response.status === 412) throw new CalendarError('http', `${hostOf(this.url)} already has an event "${uid}"`);
  }
}
