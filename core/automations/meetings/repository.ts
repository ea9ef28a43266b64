/**
 * Where the meeting lifecycle keeps its records (the state of each booking and what the utilisation report counts),
 * so a restart neither forgets the weeks' report nor books a released meeting again. The hub with a data folder
 * uses the SQLite one (core/store/meeting-records.ts); this in-memory one serves tests and hubs without one.
 */
import type { MeetingRecord } from './lifecycle';

/** One step of one room: the records that changed (or are new) and the keys it forgot. */
export interface MeetingRecordChanges {
  roomId: string;
  put: readonly MeetingRecord[];
  remove: readonly string[];
}

export interface MeetingRecordRepository {
  /** Every kept record, by room and booking key. */
  load(): Map<string, Map<string, MeetingRecord>>;
  /** One step's changes, all or nothing. */
  save(changes: MeetingRecordChanges): void;
  /** Forgets the records of meetings that ended before `before` (the runner's retention). */
  prune(before: number): void;
}

export class MemoryMeetingRecords implements MeetingRecordRepository {
  private readonly byRoom = new Map<string, Map<string, MeetingRecord>>();

  load(): Map<string, Map<string, MeetingRecord>> {
    return new Map([...this.byRoom].map(([roomId, records]) => [roomId, new Map(structuredClone([...records]))]));
  }

  save({ roomId, put, remove }: MeetingRecordChanges): void {
    const records = this.byRoom.get(roomId) ?? new Map<string, MeetingRecord>();
    for (const r of put) records.set(r.key, structuredClone(r));
    for (const key of remove) records.delete(key);
    this.byRoom.set(roomId, records);
  }

  prune(before: number): void {
    for (const records of this.byRoom.values()) for (const [key, r] of records) if (r.end < before) records.delete(key);
  }
}
