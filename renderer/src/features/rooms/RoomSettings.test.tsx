// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomBehaviour } from '../../../../core/model';
import type { RoomBehaviourPatch } from '../../../../core/api/contract-rooms';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames, tick } from '../../test/fixtures';
import { RoomSettings } from './RoomSettings';

afterEach(cleanup);

async function setup(kind: 'home' | 'meeting' = 'home') {
  const client = new FakeClient();
  const saved: RoomBehaviourPatch[] = [];
  client.auto.getRoomBehaviour = ({ roomId }) => RoomBehaviour.parse({ roomId });
  client.auto.updateRoomBehaviour = ({ roomId, behaviour }) => {
    saved.push(behaviour);
    return RoomBehaviour.parse({ roomId, ...behaviour });
  };
  client.auto.listRoomStatus = () => [];
  client.auto.listPeople = () => [];
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  render(
    <HubStoreProvider store={store}>
      <RoomSettings roomId="kitchen" roomName="Kitchen" roomKind={kind} open onOpenChange={() => {}} />
    </HubStoreProvider>,
  );
  await act(tick);
  return saved;
}

describe('room settings', () => {
  it('pausing speakers when the room is empty is off by default and saved when switched on', async () => {
    const saved = await setup();
    const toggle = screen.getByRole('checkbox', { name: 'Pause speakers when the room is empty' }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(tick);
    expect(saved.at(-1)?.media).toEqual({ pauseWhenVacant: true });
    expect((screen.getByRole('checkbox', { name: 'Pause speakers when the room is empty' }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('cooling setpoints appear once the room may cool', async () => {
    const saved = await setup();
    expect(screen.queryByRole('spinbutton', { name: 'Cooling comfort (°C)' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Heating and cooling' }), { target: { value: 'auto' } });
    expect((screen.getByRole('spinbutton', { name: 'Cooling comfort (°C)' }) as HTMLInputElement).value).toBe('24');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Cooling economy (°C)' }), { target: { value: '27' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(tick);
    expect(saved.at(-1)?.climate).toMatchObject({ mode: 'auto', comfortCoolC: 24, economyCoolC: 27 });
  });
  it.each([
    ['home', { from: '17:00', to: '23:00' }],
    ['meeting', { from: '08:00', to: '18:00' }],
  ] as const)('a %s room proposes its own usual hours, and a hold by hand can be kept until changed', async (kind, hours) => {
    const saved = await setup(kind);
    fireEvent.click(within(screen.getByText(/^Usually occupied/).parentElement!).getByRole('button', { name: 'Add' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'A temperature set by hand is kept' }), {
      target: { value: 'untilChanged' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(tick);
    expect(saved.at(-1)?.climate).toMatchObject({ schedule: [{ days: [1, 2, 3, 4, 5], ...hours }], manualHold: 'untilChanged' });
  });
});
