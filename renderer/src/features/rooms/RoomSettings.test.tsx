// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomBehaviour } from '../../../../core/model';
import type { RoomBehaviourPatch } from '../../../../core/api/contract-rooms';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import type { Units } from '../../units/temperature';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { RoomSettings } from './RoomSettings';

afterEach(cleanup);

async function setup(units: Units = 'celsius') {
  const client = new FakeClient();
  const saved: RoomBehaviourPatch[] = [];
  client.auto.getRoomBehaviour = ({ roomId }) => RoomBehaviour.parse({ roomId });
  client.auto.updateRoomBehaviour = ({ roomId, behaviour }) => {
    saved.push(behaviour);
    return RoomBehaviour.parse({ roomId, ...behaviour });
  };
  client.auto.listRoomStatus = () => [];
  client.auto.listPeople = () => [];
  const store = createHubStore({ client, scheduler: new ManualFrames(), units });
  store.start();
  render(
    <HubStoreProvider store={store}>
      <RoomSettings roomId="kitchen" roomName="Kitchen" open onOpenChange={() => {}} />
    </HubStoreProvider>,
  );
  await screen.findByRole('button', { name: 'Save' }); // the room's behaviour has loaded
  return saved;
}

describe('room settings', () => {
  it('pausing speakers when the room is empty is off by default and saved when switched on', async () => {
    const saved = await setup();
    const toggle = screen.getByRole('checkbox', { name: 'Pause speakers when the room is empty' }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
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
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ mode: 'auto', comfortCoolC: 24, economyCoolC: 27 });
  });

  it('an emptied number is explained, never saved as 0', async () => {
    const saved = await setup();
    const comfort = screen.getByRole('spinbutton', { name: 'Comfort (°C)' });
    fireEvent.change(comfort, { target: { value: '' } });
    expect(comfort.getAttribute('aria-invalid')).toBe('true');
    expect(description(comfort)).toBe('Enter a number between 5 and 30 °C.');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Sensors that must agree to occupy' }), { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Not saved:/); // said where the PUT would have been sent
    expect(saved).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('Not saved: 2 entries need fixing (marked above).');
    expect(document.activeElement).toBe(screen.getByRole('spinbutton', { name: 'Sensors that must agree to occupy' }));
    expect(description(screen.getByRole('spinbutton', { name: 'Sensors that must agree to occupy' }))).toBe(
      'Must be a whole number.',
    );
    fireEvent.change(comfort, { target: { value: '20.5' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Sensors that must agree to occupy' }), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ comfortHeatC: 20.5 });
    expect(saved.at(-1)?.occupancy).toMatchObject({ agreement: { n: 2 } });
  });

  it('edits the daily curve in the shared steps editor: validated, stable rows, sorted times', async () => {
    const saved = await setup();
    const curve = screen.getByRole('table', { name: 'Daily lighting curve of Kitchen' });
    expect(within(curve).getAllByRole('row')).toHaveLength(5); // header + the four default steps
    fireEvent.click(screen.getByRole('button', { name: 'Remove step 1' }));
    // The former step 2 ("day", 12:00) is now step 1 with its own values.
    expect((screen.getByRole('textbox', { name: 'Step 1 label' }) as HTMLInputElement).value).toBe('day');
    expect((screen.getByLabelText('Step 1 time') as HTMLInputElement).value).toBe('12:00');
    fireEvent.change(screen.getByLabelText('Step 2 brightness (%)'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Step 3 time'), { target: { value: '08:00' } });
    expect(description(screen.getByLabelText('Step 2 brightness (%)'))).toBe('Step 2: enter a brightness between 1 and 100 %.');
    expect(description(screen.getByLabelText('Step 3 time'))).toBe(
      'Step 3: 08:00 is earlier than step 2 (18:00). Times go in order through the day.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Not saved:/); // said where the PUT would have been sent
    expect(saved).toEqual([]);
    fireEvent.change(screen.getByLabelText('Step 2 brightness (%)'), { target: { value: '55' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sort steps by time' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.lighting?.curve).toEqual({
      kind: 'steps',
      steps: [
        { at: '08:00', brightness: 10, kelvin: 2200, label: 'night' },
        { at: '12:00', brightness: 100, kelvin: 4500, label: 'day' },
        { at: '18:00', brightness: 55, kelvin: 2700, label: 'evening' },
      ],
    });
  });

  it('a room keeps at least one step', async () => {
    await setup();
    for (let i = 0; i < 3; i++) fireEvent.click(screen.getByRole('button', { name: 'Remove step 1' }));
    expect((screen.getByRole('button', { name: 'Remove step 1' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows and takes temperatures in °F, saving °C; untouched ones keep their exact value', async () => {
    const saved = await setup('fahrenheit');
    const comfort = screen.getByRole('spinbutton', { name: 'Comfort (°F)' }) as HTMLInputElement;
    expect(comfort.value).toBe('70'); // 21 °C
    expect((screen.getByRole('spinbutton', { name: 'Economy (°F)' }) as HTMLInputElement).value).toBe('63'); // 17 °C
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Frost protection (°F)' }), { target: { value: '60' } });
    expect(description(screen.getByRole('spinbutton', { name: 'Frost protection (°F)' }))).toBe('Must be between 38 and 53 °F.');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Frost protection (°F)' }), { target: { value: '41' } });
    fireEvent.change(comfort, { target: { value: '68' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ comfortHeatC: 20, economyHeatC: 17, frostC: 5 });
  });

  it('a usual-occupancy period needs a day and both times', async () => {
    const saved = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add period' }));
    for (const day of ['Mo', 'Tu', 'We', 'Th', 'Fr'])
      fireEvent.click(within(screen.getByRole('group', { name: 'Period 1 days' })).getByRole('button', { name: day }));
    expect(screen.getByText('Period 1: pick at least one day.').id).not.toBe('');
    fireEvent.click(within(screen.getByRole('group', { name: 'Period 1 days' })).getByRole('button', { name: 'Sa' }));
    fireEvent.change(screen.getByLabelText('Period 1 to'), { target: { value: '' } });
    expect(description(screen.getByLabelText('Period 1 to'))).toBe('Period 1: enter both times, such as 17:00 and 23:00.');
    fireEvent.change(screen.getByLabelText('Period 1 to'), { target: { value: '22:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate?.schedule).toEqual([{ days: [6], from: '17:00', to: '22:00' }]);
  });
});

function description(input: HTMLElement): string | null | undefined {
  return document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;
}
