// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import { ApiError, type MethodName } from '../../../../core/api/contract';
import { Scene } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, light, ManualFrames } from '../../test/fixtures';
import { Dashboard } from '../dashboard/Dashboard';

beforeAll(stubLayout);
afterEach(cleanup);

const goodNight = Scene.parse({
  id: 'good-night',
  name: 'Good night',
  states: [
    { device: 'lamp', command: { power: false } },
    { device: 'spot', command: { power: false } },
  ],
});

async function start(apply: () => { ok: boolean; detail: string }[]) {
  const client = new FakeClient();
  const calls: { method: MethodName; params: unknown }[] = [];
  client.auto.listDevices = () => [
    light('lamp', { name: 'Floor lamp', roomId: 'living' }),
    light('spot', { name: 'Reading spot', roomId: 'living' }),
  ];
  client.auto.listRooms = () => [{ id: 'living', name: 'Living room', kind: 'home' }];
  client.auto.listScenes = () => [goodNight];
  client.auto.applyScene = ({ id }) => {
    calls.push({ method: 'applyScene', params: { id } });
    return { id, results: apply().map((r, i) => ({ deviceId: ['lamp', 'spot'][i]!, ...r })) };
  };
  client.auto.createScene = (params) => {
    calls.push({ method: 'createScene', params });
    if (params.name === 'Taken') throw new ApiError('invalid', 'name: a scene “Taken” exists already');
    return Scene.parse({ id: 'evening', name: params.name, states: [{ device: 'lamp', command: { power: true } }] });
  };
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <Dashboard query="" />
    </HubStoreProvider>,
  );
  return { client, calls };
}

describe('scenes on the dashboard', () => {
  it('applies a scene from its tile and says how it went, naming a device that failed', async () => {
    let answer = [
      { ok: true, detail: 'confirmed' },
      { ok: true, detail: 'confirmed' },
    ];
    const { calls } = await start(() => answer);
    const scenes = await screen.findByRole('region', { name: 'Scenes' });
    fireEvent.click(within(scenes).getByRole('button', { name: 'Apply scene Good night' }));
    await waitFor(() => expect(within(scenes).getByRole('status').textContent).toBe('Good night: 2 devices done'));
    expect(calls).toEqual([{ method: 'applyScene', params: { id: 'good-night' } }]);

    answer = [
      { ok: true, detail: 'confirmed' },
      { ok: false, detail: 'not confirmed in time' },
    ];
    fireEvent.click(within(scenes).getByRole('button', { name: 'Apply scene Good night' }));
    await waitFor(() =>
      expect(within(scenes).getByRole('status').textContent).toBe(
        'Good night: 1 of 2 devices done; Reading spot: not confirmed in time',
      ),
    );
  });

  it('captures a whole room as a new scene; the hub’s 400 is shown on the form', async () => {
    const { calls } = await start(() => []);
    const scenes = await screen.findByRole('region', { name: 'Scenes' });
    fireEvent.click(within(scenes).getByRole('button', { name: 'New scene' }));
    const dialog = await screen.findByRole('dialog', { name: 'New scene' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save the scene as it is now' }));
    expect(within(dialog).getByText('Give the scene a name.')).toBeTruthy();

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Taken' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Living room' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save the scene as it is now' }));
    expect(await within(dialog).findByText('name: a scene “Taken” exists already')).toBeTruthy();
    expect(calls.at(-1)).toEqual({ method: 'createScene', params: { name: 'Taken', rooms: ['living'] } });

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Evening' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Reading spot' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save the scene as it is now' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.at(-1)).toEqual({ method: 'createScene', params: { name: 'Evening', rooms: ['living'], devices: ['spot'] } });
    expect(within(scenes).getByRole('button', { name: 'Apply scene Evening' })).toBeTruthy();
  });
});
