import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../automations/meetings/lifecycle';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const NINE = Date.parse('2026-12-01T09:00:00Z');
const MIN = 60_000;
const record = (uid: string, start: number, extra: Partial<MeetingRecord> = {}): MeetingRecord => ({
  key: `${uid}\u0000${new Date(start).toISOString()}`,
  uid,
  occurrence: new Date(start).toISOString(),
  title: 'Review',
  private: false,
  start,
  end: start + 60 * MIN,
  state: 'booked',
  since: start - 60 * MIN,
  ...extra,
});

describe('MeetingRecordStore (migration 7)', () => {
  let store: Store | undefined;
  const dir = tempDataDir();
  afterEach(() => {
    store?.close();
    dir.remove();
  });

  it('keeps records over a reopen, applies changes as given and prunes by end', () => {
    const clock = new ManualClock(NINE);
    store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
    const ghost = record('ghost', NINE, { state: 'released', releasedAt: NINE + 10 * MIN, preparingAt: NINE - 20 * MIN });
    const old = record('old', NINE - 13 * 7 * 24 * 60 * MIN, { state: 'ended', endedAt: NINE - 1 });
    const next = record('next', NINE + 120 * MIN, { organizer: 'ana@example.com' });
    store.meetingRecords.save({ roomId: 'fjord', put: [ghost, old, next], remove: [] });
    store.meetingRecords.save({ roomId: 'summit', put: [record('s', NINE)], remove: [] });
    store.meetingRecords.save({ roomId: 'summit', put: [], remove: [record('s', NINE).key] });
    store.close();

    store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
    const loaded = store.meetingRecords.load();
    expect([...loaded.keys()]).toEqual(['fjord']);
    // A room's records in the order they end; the NUL in the booking key survives.
    expect([...loaded.get('fjord')!.values()]).toEqual([old, ghost, next]);
    expect(loaded.get('fjord')!.get(ghost.key)).toEqual(ghost);

    store.meetingRecords.prune(NINE - 12 * 7 * 24 * 60 * MIN);
    expect([...store.meetingRecords.load().get('fjord')!.keys()]).toEqual([ghost.key, next.key]);
  });

  it('sets a damaged row aside and says so; the other records load', () => {
    const problems: string[] = [];
    store = openStore({ dataDir: dir.dir, clock: new ManualClock(NINE), logger: silentLogger });
    store.onProblem((p) => problems.push(p.message));
    const good = record('good', NINE);
    store.meetingRecords.save({ roomId: 'fjord', put: [good], remove: [] });
    store.database.main
      .prepare('INSERT INTO meeting_records (room_id, key, end_at, record, updated_at) VALUES (?, ?, ?, ?, 0)')
      .run('fjord', 'bad\u0000x', NINE, JSON.stringify({ ...record('bad', NINE), state: 'haunted' }));
    expect([...store.meetingRecords.load().get('fjord')!.values()]).toEqual([good]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^A meeting record of room "fjord" could not be read \(state: .*\); it was kept in the store's damaged_rows table and the utilisation report leaves that meeting out\.$/,
    );
    const damaged = store.database.main.prepare('SELECT source, key FROM damaged_rows').all();
    expect(damaged).toEqual([{ source: 'meeting_records', key: JSON.stringify(['fjord', 'bad\u0000x']) }]);
    // Set aside, not read (or reported) again.
    expect(store.meetingRecords.load().get('fjord')!.size).toBe(1);
    expect(problems).toHaveLength(1);
  });
});
