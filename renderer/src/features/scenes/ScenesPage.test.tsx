// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../core/api/contract';
import { Scene } from '../../../../core/model';
import { routes } from '../../routes/router';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { stubLayout } from '../../test/layout-stubs';
import { FakeClient, light, ManualFrames, sensor } from '../../test/fixtures';

beforeAll(stubLayout);
afterEach(cleanup);

const night = Scene.parse({
  id: 'good-night',
  name: 'Good night',
  states: [{ device: 'hall-light', command: { power: false } }],
});

async function start(updateScene: (s: Scene) => Scene) {
  const client = new FakeClient();
  client.auto.listDevices = () => [
    light('hall-light', { name: 'Hall light', roomId: 'hall' }),
    light('desk-lamp', { name: 'Desk lamp', roomId: 'hall' }),
    sensor('hall-motion', { name: 'Hall motion', roomId: 'hall', capabilities: { motion: { value: false, writable: false } } }),
  ];
  client.auto.listRooms = () => [{ id: 'hall', name: 'Hall', kind: 'home' }];
  client.auto.listScenes = () => [night];
  client.auto.updateScene = updateScene;
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: ['/scenes'] })} />
    </HubStoreProvider>,
  );
  return client;
}

describe('the scenes page', () => {
  it('edits a scene’s states and transition with the command fields, and adds only devices that can be set', async () => {
    const saved: Scene[] = [];
    await start((s) => {
      saved.push(s);
      return s;
    });
    const editor = await screen.findByRole('region', { name: 'Good night' });
    const add = within(editor).getByRole('combobox', { name: 'Device to add to Good night' }) as HTMLSelectElement;
    expect([...add.options].map((o) => o.text)).toEqual(['Add a device…', 'Desk lamp']);
    fireEvent.change(add, { target: { value: 'desk-lamp' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Add device' }));
    fireEvent.change(within(editor).getByRole('spinbutton', { name: 'Good night Desk lamp brightness' }), {
      target: { value: '20' },
    });
    fireEvent.change(within(editor).getByRole('spinbutton', { name: 'Good night transition' }), { target: { value: '3' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      id: 'good-night',
      name: 'Good night',
      transitionS: 3,
      states: [
        { device: 'hall-light', command: { power: false } },
        { device: 'desk-lamp', command: { power: true, brightness: 20 } },
      ],
    });
    expect(within(editor).getByRole('status').textContent).toBe('Saved “Good night”.');
  });

  it('puts a problem next to its field, from the schema and from the hub', async () => {
    await start(() => {
      throw new ApiError('invalid', 'Invalid updateScene request: states.0.command: Hall light has no colour');
    });
    const editor = await screen.findByRole('region', { name: 'Good night' });
    fireEvent.change(within(editor).getByRole('spinbutton', { name: 'Good night transition' }), { target: { value: '-1' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    const fade = within(editor).getByRole('spinbutton', { name: 'Good night transition' });
    await waitFor(() => expect(fade.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(fade.getAttribute('aria-describedby')!)?.textContent).toBe('must be at least 0');
    fireEvent.change(fade, { target: { value: '2' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(editor).getByText('Hall light has no colour')).toBeTruthy());
  });
});
