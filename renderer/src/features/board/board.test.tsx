// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BoardRoom } from '../../../../core/model/meeting';
import { hhmm } from '../../../../core/model/time';
import { routes } from '../../routes/router';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { stubLayout } from '../../test/layout-stubs';
import { utilisationCsv } from '../office/utilisation';
import { boardLine, duration } from './BoardPage';

// uPlot draws on a canvas jsdom lacks; the chart's data is the table's.
vi.mock('../history/uplot-loader', () => ({ loadUPlot: () => new Promise(() => {}) }));

beforeAll(stubLayout);
afterEach(cleanup);

// The board lists today's bookings only: at a fixed morning, one 90 minutes ahead is still today whenever the tests run.
vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(new Date(2026, 2, 24, 10, 0));
afterAll(() => void vi.useRealTimers());
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

const fjord: BoardRoom = {
  roomId: 'fjord',
  name: 'Meeting room Fjord',
  state: 'booked-soon',
  current: {
    uid: 'a',
    occurrence: iso(now + 5 * MIN),
    title: 'Design review',
    start: iso(now + 5 * MIN),
    end: iso(now + 65 * MIN),
    private: false,
    state: 'preparing',
  },
  next: [
    {
      uid: 'b',
      occurrence: '',
      title: 'Private',
      start: iso(now + 90 * MIN),
      end: iso(now + 120 * MIN),
      private: true,
      state: 'booked',
    },
  ],
  freeUntil: null,
  temperatureC: 20.5,
  at: iso(now),
};
const summit: BoardRoom = {
  ...fjord,
  roomId: 'summit',
  name: 'Meeting room Summit',
  state: 'free',
  current: null,
  next: [],
  freeUntil: null,
};

const week = {
  roomId: 'fjord',
  name: 'Meeting room Fjord',
  weekStart: '2026-03-23T00:00:00.000Z',
  bookedHours: 10.5,
  usedHours: 6,
  meetings: 9,
  released: 2,
  endedEarly: 1,
  conditioningSavedHours: 3.25,
};

async function start(path: string) {
  const client = new FakeClient();
  client.auto.listBoards = () => [fjord, summit];
  client.auto.getOfficeUtilisation = () => [week];
  client.auto.getSettings = () => ({ timeFormat: '24h' });
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: [path] })} />
    </HubStoreProvider>,
  );
  return client;
}

describe('the room board', () => {
  it('shows one room’s state, meeting, time to start, next bookings and temperature, and follows meetingState', async () => {
    const client = await start('/board/fjord');
    const room = await screen.findByRole('region', { name: 'Meeting room Fjord' });
    expect(within(room).getByTestId('board-state')).toHaveProperty('textContent', 'Booked soon');
    expect(within(room).getByText('Design review')).toBeTruthy();
    expect(within(room).getByText(/^Starts at \d\d:\d\d · in 5 min$/)).toBeTruthy();
    expect(within(room).getByText('Private')).toBeTruthy();
    expect(within(room).getByLabelText('Temperature').textContent).toBe('20.5 °C');
    // Only this room, and no control of any kind.
    expect(screen.queryByRole('region', { name: 'Meeting room Summit' })).toBeNull();
    expect(screen.queryAllByRole('button')).toEqual([]);
    client.emit('meetingState', { ...fjord, state: 'in-use', current: { ...fjord.current!, state: 'in-use' } });
    await waitFor(() => expect(within(room).getByTestId('board-state').textContent).toBe('In use'));
    client.emit('meetingState', {
      ...fjord,
      state: 'released',
      current: { ...fjord.current!, state: 'released' },
      freeUntil: iso(now + 90 * MIN),
    });
    await waitFor(() => expect(within(room).getByTestId('board-state').textContent).toBe('Released'));
    expect(within(room).getByText(/^Nobody came · free until \d\d:\d\d$/)).toBeTruthy();
  });

  it('/board shows every meeting room', async () => {
    await start('/board');
    expect(await screen.findByRole('region', { name: 'Meeting room Fjord' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Meeting room Summit' })).toBeTruthy();
    expect(screen.getByText('Free for the rest of the day')).toBeTruthy();
  });

  it('words time left and durations', () => {
    const time = (at: number) => new Date(at).toISOString().slice(11, 16);
    const inUse = { ...fjord, state: 'in-use' as const, current: { ...fjord.current!, start: iso(0), end: iso(70 * MIN) } };
    expect(boardLine(inUse, 0, time)).toBe('Until 01:10 · 1 h 10 min left');
    const free = { ...fjord, state: 'free' as const, current: null };
    const morning = new Date(2026, 0, 5, 8, 0).getTime(); // local time
    expect(boardLine({ ...free, freeUntil: iso(morning + 4 * 60 * MIN) }, morning, hhmm)).toBe('Free until 12:00');
    expect(boardLine({ ...free, freeUntil: iso(morning + 26 * 60 * MIN) }, morning, hhmm)).toBe('Free for the rest of the day');
    expect(duration(59_001)).toBe('1 min');
    expect(duration(120 * MIN)).toBe('2 h');
  });
});

describe('the office view', () => {
  it('lists the meeting rooms now and each room’s weeks, and exports them as CSV', async () => {
    await start('/office');
    const now = await screen.findByRole('list', { name: 'Meeting rooms now' });
    expect(within(now).getByText('Meeting room Summit')).toBeTruthy();
    expect(within(now).getByRole('link', { name: 'Meeting room Fjord board' }).getAttribute('href')).toBe('/board/fjord');
    const report = await screen.findByRole('region', { name: 'Meeting room Fjord' });
    const cells = within(report)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['10.5 h', '6 h', '9', '2', '1', '3.25 h']);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toHaveProperty('disabled', false);
  });

  it('writes the CSV with quoting and without spreadsheet formulas', () => {
    const row = { ...week, name: '=HYPERLINK("x"), room' };
    expect(utilisationCsv([row])).toBe(
      'room,week_start,booked_hours,used_hours,meetings,ghost_meetings_released,ended_early,conditioning_hours_saved\r\n' +
        `"'=HYPERLINK(""x""), room",2026-03-23,10.5,6,9,2,1,3.25\r\n`,
    );
  });
});
