/**
 * Commands that cannot be sent yet (broker disconnected, device offline) wait here for a short
 * time. A newer command for the same device and capability replaces the queued one; an entry
 * not sent within the TTL is rejected with CommandError('unavailable').
 */
import type { Command, CommandOptions } from '../../model';
import type { Clock, Timer } from '../../util/clock';
import { CommandError } from '../integration';

export interface QueuedCommand {
  deviceId: string;
  command: Command;
  options: CommandOptions;
  resolve(): void;
  reject(error: unknown): void;
}

interface Entry extends QueuedCommand {
  timer: Timer;
}

const NESTED = new Set(['climate', 'media']);

/** The capability paths a command sets: `power`, `climate.mode`, … */
export function commandKeys(command: Command): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(command)) {
    if (NESTED.has(k) && typeof v === 'object' && v !== null) for (const sub of Object.keys(v)) keys.push(`${k}.${sub}`);
    else keys.push(k);
  }
  return keys;
}

/** The command without the given capability paths (empty nested objects removed). */
export function withoutKeys(command: Command, keys: string[]): Command {
  const out = structuredClone(command) as Record<string, unknown>;
  for (const key of keys) {
    const [top, sub] = key.split('.') as [string, string | undefined];
    const v = out[top];
    if (sub && typeof v === 'object' && v !== null) {
      delete (v as Record<string, unknown>)[sub];
      if (Object.keys(v).length === 0) delete out[top];
    } else if (!sub) delete out[top];
  }
  return out as Command;
}

export class CommandQueue {
  private entries: Entry[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** Words for why a device's command could not be sent, e.g. "the MQTT broker is disconnected". */
    private readonly why: (deviceId: string) => string,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  enqueue(deviceId: string, command: Command, options: CommandOptions = {}): Promise<void> {
    const keys = commandKeys(command);
    for (const older of this.entries.filter((e) => e.deviceId === deviceId)) {
      const overlap = commandKeys(older.command).filter((k) => keys.includes(k));
      if (!overlap.length) continue;
      older.command = withoutKeys(older.command, overlap);
      if (Object.keys(older.command).length === 0) {
        this.remove(older);
        older.reject(new CommandError('unavailable', 'Not sent: replaced by a newer command before it could be sent'));
      }
    }
    return new Promise<void>((resolve, reject) => {
      const entry: Entry = {
        deviceId,
        command,
        options,
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.remove(entry);
          const seconds = Math.round(this.ttlMs / 100) / 10;
          reject(new CommandError('unavailable', `Not sent: ${this.why(deviceId)} (dropped after ${seconds} s)`));
        }, this.ttlMs),
      };
      this.entries.push(entry);
    });
  }

  /** Removes and returns, oldest first, the commands whose device is ready now. */
  take(ready: (deviceId: string) => boolean): QueuedCommand[] {
    const due = this.entries.filter((e) => ready(e.deviceId));
    for (const e of due) this.remove(e);
    return due;
  }

  /** Rejects everything still waiting (stop, device removed). */
  clear(error: (deviceId: string) => CommandError, deviceId?: string): void {
    for (const e of this.entries.filter((x) => deviceId === undefined || x.deviceId === deviceId)) {
      this.remove(e);
      e.reject(error(e.deviceId));
    }
  }

  private remove(entry: Entry): void {
    this.clock.clearTimeout(entry.timer);
    this.entries = this.entries.filter((e) => e !== entry);
  }
}
