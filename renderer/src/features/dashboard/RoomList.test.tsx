// @vitest-environment jsdom
/**
 * The virtualized dashboard with many devices: only rows near the screen are in the DOM, yet search,
 * the jump list and the keyboard reach every device, and a screen reader hears the right counts.
 * jsdom has no layout, so headings are 48 px, rows 200 px, the list 1,200 px wide (four columns) and
 * the window 768 px tall; `window.scrollTo` moves `scrollY` and fires `scroll`, as a browser does.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Device, Room } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore, FIRST_DEVICE_PAGE } from '../../store/hub-store';
import { FakeClient, light, ManualFrames, sensor } from '../../test/fixtures';
import { stubLayout } from '../../test/layout-stubs';
import { Dashboard } from './Dashboard';
import { columnsFor, layoutRooms } from './RoomList';

const restore: (() => void)[] = [];
function define<T extends object>(target: T, key: string, descriptor: PropertyDescriptor) {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
  restore.push(() => (previous ? Object.defineProperty(target, key, previous) : delete (target as Record<string, unknown>)[key]));
}

beforeAll(() => {
  stubLayout();
  define(HTMLElement.prototype, 'offsetHeight', {
    get(this: HTMLElement) {
      if (this.classList.contains('room__title')) return 48;
      if (this.classList.contains('room__row')) return 200;
      return 0;
    },
  });
  define(HTMLElement.prototype, 'clientWidth', {
    get(this: HTMLElement) {
      return this.classList.contains('room-list') ? 1200 : 0;
    },
  });
  define(document.documentElement, 'scrollHeight', { get: () => 10_000_000 });
  define(window, 'scrollY', { value: 0, writable: true });
  define(window, 'scrollTo', {
    value: (options: ScrollToOptions) => {
      (window as { scrollY: number }).scrollY = options.top ?? 0;
      window.dispatchEvent(new Event('scroll'));
    },
    writable: true,
  });
});
afterAll(() => {
  for (const undo of restore.reverse()) undo();
});
afterEach(() => {
  cleanup();
  window.scrollTo({ top: 0 });
});

const pad = (n: number) => String(n).padStart(3, '0');

/** `rooms` rooms named Room 000…, each with `perRoom` devices (a light every third, sensors between). */
function house(rooms: number, perRoom: number): { devices: Device[]; rooms: Room[] } {
  const list: Room[] = [];
  const devices: Device[] = [];
  for (let r = 0; r < rooms; r++) {
    list.push({ id: `room-${pad(r)}`, name: `Room ${pad(r)}`, kind: 'office' });
    for (let d = 0; d < perRoom; d++) {
      const id = `d-${pad(r)}-${pad(d)}`;
      const name = `Device ${pad(r)}-${pad(d)}`;
      devices.push(d % 3 === 0 ? light(id, { name, roomId: `room-${pad(r)}` }) : sensor(id, { name, roomId: `room-${pad(r)}` }));
    }
  }
  return { devices, rooms: list };
}

async function show(home: { devices: Device[]; rooms: Room[] }, query = '') {
  const client = new FakeClient();
  client.auto.listDevices = () => home.devices;
  client.auto.listRooms = () => home.rooms;
  client.auto.listScenes = () => [];
  const frames = new ManualFrames();
  const store = createHubStore({ client, scheduler: frames, units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  if (home.devices.length > FIRST_DEVICE_PAGE) {
    // The pages after the first are shown a slice a frame, from the frame after the last one arrived.
    await waitFor(() => expect(frames.pending).toBeGreaterThan(0));
    while (frames.pending > 0) frames.frame();
  }
  expect(Object.keys(store.getState().devices)).toHaveLength(home.devices.length);
  const view = (q: string) => (
    <HubStoreProvider store={store}>
      <Dashboard query={q} />
    </HubStoreProvider>
  );
  const { rerender } = render(view(query));
  await screen.findAllByRole('article');
  return { search: (q: string) => rerender(view(q)) };
}

const TABBABLE = 'a[href], button:not(:disabled), input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Tab as the browser does: the component may take the key (default prevented); else focus moves to the next tabbable. */
function tab(shift = false) {
  const active = document.activeElement as HTMLElement;
  const handled = !fireEvent.keyDown(active, { key: 'Tab', shiftKey: shift });
  if (handled) return;
  const all = Array.from(document.querySelectorAll<HTMLElement>(TABBABLE)).sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  const next = all[all.indexOf(active) + (shift ? -1 : 1)];
  act(() => next?.focus());
}

const tileOf = (el: Element | null) => el?.closest('article')?.getAttribute('aria-label') ?? null;

describe('the layout', () => {
  it('puts a heading and then rows of at most `columns` tiles per room', () => {
    const groups = [
      { key: 'a', title: 'A', ids: ['1', '2', '3', '4', '5'] },
      { key: 'b', title: 'B', ids: ['6'] },
    ];
    const { items, head, last } = layoutRooms(groups, 2);
    expect(items.map((i) => (i.kind === 'head' ? `h${i.group}` : `r${i.group}.${i.row}`))).toEqual([
      'h0',
      'r0.0',
      'r0.1',
      'r0.2',
      'h1',
      'r1.0',
    ]);
    expect(head).toEqual([0, 4]);
    expect(last).toEqual([3, 5]);
    expect([columnsFor(200), columnsFor(272), columnsFor(560), columnsFor(1200)]).toEqual([1, 1, 2, 4]);
  });
});

describe('a dashboard of 1,200 devices', () => {
  const big = house(40, 30);

  it('renders only the rows near the screen, and tells a screen reader every room’s and tile’s count', async () => {
    await show(big);
    const articles = screen.getAllByRole('article');
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.length).toBeLessThan(80);
    // The first room: its heading says how many devices it has, each tile where it is among them.
    const first = screen.getByRole('region', { name: /^Room 000/ });
    expect(within(first).getByRole('heading', { level: 2 }).textContent).toBe('Room 00030 devices');
    const tiles = within(first).getAllByRole('article');
    expect(tiles.map((t) => t.getAttribute('aria-posinset'))).toEqual(tiles.map((_, i) => String(i + 1)));
    expect(new Set(tiles.map((t) => t.getAttribute('aria-setsize')))).toEqual(new Set(['30']));
    // The jump list names every room with its count, rendered or not.
    const jump = screen.getByRole('navigation', { name: 'Jump to a room' });
    expect(within(jump).getAllByRole('link')).toHaveLength(40);
    expect(within(jump).getByRole('link', { name: 'Room 039, 30 devices' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /^Room 039/ })).toBeNull();
  });

  it('search finds a device far below the screen', async () => {
    const { search } = await show(big);
    expect(screen.queryByRole('article', { name: 'Device 039-029' })).toBeNull();
    search('039-029');
    expect(await screen.findByRole('article', { name: 'Device 039-029' })).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });

  it('the jump list reaches the last room: scrolled there, its heading focused, its tiles rendered', async () => {
    await show(big);
    const jump = screen.getByRole('navigation', { name: 'Jump to a room' });
    fireEvent.click(within(jump).getByRole('link', { name: 'Room 039, 30 devices' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Room 03930 devices'));
    expect(window.scrollY).toBeGreaterThan(39 * 7 * 200);
    const room = screen.getByRole('region', { name: /^Room 039/ });
    expect(within(room).getAllByRole('article').length).toBeGreaterThan(0);
    expect(screen.queryByRole('region', { name: /^Room 000/ })).toBeNull();
  });

  it('the row holding focus stays rendered when the page scrolls away from it', async () => {
    await show(big);
    const first = screen.getAllByRole('button', { name: /^Details for/ })[0]!;
    act(() => first.focus());
    act(() => window.scrollTo({ top: 100_000 }));
    expect(document.activeElement).toBe(first);
    expect(first.isConnected).toBe(true);
  });
});

describe('Tab and Shift+Tab', () => {
  it('walk every tile of every room, although most are not rendered at first', async () => {
    const home = house(3, 20);
    await show(home);
    const names = new Set(home.devices.map((d) => d.name));
    const start = screen.getAllByRole('button', { name: /^Details for/ })[0]!;
    act(() => start.focus());
    const seen = new Set<string>();
    for (let i = 0; i < 2000 && seen.size < names.size; i++) {
      const name = tileOf(document.activeElement);
      if (name) seen.add(name);
      const before = document.activeElement;
      tab();
      if (document.activeElement === before) break; // the end of the page
    }
    expect([...names].filter((n) => !seen.has(n))).toEqual([]);

    // And back up to the first.
    const back = new Set<string>();
    for (let i = 0; i < 2000 && back.size < names.size; i++) {
      const name = tileOf(document.activeElement);
      if (name) back.add(name);
      const before = document.activeElement;
      tab(true);
      if (document.activeElement === before) break;
    }
    expect(back.has('Device 000-000')).toBe(true);
    expect(back.size).toBe(names.size);
  }, 60_000);
});
