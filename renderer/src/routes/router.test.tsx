// @vitest-environment jsdom
/**
 * The app under its real routes (a memory history instead of the address bar): the views' addresses,
 * the Rooms tab from a room's page, the device panel's address and focus, Escape on the diagnostics
 * panel, the logbook's filters in the query, and the sign-in page.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubLayout } from '../test/layout-stubs';
import { ConnectionControlProvider } from '../api/connection-context';
import { HubStoreProvider } from '../store/context';
import { createHubStore } from '../store/hub-store';
import type { Me } from '../../../core/api/contract-users';
import { allowedMethods } from '../../../core/api/access';
import { FakeClient, light, ManualFrames, ownerMe } from '../test/fixtures';
import { routes } from './router';

vi.mock('../features/history/uplot-loader', () => ({ loadUPlot: () => new Promise(() => {}) }));
vi.mock('uplot/dist/uPlot.min.css', () => ({}));

beforeAll(stubLayout);
afterEach(cleanup);

const rooms = [{ id: 'living-room', name: 'Living room', kind: 'home' as const }];

async function start(path: string, { retry = () => {}, me }: { retry?: () => void; me?: Me } = {}) {
  const client = new FakeClient();
  if (me) client.auto.getMe = () => me;
  client.auto.listDevices = () => [light('lamp', { name: 'Desk lamp', roomId: 'living-room' })];
  client.auto.listRooms = () => rooms;
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <ConnectionControlProvider value={{ mode: 'browser', retry }}>
      <HubStoreProvider store={store}>
        <RouterProvider router={router} />
      </HubStoreProvider>
    </ConnectionControlProvider>,
  );
  const at = () => `${router.state.location.pathname}${router.state.location.search}`;
  return { client, store, router, at };
}

describe('addresses', () => {
  it('opens the view of each address, and sends / to the devices', async () => {
    const { at } = await start('/');
    expect(at()).toBe('/devices');
    expect(await screen.findByRole('article', { name: 'Desk lamp' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Devices' }).getAttribute('aria-current')).toBe('page');
  });

  it('keeps the search in ?q= and shows it in the search field after a reload', async () => {
    const { at } = await start('/devices?q=desk');
    expect((screen.getByRole('searchbox', { name: 'Search devices' }) as HTMLInputElement).value).toBe('desk');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search devices' }), { target: { value: 'nothing matches' } });
    await waitFor(() => expect(at()).toBe('/devices?q=nothing+matches'));
  });

  it('goes from a room’s page to the room list with the Rooms tab', async () => {
    const { at, router } = await start('/rooms/living-room');
    expect(await screen.findByRole('heading', { name: 'Living room', level: 2 })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Rooms' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('link', { name: 'Rooms' }));
    await waitFor(() => expect(at()).toBe('/rooms'));
    expect(await screen.findByRole('heading', { name: 'Rooms', level: 2 })).toBeTruthy();
    // Back returns to the room's page.
    await act(() => router.navigate(-1));
    expect(at()).toBe('/rooms/living-room');
    expect(await screen.findByRole('heading', { name: 'Living room', level: 2 })).toBeTruthy();
  });

  it('says so for a room that does not exist', async () => {
    await start('/rooms/attic');
    expect(await screen.findByRole('heading', { name: 'No such room' })).toBeTruthy();
  });

  it('gives the device panel an address; closing it goes back and returns focus to the tile’s button', async () => {
    const { at } = await start('/devices?q=desk');
    const details = await screen.findByRole('button', { name: 'Details for Desk lamp' });
    details.focus();
    fireEvent.click(details);
    await waitFor(() => expect(at()).toBe('/devices/lamp?q=desk'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Desk lamp');
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
    await waitFor(() => expect(at()).toBe('/devices?q=desk'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Details for Desk lamp' })));
  });

  it('opens a device panel from a link and closes it to the view behind it', async () => {
    const { at } = await start('/rooms/living-room/devices/lamp');
    expect(await screen.findByRole('dialog')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(at()).toBe('/rooms/living-room'));
  });

  it('reads the logbook’s filters from the query and writes them back', async () => {
    const { client, at } = await start('/logbook?period=7d&room=living-room');
    await waitFor(() => expect(client.calls.some((c) => c.method === 'getLogbook')).toBe(true));
    const request = client.calls.find((c) => c.method === 'getLogbook')!.params as { from: number; room?: string };
    expect(request.room).toBe('living-room');
    expect(Date.now() - request.from).toBeGreaterThan(6.9 * 86_400_000);
    expect((screen.getByLabelText('Period') as HTMLSelectElement).value).toBe('7d');
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: '1h' } });
    await waitFor(() => expect(at()).toBe('/logbook?period=1h&room=living-room'));
  });

  it('gives each settings page an address and sends /settings to the first', async () => {
    const { at } = await start('/settings');
    expect(at()).toBe('/settings/general');
    fireEvent.click(screen.getByRole('link', { name: 'Signed-in browsers' }));
    await waitFor(() => expect(at()).toBe('/settings/access'));
    expect(await screen.findByRole('heading', { name: 'Signed-in browsers' })).toBeTruthy();
  });
});

describe('keyboard', () => {
  it('offers "Skip to content" first, which moves focus to the view', async () => {
    await start('/devices');
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    const focusable = document.querySelectorAll('a[href], button, input, select, [tabindex="0"]');
    expect(focusable[0]).toBe(skip);
    fireEvent.click(skip);
    expect(document.activeElement?.id).toBe('main');
  });

  it('closes the diagnostics panel with Escape and returns focus to its button', async () => {
    await start('/devices');
    const button = screen.getByRole('button', { name: 'Diagnostics' });
    fireEvent.click(button);
    expect(await screen.findByRole('heading', { name: 'Diagnostics' })).toBeTruthy();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Diagnostics' })).toBeNull());
    expect(document.activeElement).toBe(button);
  });
});

describe('a browser the hub refused', () => {
  it('shows the sign-in page with the reason; a token typed in signs in and connects again', async () => {
    const retry = vi.fn();
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ expiresAt: 1 }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    try {
      const { client } = await start('/rooms/living-room', { retry });
      act(() => client.setConnection({ state: 'auth_failed', reason: 'Not signed in' }));
      expect(await screen.findByRole('heading', { name: 'Sign in to Homeroom' })).toBeTruthy();
      expect(screen.getByRole('status').textContent).toContain('not signed in');
      fireEvent.change(screen.getByLabelText('Token'), { target: { value: ' the-token ' } });
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(retry).toHaveBeenCalledTimes(1));
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/session',
        expect.objectContaining({ method: 'POST', body: '{"token":"the-token"}' }),
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says when the token is wrong, and does not connect', async () => {
    const retry = vi.fn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 401 })),
    );
    try {
      const { client } = await start('/devices', { retry });
      act(() => client.setConnection({ state: 'auth_failed', reason: 'Invalid token' }));
      fireEvent.change(await screen.findByLabelText('Token'), { target: { value: 'wrong' } });
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      expect((await screen.findByRole('alert')).textContent).toBe('That is not this hub’s token.');
      expect(retry).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('what the signed-in user may see', () => {
  const as = (role: 'guest' | 'board'): Me => ({ ...ownerMe(role, ['living-room']), methods: allowedMethods(role) });

  it('a board lands on /board from any address and is shown nothing else', async () => {
    const { at, router } = await start('/devices', { me: as('board') });
    await waitFor(() => expect(at()).toBe('/board'));
    expect(await screen.findByRole('main', { name: 'Meeting room boards' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Sections' })).toBeNull();
    expect(screen.queryByRole('article')).toBeNull();
    await act(() => router.navigate('/settings/people'));
    await waitFor(() => expect(at()).toBe('/board'));
  });

  it('a guest gets no Settings, Automations or discovery, and is sent from their addresses to its devices', async () => {
    const { at, router } = await start('/settings/people', { me: as('guest') });
    await waitFor(() => expect(at()).toBe('/devices'));
    const nav = await screen.findByRole('navigation', { name: 'Sections' });
    expect([...nav.querySelectorAll('a')].map((a) => a.textContent)).toEqual(['Devices', 'Rooms', 'Logbook']);
    expect(screen.queryByRole('button', { name: /Add a device|Found/ })).toBeNull();
    await act(() => router.navigate('/automations'));
    await waitFor(() => expect(at()).toBe('/devices'));
  });
});
