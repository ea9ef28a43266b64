// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryEntry } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { DiscoveryInbox } from './DiscoveryInbox';

afterEach(cleanup);

const plug: DiscoveryEntry = {
  id: 'shelly:shellyplusplugs-a8032ab1c2d3',
  integration: 'shelly',
  kind: 'plug',
  name: '<img src=x onerror=alert(1)>',
  manufacturer: 'Shelly',
  model: 'Shelly Plus Plug S (SNPL-00112EU)',
  address: '192.168.1.20',
  port: 80,
  needsPairing: false,
  source: 'mdns',
};
const bridge: DiscoveryEntry = {
  id: 'hue:001788fffe6a6c72',
  integration: 'hue',
  kind: 'other',
  name: 'Hue Bridge',
  model: 'Hue Bridge (BSB002)',
  address: '192.168.1.3',
  port: 443,
  needsPairing: true,
  pairingHint: 'Press the link button on the bridge, then click Pair',
  pairingWindowMs: 30_000,
  source: 'mdns',
};

async function setup(entries: DiscoveryEntry[]) {
  const client = new FakeClient();
  client.auto.listDiscovery = () => entries;
  client.auto.listRooms = () => [{ id: 'office', name: 'Office', kind: 'office' }];
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  render(
    <HubStoreProvider store={store}>
      <DiscoveryInbox />
    </HubStoreProvider>,
  );
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  const n = entries.length;
  await screen.findByRole('button', { name: n === 0 ? 'Add a device' : `Found ${n} new device${n === 1 ? '' : 's'}` });
  return client;
}

describe('discovery inbox', () => {
  it('the header button counts new devices and follows discoveryChanged', async () => {
    const client = await setup([plug, bridge]);
    screen.getByRole('button', { name: 'Found 2 new devices' });
    act(() => client.emit('discoveryChanged', { devices: [plug] }));
    screen.getByRole('button', { name: 'Found 1 new device' });
    act(() => client.emit('discoveryChanged', { devices: [] }));
    screen.getByRole('button', { name: 'Add a device' });
  });

  it('lists kind, manufacturer, model and address, with device strings as text', async () => {
    await setup([plug]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    const item = screen.getByRole('listitem', { name: plug.name });
    within(item).getByText('Plug');
    within(item).getByText('Shelly · Shelly Plus Plug S (SNPL-00112EU)');
    within(item).getByText('192.168.1.20:80');
    expect(document.querySelector('img')).toBeNull();
  });

  it('Add asks for a name and a room, then calls addDiscovered', async () => {
    const client = await setup([plug]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    fireEvent.click(screen.getByRole('button', { name: `Add ${plug.name}` }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Kettle' } });
    fireEvent.change(screen.getByLabelText('Room'), { target: { value: 'office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to Homeroom' }));
    await waitFor(() =>
      expect(client.calls.at(-1)).toMatchObject({
        method: 'addDiscovered',
        params: { id: plug.id, name: 'Kettle', roomId: 'office' },
      }),
    );
  });

  it('Ignore calls ignoreDiscovered', async () => {
    const client = await setup([plug]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    fireEvent.click(screen.getByRole('button', { name: `Ignore ${plug.name}` }));
    await waitFor(() => expect(client.calls.at(-1)).toMatchObject({ method: 'ignoreDiscovered', params: { id: plug.id } }));
  });

  it('the Hue bridge: the instruction, Pair with a countdown, and the hub’s message when the button was not pressed', async () => {
    const client = await setup([bridge]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    screen.getByText('Press the link button on the bridge, then click Pair');
    expect(screen.queryByRole('button', { name: 'Add Hue Bridge' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Pair' }));
    await waitFor(() => expect(client.calls.at(-1)).toMatchObject({ method: 'pairDiscovered', params: { id: bridge.id } }));
    expect(screen.getByRole('timer').textContent).toMatch(/Waiting for the button: (30|29) s/);
    const call = client.calls.at(-1)!;
    await act(async () =>
      call.reject(
        Object.assign(
          new Error(
            'The link button was not pressed. Press the round button on top of the Hue bridge, then click Pair within 30 seconds.',
          ),
          { code: 'pairing_failed' },
        ),
      ),
    );
    expect(screen.getByRole('alert').textContent).toMatch(/link button was not pressed/);
    expect(screen.queryByRole('timer')).toBeNull();
  });

  it('add by address', async () => {
    const client = await setup([]);
    fireEvent.click(screen.getByRole('button', { name: 'Add a device' }));
    fireEvent.change(screen.getByLabelText('Device address (IP or host)'), { target: { value: '192.168.1.44' } });
    fireEvent.change(screen.getByLabelText('Port (optional)'), { target: { value: '9123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look' }));
    await waitFor(() =>
      expect(client.calls.at(-1)).toMatchObject({ method: 'addManualDevice', params: { host: '192.168.1.44', port: 9123 } }),
    );
    const call = client.calls.at(-1)!;
    await act(async () => call.resolve({ ...plug, name: 'Key light' }));
    expect(screen.getByRole('status').textContent).toBe('Found Key light');
  });

  it('an added device announced at a new address asks before it moves: Move calls addDiscovered, Keep calls ignoreDiscovered', async () => {
    const move: DiscoveryEntry = { ...plug, name: 'Kitchen plug', address: '10.0.0.9', move: { from: '10.0.0.5:80' } };
    const client = await setup([move]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    const item = screen.getByRole('listitem', { name: 'Kitchen plug' });
    expect(item.textContent).toContain('Kitchen plug announced a new address 10.0.0.9:80 — move it?');
    expect(item.textContent).toContain('now at 10.0.0.5:80');
    expect(within(item).queryByRole('button', { name: 'Add Kitchen plug' })).toBeNull();
    fireEvent.click(within(item).getByRole('button', { name: 'Move Kitchen plug to 10.0.0.9:80' }));
    await waitFor(() => expect(client.calls.at(-1)).toMatchObject({ method: 'addDiscovered', params: { id: move.id } }));
    cleanup();
    const again = await setup([move]);
    fireEvent.click(screen.getByRole('button', { name: 'Found 1 new device' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep Kitchen plug at 10.0.0.5:80' }));
    await waitFor(() => expect(again.calls.at(-1)).toMatchObject({ method: 'ignoreDiscovered', params: { id: move.id } }));
  });
});
