import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { ROWS_PER_TRANSACTION } from './batched-writer';
import { openStore } from './store';
import { tempDataDir } from './test-support';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup() {
  const dir = tempDataDir();
  const clock = new ManualClock(T0);
  const store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
  cleanup.push(
    () => store.database.main.open && store.close(),
    () => dir.remove(),
  );
  const rawRows = () => (store.database.main.prepare('SELECT COUNT(*) AS n FROM history_raw').get() as { n: number }).n;
  return { clock, store, rawRows };
}

describe('BatchedWriter', () => {
  it('writes a large backlog in transactions of bounded size, yielding between them, oldest rows first', async () => {
    const { clock, store, rawRows } = setup();
    const rows = ROWS_PER_TRANSACTION * 2.5; // a start: every series new at once
    for (let i = 0; i < rows; i++) store.history.record(`mqtt:d${i}`, 'temperature', i, T0);
    const before = store.writer.transactions;
    clock.advance(1000);
    // The timer's own transaction: the first ROWS_PER_TRANSACTION rows only, the rest waits for the next turns.
    expect(rawRows()).toBe(ROWS_PER_TRANSACTION);
    expect(store.history.pending).toBe(rows - ROWS_PER_TRANSACTION);
    expect(store.database.main.prepare("SELECT COUNT(*) AS n FROM history_series WHERE device_id = 'mqtt:d0'").get()).toEqual({
      n: 1,
    });
    await vi.waitFor(() => expect(rawRows()).toBe(rows));
    expect(store.writer.transactions - before).toBe(3);
    expect(store.history.pending).toBe(0);
  });

  it('flush() still writes everything at once, and a reader sees every row', () => {
    const { clock, store, rawRows } = setup();
    const rows = ROWS_PER_TRANSACTION + 10;
    for (let i = 0; i < rows; i++) store.history.record('mqtt:d', 'temperature', i, T0 + i);
    clock.advance(1000); // the scheduled write starts the backlog…
    const points = store.history.query({ deviceId: 'mqtt:d', capability: 'temperature', from: T0, to: T0 + rows });
    expect(points.points).toHaveLength(rows); // …and the query's flush writes the rest before reading
    expect(rawRows()).toBe(rows);
  });
});
