/**
 * The meeting rooms' calendars (constructor + start()/stop()): keeps each room's source, syncs it on the clock (ICS
 * URLs and CalDAV polled, an uploaded file re-expanded as the window moves), keeps the last good events — in memory
 * and in the repository — when a sync fails, and says why in the room's status and in diagnostics. Implements the
 * RoomCalendarFeed the meeting lifecycle reads, including the opt-in CalDAV write-back.
 */
import { randomUUID } from 'node:crypto';
import { hhmm, systemZone } from '../automations/rules/zone';
import type { SecretStore } from '../integrations/secrets';
import {
  CalendarConfig,
  DEFAULT_CALENDAR_POLL_SECONDS,
  MAX_CALENDAR_POLL_SECONDS,
  MIN_CALENDAR_POLL_SECONDS,
  bookingKey,
  type CalendarEvent,
  type CalendarSource,
  type CalendarStatus,
  type RoomCalendarFeed,
} from '../model';
import type { Clock, Timer } from '../util/clock';
import { SafeEmitter } from '../util/events';
import type { Logger } from '../util/logger';
import { withoutPassword } from '../util/url';
import { CalDavCalendar, type CalDavCredentials, type CalDavObject } from './caldav';
import { CalendarError, asCalendarError } from './errors';
import { DEFAULT_CALENDAR_TIMEOUT_MS } from './http';
import { fetchIcs, type Validators } from './ics-url';
import { calendarWindow, parseCalendar, type ParsedCalendar } from './parse';
import type { CalendarRepository } from './repository';
import { declineOccurrence, describeOccurrence, newEventIcs, type DeclineOutcome } from './write-back';

export interface CalendarEvents extends Record<string, unknown> {
  /** A room's events changed (after a sync, a new source, a removal). */
  bookingsChanged: { roomId: string };
  /** A room calendar's status after every sync attempt. */
  calendarStatus: CalendarStatus;
}

/** What `PUT /api/rooms/:id/calendar` carries (validated by the contract, checked for sense here). */
export interface CalendarInput {
  source: CalendarSource;
  url?: string;
  ics?: string;
  username?: string;
  password?: string;
  pollSeconds?: number;
}

/** Input that makes no sense, naming the field (the API answers 400). */
export class CalendarInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'CalendarInputError';
  }
}

export interface RoomCalendarsOptions {
  repository: CalendarRepository;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** The home's IANA zone (settings), for floating times, all-day events and the write-back's "HH:MM". */
  timeZone?: () => string | undefined;
  /** A room's name for messages; undefined: the room does not exist. */
  roomName: (roomId: string) => string | undefined;
  /** Problems and recoveries, for Diagnostics. */
  diagnostic?: (input: { level: 'info' | 'warning' | 'error'; subject: string; message: string }) => void;
  /** Per request, body included (default 15 s). */
  timeoutMs?: number;
  maxBytes?: number;
}

interface RoomState {
  config: CalendarConfig;
  events: CalendarEvent[];
  lastSyncAt?: number;
  lastAttemptAt?: number;
  error?: CalendarError;
  skipped: number;
  skippedReason?: string;
  /** ICS URL: the last good text and its validators, for conditional requests. */
  text?: string;
  validators: Validators;
  expandedAt?: number;
  /** CalDAV: the objects of the last sync, by UID, for write-back. */
  objects: Map<string, CalDavObject>;
  timer?: Timer;
  syncing?: Promise<void>;
  /** Bumped when the config changes, so a sync of the old config never lands. */
  generation: number;
}

/** An ICS URL answered 304 is re-expanded from its text at most this often (the window moves slowly). */
const REEXPAND_MS = 60 * 60_000;
/** An uploaded file has nothing to fetch; it is only re-expanded as the window moves. */
const FILE_REFRESH_MS = 60 * 60_000;

export function calendarSecretName(roomId: string): string {
  return `calendar:${roomId}`;
}

export class RoomCalendars implements RoomCalendarFeed {
  readonly events: SafeEmitter<CalendarEvents>;
  private readonly rooms = new Map<string, RoomState>();
  private readonly listeners = new Set<(roomId: string) => void>();
  private started = false;

  constructor(private readonly options: RoomCalendarsOptions) {
    this.events = new SafeEmitter<CalendarEvents>((owner, event, error) =>
      options.logger.error(`calendar listener ${owner} failed on ${event}: ${String(error)}`),
    );
  }

  /** Loads every stored calendar with its last good events and starts syncing them. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const { roomId, config } of this.options.repository.list()) {
      const stored = this.options.repository.lastEvents(roomId);
      const state = this.newState(config);
      if (stored) {
        state.events = stored.events;
        state.lastSyncAt = stored.syncedAt;
      }
      this.rooms.set(roomId, state);
      this.schedule(roomId, state, 0);
    }
  }

  stop(): void {
    this.started = false;
    for (const state of this.rooms.values()) {
      if (state.timer !== undefined) this.options.clock.clearTimeout(state.timer);
      state.timer = undefined;
      state.generation++;
    }
  }

  // ── The feed ─────────────────────────────────────────────────────────────────────────────────────────────

  eventsFor(roomId: string): readonly CalendarEvent[] {
    return this.rooms.get(roomId)?.events ?? [];
  }

  onChange(listener: (roomId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  canWrite(roomId: string): boolean {
    return this.rooms.get(roomId)?.config.source === 'caldav';
  }

  /**
   * 'describe' appends "Released by Homeroom at HH:MM: nobody came" to the occurrence's DESCRIPTION; 'decline' sets
   * the room's ATTENDEE (CUTYPE=ROOM, or the CalDAV username when it is an address) to PARTSTAT=DECLINED, and when the
   * room is not an attendee sets the occurrence's STATUS:CANCELLED. Written with If-Match; on 412 the hub reads the
   * calendar again and retries once.
   */
  async markReleased(roomId: string, event: CalendarEvent, how: 'describe' | 'decline'): Promise<void> {
    await this.writeBack(roomId, event, how);
  }

  /** Same as markReleased, answering what a decline did. */
  async writeBack(roomId: string, event: CalendarEvent, how: 'describe' | 'decline'): Promise<DeclineOutcome | 'described'> {
    const { state, calendar, credentials } = this.writable(roomId);
    const zone = this.timeZone();
    const now = this.options.clock.now();
    const note = `Released by Homeroom at ${hhmm(now, zone)}: nobody came`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const object = state.objects.get(event.uid);
      if (!object) throw new CalendarError('not-found', `The calendar no longer has the event "${event.title}"`);
      let data: string;
      let outcome: DeclineOutcome | 'described' = 'described';
      if (how === 'describe') data = describeOccurrence(object.data, event, note, zone, now);
      else {
        const addresses = credentials && credentials.username.includes('@') ? [credentials.username] : [];
        ({ ics: data, outcome } = declineOccurrence(object.data, event, addresses, zone, now));
      }
      if (await calendar.update(object, data)) {
        this.options.logger.info(`calendar: ${how} ${bookingKey(event).replace('\u0000', ' ')} in ${roomId}: ${outcome}`);
        await this.syncNow(roomId);
        return outcome;
      }
      // Changed on the server since our read: read it again and apply the change to what is there now.
      await this.syncNow(roomId);
    }
    throw new CalendarError('http', `The event "${event.title}" kept changing on the server; it was not marked`);
  }

  async bookNow(roomId: string, slot: { start: number; end: number; title: string }): Promise<CalendarEvent> {
    const { calendar } = this.writable(roomId);
    const uid = `homeroom-${randomUUID()}@homeroom.invalid`;
    await calendar.create(uid, newEventIcs({ uid, ...slot }, this.options.clock.now()));
    await this.syncNow(roomId);
    const start = Math.floor(slot.start / 1000) * 1000;
    return (
      this.eventsFor(roomId).find((e) => e.uid === uid) ?? {
        uid,
        occurrence: new Date(start).toISOString(),
        title: slot.title,
        start,
        end: Math.floor(slot.end / 1000) * 1000,
        private: false,
        allDay: false,
        cancelled: false,
      }
    );
  }

  // ── Configuration ────────────────────────────────────────────────────────────────────────────────────────

  status(roomId: string): CalendarStatus | undefined {
    const state = this.rooms.get(roomId);
    return state && this.statusOf(roomId, state);
  }

  /** Validates, stores (credentials as a secret), syncs once and answers the status of that first sync. */
  async configure(roomId: string, input: CalendarInput): Promise<CalendarStatus> {
    const config = this.validate(roomId, input);
    const previous = this.rooms.get(roomId);
    if (input.source === 'caldav' && input.username !== undefined && input.password !== undefined)
      this.options.secrets.set(
        calendarSecretName(roomId),
        JSON.stringify({ username: input.username, password: input.password } satisfies CalDavCredentials),
      );
    else if (input.source !== 'caldav') this.options.secrets.delete(calendarSecretName(roomId));
    this.options.repository.put(roomId, config);
    const state = this.newState(config);
    if (previous) {
      if (previous.timer !== undefined) this.options.clock.clearTimeout(previous.timer);
      state.generation = previous.generation + 1;
      // The bookings already shown stay until the new source answers (or for good when it fails).
      state.events = previous.events;
      state.lastSyncAt = previous.lastSyncAt;
      // So a fixed source is reported as recovered, and a repeated failure not reported twice.
      state.error = previous.error;
    }
    this.rooms.set(roomId, state);
    await this.syncNow(roomId);
    return this.statusOf(roomId, this.rooms.get(roomId) ?? state);
  }

  /** Removes the room's calendar, its saved events and its credentials. */
  remove(roomId: string): boolean {
    const state = this.rooms.get(roomId);
    this.options.repository.delete(roomId);
    this.options.secrets.delete(calendarSecretName(roomId));
    if (!state) return false;
    if (state.timer !== undefined) this.options.clock.clearTimeout(state.timer);
    state.generation++;
    this.rooms.delete(roomId);
    if (state.events.length) this.changed(roomId);
    return true;
  }

  /** Rooms that no longer exist lose their calendars (after a room is deleted or a backup restored). */
  pruneRooms(exists: (roomId: string) => boolean): void {
    for (const roomId of [...this.rooms.keys()]) if (!exists(roomId)) this.remove(roomId);
  }

  /** Syncs the room now (waiting for one in flight first) and reschedules its poll. */
  async syncNow(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) return;
    if (state.syncing) await state.syncing.catch(() => {});
    const current = this.rooms.get(roomId);
    if (!current) return;
    if (current.timer !== undefined) this.options.clock.clearTimeout(current.timer);
    current.timer = undefined;
    await this.run(roomId, current);
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────

  private newState(config: CalendarConfig): RoomState {
    return { config, events: [], skipped: 0, validators: {}, objects: new Map(), generation: 0 };
  }

  private validate(roomId: string, input: CalendarInput): CalendarConfig {
    if (this.options.roomName(roomId) === undefined) throw new CalendarInputError('roomId', `No room with id "${roomId}"`);
    const pollSeconds = input.pollSeconds ?? DEFAULT_CALENDAR_POLL_SECONDS;
    if (!Number.isInteger(pollSeconds) || pollSeconds < MIN_CALENDAR_POLL_SECONDS || pollSeconds > MAX_CALENDAR_POLL_SECONDS)
      throw new CalendarInputError(
        'pollSeconds',
        `must be a whole number of seconds from ${MIN_CALENDAR_POLL_SECONDS} to ${MAX_CALENDAR_POLL_SECONDS}`,
      );
    if (input.source === 'ics-file') {
      if (input.url !== undefined)
        throw new CalendarInputError('url', 'is not used for an uploaded file (source "ics-file" takes ics)');
      if (input.ics === undefined || !input.ics.trim())
        throw new CalendarInputError('ics', 'is required for an uploaded file: the text of the .ics file');
      // Refused at once, so a file that is not a calendar is never stored.
      try {
        parseCalendar(input.ics, { ...calendarWindow(this.options.clock.now()), timeZone: this.timeZone() });
      } catch (error) {
        throw new CalendarInputError('ics', asCalendarError(error).message);
      }
      if (input.username !== undefined || input.password !== undefined)
        throw new CalendarInputError('username', 'is only for a CalDAV calendar (source "caldav")');
      return { source: 'ics-file', ics: input.ics, pollSeconds };
    }
    if (input.ics !== undefined) throw new CalendarInputError('ics', `is only for an uploaded file (source "ics-file")`);
    if (input.url === undefined || !input.url.trim())
      throw new CalendarInputError('url', `is required for source "${input.source}"`);
    let url: URL;
    try {
      url = new URL(input.url.trim());
    } catch {
      throw new CalendarInputError('url', `must be an http:// or https:// address, got "${input.url}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new CalendarInputError('url', `must be an http:// or https:// address, not ${url.protocol}`);
    if (input.source === 'caldav') {
      if ((input.username === undefined) !== (input.password === undefined))
        throw new CalendarInputError(
          input.username === undefined ? 'username' : 'password',
          'give both username and password (or neither, to keep the stored ones)',
        );
      if (url.username || url.password)
        throw new CalendarInputError('url', 'must not contain a username or password: give them as username and password');
    } else if (input.username !== undefined || input.password !== undefined)
      throw new CalendarInputError('username', 'is only for a CalDAV calendar (source "caldav")');
    return { source: input.source, url: url.href, pollSeconds };
  }

  private timeZone(): string {
    return this.options.timeZone?.() ?? systemZone();
  }

  private credentials(roomId: string): CalDavCredentials | undefined {
    let raw: string | undefined;
    try {
      raw = this.options.secrets.get(calendarSecretName(roomId));
    } catch (error) {
      throw new CalendarError('secret', `${error instanceof Error ? error.message : String(error)}`);
    }
    if (raw === undefined) return undefined;
    const parsed = JSON.parse(raw) as Partial<CalDavCredentials>;
    return typeof parsed.username === 'string' && typeof parsed.password === 'string'
      ? { username: parsed.username, password: parsed.password }
      : undefined;
  }

  private calendarFor(roomId: string, state: RoomState): { calendar: CalDavCalendar; credentials?: CalDavCredentials } {
    const credentials = this.credentials(roomId);
    const calendar = new CalDavCalendar(state.config.url ?? '', credentials, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_CALENDAR_TIMEOUT_MS,
      maxBytes: this.options.maxBytes,
    });
    return { calendar, ...(credentials ? { credentials } : {}) };
  }

  private writable(roomId: string): { state: RoomState; calendar: CalDavCalendar; credentials?: CalDavCredentials } {
    const state = this.rooms.get(roomId);
    if (!state || state.config.source !== 'caldav')
      throw new CalendarError('http', 'Only a CalDAV calendar can be written; this room’s calendar is read-only');
    return { state, ...this.calendarFor(roomId, state) };
  }

  private schedule(roomId: string, state: RoomState, delayMs: number): void {
    if (!this.started || this.rooms.get(roomId) !== state) return;
    if (state.timer !== undefined) this.options.clock.clearTimeout(state.timer);
    state.timer = this.options.clock.setTimeout(() => {
      state.timer = undefined;
      void this.run(roomId, state);
    }, delayMs);
  }

  private run(roomId: string, state: RoomState): Promise<void> {
    const sync = this.sync(roomId, state).finally(() => {
      if (state.syncing === sync) state.syncing = undefined;
      const interval = state.config.source === 'ics-file' ? FILE_REFRESH_MS : state.config.pollSeconds * 1000;
      this.schedule(roomId, state, interval);
    });
    state.syncing = sync;
    return sync;
  }

  private async sync(roomId: string, state: RoomState): Promise<void> {
    const generation = state.generation;
    const now = this.options.clock.now();
    const window = calendarWindow(now);
    const parse = (text: string) => parseCalendar(text, { ...window, timeZone: this.timeZone(), maxOccurrences: 5000 });
    let result: { parsed?: ParsedCalendar; objects?: Map<string, CalDavObject>; text?: string; validators?: Validators };
    try {
      switch (state.config.source) {
        case 'ics-file':
          result = { parsed: parse(state.config.ics ?? '') };
          break;
        case 'ics-url': {
          const fetched = await fetchIcs(state.config.url ?? '', state.text ? state.validators : {}, {
            timeoutMs: this.options.timeoutMs,
            maxBytes: this.options.maxBytes,
          });
          if (fetched.kind === 'not-modified')
            result =
              state.text && (state.expandedAt === undefined || now - state.expandedAt >= REEXPAND_MS)
                ? { parsed: parse(state.text) }
                : {};
          else result = { parsed: parse(fetched.text), text: fetched.text, validators: fetched.validators };
          break;
        }
        case 'caldav': {
          const { calendar } = this.calendarFor(roomId, state);
          const objects = await calendar.objects(window);
          const merged = mergeObjects(objects, parse);
          result = { parsed: merged.parsed, objects: merged.byUid };
          break;
        }
      }
    } catch (error) {
      if (state.generation !== generation || this.rooms.get(roomId) !== state) return;
      this.fail(roomId, state, asCalendarError(error), now);
      return;
    }
    if (state.generation !== generation || this.rooms.get(roomId) !== state) return;
    const recovered = state.error;
    state.lastAttemptAt = now;
    state.lastSyncAt = now;
    state.error = undefined;
    if (result.text !== undefined) state.text = result.text;
    if (result.validators) state.validators = result.validators;
    if (result.objects) state.objects = result.objects;
    if (recovered)
      this.options.diagnostic?.({
        level: 'info',
        subject: this.subject(roomId),
        message: `The calendar is read again (${state.config.source})`,
      });
    if (result.parsed) {
      state.expandedAt = now;
      state.skipped = result.parsed.skipped;
      state.skippedReason = result.parsed.skippedReason;
      const before = JSON.stringify(state.events);
      state.events = result.parsed.events;
      const changed = JSON.stringify(state.events) !== before;
      this.options.repository.saveEvents(roomId, { events: state.events, syncedAt: now });
      if (changed) this.changed(roomId);
    }
    this.events.emit('calendarStatus', this.statusOf(roomId, state));
  }

  private fail(roomId: string, state: RoomState, error: CalendarError, now: number): void {
    const repeated = state.error?.message === error.message;
    state.error = error;
    state.lastAttemptAt = now;
    if (!repeated) {
      this.options.logger.warn(`calendar of ${roomId}: ${error.message}`);
      this.options.diagnostic?.({
        level: 'error',
        subject: this.subject(roomId),
        message: `${error.message}; the last bookings are kept`,
      });
    }
    this.events.emit('calendarStatus', this.statusOf(roomId, state));
  }

  private subject(roomId: string): string {
    return `Calendar of ${this.options.roomName(roomId) ?? roomId}`;
  }

  private changed(roomId: string): void {
    this.events.emit('bookingsChanged', { roomId });
    for (const listener of [...this.listeners])
      try {
        listener(roomId);
      } catch (error) {
        this.options.logger.error(`calendar feed listener failed: ${String(error)}`);
      }
  }

  private statusOf(roomId: string, state: RoomState): CalendarStatus {
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    let hasCredentials = false;
    try {
      hasCredentials = state.config.source === 'caldav' && this.options.secrets.get(calendarSecretName(roomId)) !== undefined;
    } catch {
      hasCredentials = true; // stored, only not readable: the error says so
    }
    return {
      roomId,
      source: state.config.source,
      url: state.config.url ? withoutPassword(state.config.url) : null,
      status: state.error ? 'error' : 'ok',
      ...(state.error ? { error: state.error.message, problem: state.error.kind } : {}),
      lastSyncAt: iso(state.lastSyncAt),
      lastAttemptAt: iso(state.lastAttemptAt),
      pollSeconds: state.config.pollSeconds,
      events: state.events.length,
      hasCredentials,
      skipped: state.skipped,
      ...(state.skippedReason ? { skippedReason: state.skippedReason } : {}),
    };
  }
}

/**
 * One CalDAV calendar is many objects: their occurrences together, soonest first (an unreadable object is skipped),
 * and the object holding each UID (a write-back edits that object).
 */
function mergeObjects(
  objects: readonly CalDavObject[],
  parse: (text: string) => ParsedCalendar,
): { parsed: ParsedCalendar; byUid: Map<string, CalDavObject> } {
  const out: ParsedCalendar = { events: [], skipped: 0, truncated: false };
  const byUid = new Map<string, CalDavObject>();
  for (const object of objects) {
    try {
      const parsed = parse(object.data);
      for (const event of parsed.events) byUid.set(event.uid, object);
      out.events.push(...parsed.events);
      out.skipped += parsed.skipped;
      out.skippedReason ??= parsed.skippedReason;
      out.truncated ||= parsed.truncated;
    } catch (error) {
      out.skipped++;
      out.skippedReason ??= `${object.url}: ${asCalendarError(error).message}`;
    }
  }
  out.events.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  if (out.events.length > 5000) {
    out.events.length = 5000;
    out.truncated = true;
  }
  return { parsed: out, byUid };
}
