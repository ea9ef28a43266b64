import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const event: CalendarEvent = {
  uid: 'a@test',
  occurrence: '2026-12-01T09:00:00.000Z',
  title: 'Review',
  start: Date.parse('2026-12-01T09:00:00Z'),
  end: Date.parse('2026-12-01T10:00:00Z'),
  private: false,
  allDay: false,
  cancelled: false,
};

describe('CalendarStore (migration 6)', () => {
  let store: Store | undefined;
  const dir = tempDataDir();
  afterEach(() => {
    store?.close();
    dir.remove();
  });

  it('keeps configs and last events over a reopen; a restore keeps the events of calendars that stay', () => {
    const clock = new ManualClock(1000);
    store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
    store.calendars.put('fjord', { source: 'ics-url', url: 'https://example.com/f.ics', pollSeconds: 60 });
    store.calendars.put('summit', { source: 'ics-url', url: 'https://example.com/s.ics', pollSeconds: 60 });
    store.calendars.saveEvents('fjord', { events: [event], syncedAt: 900 });
    store.calendars.saveEvents('nowhere', { events: [event], syncedAt: 900 }); // no calendar: not kept
    store.close();
    store = openStore({ dataDir: dir.dir, clock, logger: silentLogger });
    expect(store.calendars.list().map((c) => c.roomId)).toEqual(['fjord', 'summit']);
    expect(store.calendars.lastEvents('fjord')).toEqual({ events: [event], syncedAt: 900 });
    expect(store.calendars.lastEvents('nowhere')).toBeUndefined();

    store.calendars.replaceAll([
      { roomId: 'fjord', config: { source: 'ics-url', url: 'https://example.com/f2.ics', pollSeconds: 90 } },
    ]);
    expect(store.calendars.list()).toEqual([
      { roomId: 'fjord', config: { source: 'ics-url', url: 'https://example.com/f2.ics', pollSeconds: 90 } },
    ]);
    expect(store.calendars.lastEvents('fjord')?.events).toEqual([event]);
  });

  it('sets a damaged row aside and says so, instead of stopping', () => {
    const problems: string[] = [];
    store = openStore({ dataDir: dir.dir, clock: new ManualClock(0), logger: silentLogger });
    store.onProblem((p) => problems.push(p.message));
    store.database.main
      .prepare('INSERT INTO room_calendars (room_id, config, updated_at) VALUES (?, ?, 0)')
      .run('fjord', JSON.stringify({ source: 'gopher', pollSeconds: 60 }));
    expect(store.calendars.list()).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^The calendar of room "fjord" could not be read \(source: .*\); it was kept in the store's damaged_rows table and the room has no calendar until it is set again\.$/,
    );
  });
});
