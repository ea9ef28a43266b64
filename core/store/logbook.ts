/**
 * The logbook: a human-readable stream of what happened and why. Entries are queued and written
 * by the BatchedWriter with history (the same at-most-once-a-second transaction); every query
 * flushes first. LogbookRecorder turns registry events into entries with their cause: a command
 * someone sent (and from which client), or the device itself.
 */
import type { ClientKind, Command, CommandSource, CommandUpdate, Device, LogbookEntry, TextFormat } from '../model';
import { Cause, DEFAULT_TEXT_FORMAT } from '../model';
import { isCommandConfirmed } from '../registry/confirmation';
import type { Clock } from '../util/clock';
import type { BatchedWriter, BatchSink } from './batched-writer';
import type { SqliteDatabase } from './database';
import { describeCommandChange, describeDeviceChange, type ChangeMessage } from './logbook-messages';
import { DAY_MS } from './history';

export const LOGBOOK_DAYS = 366;
export const LOGBOOK_MAX_LIMIT = 2000;

export interface LogbookQuery {
  from?: number;
  to?: number;
  deviceId?: string;
  roomId?: string;
  /** Newest first; default 500. */
  limit?: number;
}

interface Row {
  id: number;
  at: number;
  device_id: string | null;
  room_id: string | null;
  message: string;
  cause: string;
}

export class LogbookStore implements BatchSink {
  private queue: LogbookEntry[] = [];
  private nextId: number;
  private readonly insert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly writer: BatchedWriter,
    private readonly clock: Clock,
    private readonly onEntry: (entry: LogbookEntry) => void = () => {},
  ) {
    this.nextId = ((db.prepare('SELECT MAX(id) AS id FROM logbook').get() as { id: number | null }).id ?? 0) + 1;
    this.insert = db.prepare('INSERT INTO logbook (id, at, device_id, room_id, message, cause) VALUES (?, ?, ?, ?, ?, ?)');
    writer.add(this);
  }

  get pending(): number {
    return this.queue.length;
  }

  append(input: Omit<LogbookEntry, 'id' | 'at'> & { at?: number }): LogbookEntry {
    const entry: LogbookEntry = { ...input, id: this.nextId++, at: input.at ?? this.clock.now() };
    this.queue.push(entry);
    this.writer.schedule();
    this.onEntry(entry);
    return entry;
  }

  writePending(): void {
    const entries = this.queue;
    this.queue = [];
    for (const e of entries)
      this.insert.run(e.id, e.at, e.deviceId ?? null, e.roomId ?? null, e.message, JSON.stringify(e.cause));
  }

  /** Newest first. */
  query(q: LogbookQuery = {}): LogbookEntry[] {
    this.writer.flush();
    const where: string[] = [];
    const params: (string | number)[] = [];
    const filter = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    filter('at >= ?', q.from);
    filter('at <= ?', q.to);
    filter('device_id = ?', q.deviceId);
    filter('room_id = ?', q.roomId);
    const limit = Math.min(Math.max(1, q.limit ?? 500), LOGBOOK_MAX_LIMIT);
    const sql = `SELECT id, at, device_id, room_id, message, cause FROM logbook ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...params) as Row[]).map((row) => {
      const cause = Cause.safeParse(JSON.parse(row.cause));
      return {
        id: row.id,
        at: row.at,
        ...(row.device_id ? { deviceId: row.device_id } : {}),
        ...(row.room_id ? { roomId: row.room_id } : {}),
        message: row.message,
        cause: cause.success ? cause.data : { kind: 'device' },
      };
    });
  }

  compact(now = this.clock.now()): number {
    this.writer.flush();
    return this.db.prepare('DELETE FROM logbook WHERE at < ?').run(now - LOGBOOK_DAYS * DAY_MS).changes;
  }
}

/** How long after a command settles a change of the same capability is still its echo. */
const ATTRIBUTION_GRACE_MS = 2000;

interface ActiveCommand {
  commandId: string;
  command: Command;
  source: CommandSource;
  until: number;
}

/**
 * Turns registry events into logbook entries with their cause, from the command record rather than
 * guessed from timing: a command a person sent is one entry when it is confirmed (or fails), naming
 * the client and every attribute it set; an automation's command is logged by the automation (with its
 * reason — the rooms' arbiter decisions); the device's echo of any command is not a second event. A
 * change no command explains was made at the device.
 */
export class LogbookRecorder {
  private readonly known = new Map<string, Device>();
  private readonly commands = new Map<string, ActiveCommand[]>();

  constructor(
    private readonly logbook: LogbookStore,
    private readonly clock: Clock,
    /** Temperatures in the messages, as the settings ask when each is written (default °C). */
    private readonly format: () => TextFormat = () => DEFAULT_TEXT_FORMAT,
  ) {}

  onCommandUpdate(update: CommandUpdate): void {
    const now = this.clock.now();
    const list = (this.commands.get(update.deviceId) ?? []).filter((c) => c.until > now);
    const existing = list.find((c) => c.commandId === update.commandId);
    const source = update.source ?? { kind: 'user', client: 'api' };
    if (update.status === 'pending') {
      if (!existing) list.push({ commandId: update.commandId, command: update.command as Command, source, until: Infinity });
    } else if (existing) {
      existing.until = now + ATTRIBUTION_GRACE_MS;
    }
    if (list.length) this.commands.set(update.deviceId, list);
    else this.commands.delete(update.deviceId);
    if (source.kind === 'user' && update.status !== 'pending') this.logUserCommand(update, source.client);
  }

  onDeviceChanged(device: Device): void {
    const before = this.known.get(device.id);
    this.known.set(device.id, device);
    if (!before) return;
    for (const change of describeDeviceChange(before, device, this.format())) {
      if (this.isEcho(device, change)) continue;
      this.logbook.append({
        deviceId: device.id,
        ...(device.roomId ? { roomId: device.roomId } : {}),
        message: change.message,
        cause: { kind: 'device' },
      });
    }
  }

  onDeviceRemoved(id: string): void {
    this.known.delete(id);
    this.commands.delete(id);
  }

  private logUserCommand(update: CommandUpdate, client: ClientKind): void {
    const device = this.known.get(update.deviceId);
    const name = device?.name ?? update.deviceId;
    const command = update.command as Command;
    const said = describeCommandChange(name, command, this.format());
    const message =
      update.status === 'confirmed'
        ? said
        : `${name} did not respond (${update.reason ?? 'no answer'}): ${said.slice(name.length + 1)}`;
    this.logbook.append({
      deviceId: update.deviceId,
      ...(device?.roomId ? { roomId: device.roomId } : {}),
      message,
      cause: { kind: 'user', client },
    });
  }

  /** Whether this change is what a command in flight (or just settled) asked for. */
  private isEcho(device: Device, { capability, field }: ChangeMessage): boolean {
    const now = this.clock.now();
    return (this.commands.get(device.id) ?? []).some((c) => {
      if (c.until <= now) return false;
      if (capability === 'climate' && field && c.command.climate) {
        // The part that changed, as asked: the mode and the target may each arrive with a state of their own.
        const part = c.command.climate[field];
        return part !== undefined && isCommandConfirmed({ climate: { [field]: part } }, device.capabilities);
      }
      const value = c.command[capability as keyof Command];
      if (value !== undefined) return isCommandConfirmed({ [capability]: value } as Command, device.capabilities);
      // A level sent to a light that is off switches it on.
      const level =
        c.command.brightness !== undefined || c.command.colorTemperature !== undefined || c.command.color !== undefined;
      return capability === 'power' && level && device.capabilities.power?.value === true;
    });
  }
}
