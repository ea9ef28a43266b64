/**
 * Room behaviours and people in SQLite: written through, kept across a restart in order, and a
 * row that no longer validates is moved to damaged_rows and reported (the hub shows it in
 * Diagnostics) instead of stopping the hub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../hub';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function dir(): string {
  const d = tempDataDir();
  cleanup.push(() => d.remove());
  return d.dir;
}
function open(dataDir: string): Store {
  const store = openStore({ dataDir, clock: new ManualClock(Date.UTC(2026, 10, 23)), logger: silentLogger });
  cleanup.push(() => {
    if (store.database.main.open) store.close();
  });
  return store;
}

describe('RoomBehaviourStore', () => {
  it('keeps behaviours and people across a restart, people in the order they were added', () => {
    const d = dir();
    const first = open(d);
    let changes = 0;
    first.roomBehaviours.onChange(() => changes++);
    first.roomBehaviours.put({ roomId: 'office', climate: { comfortHeatC: 22.5 } });
    first.roomBehaviours.putPerson({ id: 'zoe', name: 'Zoë' });
    first.roomBehaviours.putPerson({ id: 'adam', name: 'Adam' });
    first.roomBehaviours.putPerson({ id: 'zoe', name: 'Zoë K.' });
    first.roomBehaviours.removePerson('nobody');
    expect(changes).toBe(4);
    first.close();

    const second = open(d);
    expect(second.roomBehaviours.get('office').climate.comfortHeatC).toBe(22.5);
    expect(second.roomBehaviours.get('hall').climate.comfortHeatC).toBe(21); // never set: the defaults
    expect(second.roomBehaviours.behaviours().map((b) => b.roomId)).toEqual(['office']);
    expect(second.roomBehaviours.people().map((p) => p.name)).toEqual(['Zoë K.', 'Adam']);
    second.roomBehaviours.removePerson('zoe');
    second.close();
    expect(
      open(d)
        .roomBehaviours.people()
        .map((p) => p.id),
    ).toEqual(['adam']);
  });

  it('sets a damaged row aside with a diagnostic; the room runs on its defaults and the hub starts', async () => {
    const d = dir();
    const store = open(d);
    store.rooms.create({ name: 'Office', kind: 'office' });
    store.rooms.create({ name: 'Hall', kind: 'home' });
    store.roomBehaviours.put({ roomId: 'office', climate: { comfortHeatC: 22.5 } });
    store.roomBehaviours.put({ roomId: 'hall', lighting: { dimPercent: 10 } });
    store.roomBehaviours.putPerson({ id: 'alice', name: 'Alice' });
    // Out of range for today's schema, and not JSON at all.
    store.database.main
      .prepare(
        `UPDATE room_behaviours SET behaviour = json_set(behaviour, '$.climate.comfortHeatC', 99) WHERE room_id = 'office'`,
      )
      .run();
    store.database.main.prepare(`UPDATE people SET person = '{"id": "alice", "na' WHERE id = 'alice'`).run();
    store.close();

    const hub = await startHub({ dataDir: d, embeddedBrokerPort: 0 }, { logger: silentLogger });
    cleanup.push(() => hub.stop());
    const messages = hub.registry
      .listDiagnostics()
      .filter((x) => x.subject === 'Store')
      .map((x) => x.message)
      .sort();
    expect(messages).toEqual([
      'The behaviour of room "office" could not be read (climate.comfortHeatC: Too big: expected number to be <=30); it was kept in the store\'s damaged_rows table and the room runs on the default behaviour.',
      expect.stringMatching(
        /^The person "alice" could not be read \(not JSON: .*\); it was kept in the store's damaged_rows table/,
      ),
    ]);
    expect((await hub.handlers.getRoomBehaviour({ roomId: 'office' })).climate?.comfortHeatC).toBe(21);
    expect((await hub.handlers.getRoomBehaviour({ roomId: 'hall' })).lighting?.dimPercent).toBe(10);
    expect(await hub.handlers.listPeople({})).toEqual([]);
    const kept = hub.store!.database.main.prepare('SELECT source, key, body FROM damaged_rows ORDER BY id').all();
    expect(kept).toEqual([
      { source: 'room_behaviours', key: 'office', body: expect.stringContaining('"comfortHeatC":99') },
      { source: 'people', key: 'alice', body: '{"id": "alice", "na' },
    ]);
  });
});
