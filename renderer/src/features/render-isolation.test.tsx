// @vitest-environment jsdom
/**
 * Which components a device change re-renders, counted with React's Profiler (one id per component
 * under test, one count per commit it takes part in).
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// The dashboard's virtualized list, counted: a wrapper that renders the real one (its hooks become the wrapper's).
const listRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./dashboard/RoomList', async (original) => {
  const real = await original<typeof import('./dashboard/RoomList')>();
  return {
    ...real,
    RoomList: (props: Parameters<typeof real.RoomList>[0]) => {
      listRenders.count++;
      return real.RoomList(props);
    },
  };
});
import { stubLayout } from '../test/layout-stubs';
import type { Device, Room, RoomStatus } from '../../../core/model';
import { HubStoreProvider } from '../store/context';
import { createHubStore } from '../store/hub-store';
import { FakeClient, light, ManualFrames, sensor, thermostat } from '../test/fixtures';
import { Dashboard, RoomSection } from './dashboard/Dashboard';
import { LogbookView } from './logbook/LogbookView';
import { RoomPage } from './rooms/RoomPage';
import { RoomsView } from './rooms/RoomsView';
import { DeviceTile } from './tiles/DeviceTile';

beforeAll(stubLayout);
afterEach(cleanup);

const rooms: Room[] = [
  { id: 'kitchen', name: 'Kitchen', kind: 'home' },
  { id: 'hall', name: 'Hall', kind: 'home' },
];

const kitchenStatus: RoomStatus = {
  roomId: 'kitchen',
  occupancy: { state: 'occupied', since: Date.now() - 60_000, source: null, until: null, paused: false },
  holds: [],
  preference: null,
  overrides: [],
  next: [],
  climate: { targetC: 21, text: 'Comfort', rateCPerHour: 1 },
  people: [],
};

const devices: Device[] = [
  light('k-ceiling', { name: 'Kitchen ceiling', roomId: 'kitchen' }),
  light('k-spots', { name: 'Kitchen spots', roomId: 'kitchen' }),
  sensor('k-motion', {
    name: 'Kitchen motion',
    roomId: 'kitchen',
    capabilities: { motion: { value: false, writable: false } },
  }),
  thermostat('k-thermo', 20, { name: 'Kitchen radiator', roomId: 'kitchen' }),
  light('h-lamp', { name: 'Hall lamp', roomId: 'hall' }),
  sensor('h-sensor', { name: 'Hall sensor', roomId: 'hall' }),
];

async function setup() {
  const client = new FakeClient();
  client.auto.listDevices = () => devices;
  client.auto.listRooms = () => rooms;
  client.auto.listRoomStatus = () => [kitchenStatus];
  client.auto.listPeople = () => [];
  client.auto.getLogbook = () => [];
  client.auto.explainDevice = () => ({ why: null, history: [] });
  const frames = new ManualFrames();
  const store = createHubStore({ client, scheduler: frames, units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));

  const commits = new Map<string, number>();
  const profiled = (id: string, children: ReactNode) => (
    <Profiler id={id} onRender={(pid) => commits.set(pid, (commits.get(pid) ?? 0) + 1)}>
      <div data-testid={id}>{children}</div>
    </Profiler>
  );
  render(
    <HubStoreProvider store={store}>
      {profiled('room-page', <RoomPage room={rooms[0]!} onBack={() => {}} />)}
      {profiled('logbook', <LogbookView />)}
      {profiled('rooms-list', <RoomsView />)}
      {profiled('dashboard', <Dashboard query="" />)}
      {profiled('section:kitchen', <RoomSection groupKey="kitchen" query="" showHidden={false} />)}
      {profiled('section:hall', <RoomSection groupKey="hall" query="" showHidden={false} />)}
      {profiled('tile:k-ceiling', <DeviceTile id="k-ceiling" />)}
      {profiled('tile:k-spots', <DeviceTile id="k-spots" />)}
      {profiled('tile:h-lamp', <DeviceTile id="h-lamp" />)}
    </HubStoreProvider>,
  );
  // Everything asked for at mount (room status, logbook) has answered.
  await waitFor(() => {
    expect(store.getState().roomAutomations).toBe(true);
    expect(screen.queryByRole('status', { name: 'Loading the logbook' })).toBeNull();
  });
  const settled = new Map(commits);
  const settledList = listRenders.count;
  const since = (id: string) =>
    id === 'room-list-renders' ? listRenders.count - settledList : (commits.get(id) ?? 0) - (settled.get(id) ?? 0);
  const change = (...changed: Device[]) =>
    act(() => {
      client.emit('devicesChanged', { devices: changed });
      frames.frame();
    });
  return { since, change, settled };
}

const ceiling = devices[0]!;

describe('a change to one device re-renders only what shows it', () => {
  it('the changed tile re-renders; the room page’s own parts, logbook, room list and other rooms’ tiles do not', async () => {
    const { since, change, settled } = await setup();
    for (const id of ['room-page', 'logbook', 'rooms-list', 'dashboard', 'section:kitchen', 'section:hall', 'tile:k-ceiling'])
      expect(settled.get(id), id).toBeGreaterThan(0);

    change({ ...ceiling, capabilities: { ...ceiling.capabilities, power: { value: true, writable: true } } });
    change({
      ...ceiling,
      capabilities: { ...ceiling.capabilities, brightness: { value: 80, writable: true, min: 0, max: 100 } },
    });

    expect(since('tile:k-ceiling')).toBeGreaterThanOrEqual(2);
    expect(
      within(screen.getByTestId('tile:k-ceiling'))
        .getByRole('slider', { name: 'Kitchen ceiling brightness' })
        .getAttribute('aria-valuetext'),
    ).toBe('80%');
    // Its own section commits only because the tile inside it does.
    expect(since('section:kitchen')).toBe(since('tile:k-ceiling'));
    expect(since('tile:k-spots')).toBe(0);
    expect(since('tile:h-lamp')).toBe(0);
    expect(since('section:hall')).toBe(0);
    // The room page shows the tile too: it commits only because that tile does.
    expect(since('room-page')).toBe(since('tile:k-ceiling'));
    // So does the virtualized dashboard; its list itself is not rendered again by a state change.
    expect(since('dashboard')).toBe(since('tile:k-ceiling'));
    expect(since('room-list-renders')).toBe(0);
    expect(within(screen.getByTestId('dashboard')).getAllByRole('article')).toHaveLength(devices.length);
    expect(since('logbook')).toBe(0);
    expect(since('rooms-list')).toBe(0);
  });

  it('what they do show still updates them: a rename, a device joining a room', async () => {
    const { since, change } = await setup();
    change({ ...ceiling, name: 'Kitchen pendant' });
    expect(since('logbook')).toBe(1); // the device filter lists the new name
    // "Why it is like this" names the device, and its tile on the page shows the new name (as the dashboard's does).
    expect(since('room-page')).toBe(since('tile:k-ceiling'));
    expect(since('room-page')).toBeGreaterThan(0);
    expect(within(screen.getByTestId('logbook')).getByRole('option', { name: 'Kitchen pendant' })).toBeTruthy();
    expect(within(screen.getByTestId('room-page')).getByRole('article', { name: 'Kitchen pendant' })).toBeTruthy();
    expect(since('section:hall')).toBe(0);
    expect(within(screen.getByTestId('dashboard')).getByRole('article', { name: 'Kitchen pendant' })).toBeTruthy();
    expect(since('room-list-renders')).toBeGreaterThan(0); // a name orders the list

    change(light('h-new', { name: 'Hall spot', roomId: 'hall' }));
    expect(since('section:hall')).toBeGreaterThan(0);
    expect(within(screen.getByTestId('section:hall')).getByRole('article', { name: 'Hall spot' })).toBeTruthy();
    expect(within(screen.getByTestId('dashboard')).getByRole('article', { name: 'Hall spot' })).toBeTruthy();
    expect(since('rooms-list')).toBe(1);
    expect(screen.getByTestId('rooms-list').textContent).toContain('3 devices');
  });
});
