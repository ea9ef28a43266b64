/**
 * Automations, scenes and traces in the store: they survive reopening, a row that no longer validates is set aside
 * and reported, traces come newest first and are pruned after `traceDays`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Automation, Trace } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { DAY_MS } from './history';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const START = Date.UTC(2026, 0, 12, 12, 0);

function open(dir: string, clock = new ManualClock(START)): Store {
  const store = openStore({ dataDir: dir, clock, logger: silentLogger });
  cleanup.unshift(() => store.close());
  return store;
}

const automation = (id: string, name = id): Automation => ({
  id,
  name,
  enabled: true,
  mode: 'single',
  max: 10,
  respectManual: true,
  triggers: [{ type: 'hubStarted' }],
  conditions: [],
  actions: [{ type: 'notify', text: 'hello' }],
});

const trace = (automationId: string, at: number, seq: number): Trace => ({
  automationId,
  runId: `${automationId}#${seq}`,
  at,
  trigger: { type: 'hubStarted', detail: 'the hub started', values: {} },
  ran: true,
  result: 'finished',
  conditions: [],
  actions: [],
});

describe('automations and scenes in the store', () => {
  it('keep their order and survive reopening; a damaged row is set aside and reported', () => {
    const data = tempDataDir();
    cleanup.push(data.remove);
    const first = open(data.dir);
    first.automations.put(automation('b'));
    first.automations.put(automation('a'));
    first.automations.put(automation('b', 'B renamed'));
    first.scenes.put({ id: 'night', name: 'Good night', states: [{ device: 'mqtt:x', command: { power: false } }] });
    first.database.main
      .prepare('INSERT INTO automations (id, automation, position, updated_at) VALUES (\'bad\', \'{"id":"bad"}\', 99, 0)')
      .run();
    first.close();
    cleanup.shift();

    const second = open(data.dir);
    expect(second.automations.list().map((a) => [a.id, a.name])).toEqual([
      ['b', 'B renamed'],
      ['a', 'a'],
    ]);
    expect(second.scenes.get('night')?.name).toBe('Good night');
    expect(second.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^The automation "bad" could not be read/)]);
    expect(second.database.main.prepare('SELECT key FROM damaged_rows').all()).toEqual([{ key: 'bad' }]);
    expect(second.automations.delete('a')).toBe(true);
    expect(second.automations.delete('a')).toBe(false);
  });

  it('lists traces newest first and prunes those older than traceDays, daily', () => {
    const data = tempDataDir();
    cleanup.push(data.remove);
    const clock = new ManualClock(START);
    const store = open(data.dir, clock);
    store.settings.update({ traceDays: 2 });
    store.start();
    store.traces.add(trace('x', START, 1));
    store.traces.add(trace('x', START + 1000, 2));
    store.traces.add(trace('y', START + 2000, 3));
    expect(store.traces.list('x', 10).map((t) => t.runId)).toEqual(['x#2', 'x#1']);
    expect(store.traces.list('x', 1).map((t) => t.runId)).toEqual(['x#2']);
    clock.advance(DAY_MS);
    store.traces.add(trace('x', clock.now(), 4));
    // Pruned daily: after two more days, everything older than two days is gone, the newest is left.
    clock.advance(2 * DAY_MS);
    expect(store.traces.list('x', 10).map((t) => t.runId)).toEqual(['x#4']);
    expect(store.traces.list('y', 10)).toEqual([]);
    store.traces.deleteFor('x');
    expect(store.traces.list('x', 10)).toEqual([]);
  });
});
