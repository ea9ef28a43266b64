// @vitest-environment jsdom
/**
 * Settings → People and access against a fake hub: adding a guest sends its rooms and expiry and shows the token
 * once with a QR code of the sign-in link; a guest without rooms is not sent; revoke and new token call the hub.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodRequest } from '../../../../core/api/contract';
import type { User } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { create } from 'qrcode';
import { qrPath } from '../../ui/QrCode';
import { expiryFromDate, PeopleSettings, signInLink } from './PeopleSettings';

afterEach(cleanup);

const owner: User = {
  id: 'owner',
  name: 'Owner',
  role: 'admin',
  rooms: [],
  createdAt: 0,
  expiresAt: null,
  revokedAt: null,
  tokenCreatedAt: 0,
  owner: true,
};

async function setup() {
  const client = new FakeClient();
  const users: User[] = [owner];
  const created: MethodRequest<'createUser'>[] = [];
  const patches: MethodRequest<'updateUser'>[] = [];
  client.auto.listRooms = () => [
    { id: 'kitchen', name: 'Kitchen', kind: 'home' },
    { id: 'office', name: 'Office', kind: 'office' },
  ];
  client.auto.listUsers = () => users.map((u) => ({ ...u }));
  client.auto.createUser = (request) => {
    created.push(request);
    const user: User = { ...owner, id: 'u1', name: request.name, role: request.role, rooms: request.rooms ?? [], owner: false };
    users.push(user);
    return { user, token: 'T'.repeat(43) };
  };
  client.auto.updateUser = (request) => {
    patches.push(request);
    return { ...users.find((u) => u.id === request.id)!, revokedAt: 5 };
  };
  client.auto.newUserToken = ({ id }) => ({ user: users.find((u) => u.id === id)!, token: 'N'.repeat(43) });
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <PeopleSettings />
    </HubStoreProvider>,
  );
  await screen.findByRole('listitem', { name: 'Owner' });
  return { created, patches };
}

describe('People and access', () => {
  it('adds a guest for the ticked rooms and shows its token once, with a QR code of the sign-in link', async () => {
    const { created } = await setup();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Gina' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'guest' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add and show the token' }));
    expect(await screen.findByText('Tick the rooms this guest may use')).toBeTruthy();
    expect(created).toEqual([]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Kitchen' }));
    fireEvent.change(screen.getByLabelText('Access ends (optional)'), { target: { value: '2026-12-24' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add and show the token' }));
    const shown = await screen.findByRole('region', { name: 'New token for Gina' });
    expect(created).toEqual([
      { name: 'Gina', role: 'guest', rooms: ['kitchen'], expiresAt: new Date(2026, 11, 24, 23, 59, 59).getTime() },
    ]);
    expect(within(shown).getByLabelText('Token').textContent).toBe('T'.repeat(43));
    expect(within(shown).getByRole('img', { name: 'QR code: sign-in link for Gina' })).toBeTruthy();
    expect(await screen.findByRole('listitem', { name: 'Gina' })).toBeTruthy();
    fireEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'New token for Gina' })).toBeNull();
  });

  it('revokes and makes a new token', async () => {
    const { patches } = await setup();
    const row = screen.getByRole('listitem', { name: 'Owner' });
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(patches).toEqual([{ id: 'owner', revoked: true }]));
    fireEvent.click(within(screen.getByRole('listitem', { name: 'Owner' })).getByRole('button', { name: /New token/ }));
    const shown = await screen.findByRole('region', { name: 'New token for Owner' });
    expect(within(shown).getByLabelText('Token').textContent).toBe('N'.repeat(43));
  });
});

describe('sign-in link, expiry and QR code', () => {
  it('links to this page’s own origin in a browser, and to the hub’s address in the desktop app', () => {
    const made = { user: owner, token: 'a-b_c', signInUrl: 'http://192.168.1.5:8321/?token=a-b_c' };
    expect(signInLink(made, { protocol: 'http:', origin: 'http://hub.local:8321' })).toBe('http://hub.local:8321/?token=a-b_c');
    expect(signInLink(made, { protocol: 'file:', origin: 'null' })).toBe('http://192.168.1.5:8321/?token=a-b_c');
  });

  it('reads a date as the end of that day, and no date as never', () => {
    expect(expiryFromDate('')).toBeNull();
    expect(expiryFromDate('2026-01-31')).toBe(new Date(2026, 0, 31, 23, 59, 59).getTime());
  });

  it('draws a QR code with its quiet zone, one square per dark module', () => {
    const text = 'http://hub.local:8321/?token=abc';
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const { size, d } = qrPath(text);
    expect(size).toBe(modules.size + 8); // 4 modules of quiet zone each side
    expect(d.split('M').length - 1).toBe(modules.data.filter(Boolean).length);
    expect(d.startsWith('M4 4h1v1h-1z')).toBe(true); // the top-left finder pattern's corner
  });
});
