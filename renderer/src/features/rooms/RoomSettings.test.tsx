// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../core/api/contract';
import { RoomBehaviour, type CalendarSource, type Device, type RoomKind } from '../../../../core/model';
import type { RoomBehaviourPatch } from '../../../../core/api/contract-rooms';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import type { Units } from '../../units/temperature';
import { contact, FakeClient, light, ManualFrames, speaker, thermostat } from '../../test/fixtures';
import { RoomSettings } from './RoomSettings';

afterEach(cleanup);

/** A kitchen with a light, a thermostat, a speaker, its own door, the front door and a window. */
const KITCHEN: Device[] = [
  light('k-light', { name: 'Kitchen light', roomId: 'kitchen' }),
  thermostat('k-thermo', 20, { name: 'Kitchen radiator', roomId: 'kitchen' }),
  speaker('k-speaker', { name: 'Kitchen speaker', roomId: 'kitchen' }),
  contact('k-door', 'Kitchen door', 'kitchen'),
  contact('k-front', 'Front door', 'kitchen'),
  contact('k-window', 'Kitchen window', 'kitchen'),
  contact('h-door', 'Hall door', 'hall'),
];

async function setup(
  units: Units = 'celsius',
  {
    devices = KITCHEN,
    kind = 'home',
    behaviour = {},
    calendar = null,
  }: { devices?: Device[]; kind?: RoomKind; behaviour?: object; calendar?: CalendarSource | null } = {},
) {
  const client = new FakeClient();
  // A meeting room's settings read its calendar's source: only a CalDAV calendar can be written to.
  client.auto.getRoomCalendar = ({ roomId }) => {
    if (!calendar) throw new ApiError('not_found', `The room "${roomId}" has no calendar`);
    return {
      roomId,
      source: calendar,
      url: 'https://cal.example.com/kitchen/',
      status: 'ok',
      lastSyncAt: null,
      lastAttemptAt: null,
      pollSeconds: 60,
      events: 0,
      hasCredentials: calendar === 'caldav',
      skipped: 0,
    };
  };
  client.auto.listDevices = () => devices;
  const saved: RoomBehaviourPatch[] = [];
  client.auto.getRoomBehaviour = ({ roomId }) => RoomBehaviour.parse({ roomId, ...behaviour });
  client.auto.updateRoomBehaviour = ({ roomId, behaviour }) => {
    saved.push(behaviour);
    return RoomBehaviour.parse({ roomId, ...behaviour });
  };
  client.auto.listRoomStatus = () => [];
  client.auto.listPeople = () => [];
  const store = createHubStore({ client, scheduler: new ManualFrames(), units });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <RoomSettings roomId="kitchen" roomName="Kitchen" roomKind={kind} open onOpenChange={() => {}} />
    </HubStoreProvider>,
  );
  await screen.findByRole('button', { name: 'Save' }); // the room's behaviour has loaded
  return { saved, client };
}

describe('room settings', () => {
  it('pausing speakers when the room is empty is off by default and saved when switched on', async () => {
    const { saved } = await setup();
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
    const { saved } = await setup();
    expect(screen.queryByRole('spinbutton', { name: 'Cooling comfort (°C)' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Heating and cooling' }), { target: { value: 'auto' } });
    expect((screen.getByRole('spinbutton', { name: 'Cooling comfort (°C)' }) as HTMLInputElement).value).toBe('24');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Cooling economy (°C)' }), { target: { value: '27' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ mode: 'auto', comfortCoolC: 24, economyCoolC: 27 });
  });

  it('an emptied number is explained, never saved as 0', async () => {
    const { saved } = await setup();
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
    const { saved } = await setup();
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
    const { saved } = await setup('fahrenheit');
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
    const { saved } = await setup();
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

describe('room settings: doors, thermostat holds, usual hours, sections', () => {
  it('ticking a door as the room’s own saves it in ownDoors; an entrance is shown but cannot be ticked; windows are not doors', async () => {
    const { saved } = await setup();
    const doors = screen.getByRole('group', { name: 'The room’s own doors' });
    expect(
      within(doors)
        .getAllByRole('checkbox')
        .map((c) => c.getAttribute('aria-label') ?? c.parentElement?.textContent),
    ).toEqual(['Kitchen door is this room’s own door', 'Front door is this room’s own door']);
    const front = within(doors).getByRole('checkbox', { name: 'Front door is this room’s own door' }) as HTMLInputElement;
    expect(front.disabled).toBe(true);
    expect(description(front)).toBe('An entrance to the outside: it never holds the room.');
    fireEvent.click(within(doors).getByRole('checkbox', { name: 'Kitchen door is this room’s own door' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.occupancy?.ownDoors).toEqual(['k-door']);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Kitchen door is this room’s own door' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved.at(-1)?.occupancy?.ownDoors).toEqual([]);
  });

  it('a front door listed as own (from an older setting) shows unticked: entrances never hold a room', async () => {
    await setup('celsius', { behaviour: { occupancy: { ownDoors: ['k-front', 'k-door'] } } });
    expect((screen.getByRole('checkbox', { name: 'Front door is this room’s own door' }) as HTMLInputElement).checked).toBe(
      false,
    );
    expect((screen.getByRole('checkbox', { name: 'Kitchen door is this room’s own door' }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('a contact the user made an entrance cannot be ticked either', async () => {
    await setup('celsius', { behaviour: { occupancy: { contactRoles: { 'k-door': 'entrance' } } } });
    expect((screen.getByRole('checkbox', { name: 'Kitchen door is this room’s own door' }) as HTMLInputElement).disabled).toBe(
      true,
    );
  });

  it('a temperature set by hand can be kept until changed', async () => {
    const { saved } = await setup();
    const hold = screen.getByRole('combobox', { name: 'A temperature set by hand is kept' }) as HTMLSelectElement;
    expect(hold.value).toBe('nextChange');
    expect([...hold.options].map((o) => o.text)).toEqual(['until the next schedule change', 'until I change it']);
    fireEvent.change(hold, { target: { value: 'untilChanged' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ manualHold: 'untilChanged' });
  });

  it.each([
    ['home', { from: '17:00', to: '23:00' }],
    ['office', { from: '08:00', to: '18:00' }],
    ['meeting', { from: '08:00', to: '18:00' }],
  ] as const)('a new usual-occupancy period of a %s room proposes its usual hours', async (kind, hours) => {
    const { saved } = await setup('celsius', { kind });
    fireEvent.click(screen.getByRole('button', { name: 'Add period' }));
    expect((screen.getByLabelText('Period 1 from') as HTMLInputElement).value).toBe(hours.from);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate?.schedule).toEqual([{ days: [1, 2, 3, 4, 5], ...hours }]);
  });

  it('colour temperature presets set the kelvin, shown as a word and drawn in the day’s chart', async () => {
    const { saved } = await setup();
    const kelvin = screen.getByRole('spinbutton', { name: 'Step 4 colour temperature (K)' }) as HTMLInputElement;
    expect(kelvin.value).toBe('2200'); // the default curve's last step: night
    const presets = within(screen.getByRole('group', { name: 'Step 4 colour presets' })).getAllByRole('button');
    expect(presets.map((b) => b.textContent)).toEqual(['Warm', 'Neutral', 'Daylight']);
    expect(screen.getByRole('button', { name: 'Step 1 neutral (4000 K)' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Step 4 daylight (6500 K)' }));
    expect(kelvin.value).toBe('6500');
    expect(screen.getByRole('button', { name: 'Step 4 daylight (6500 K)' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Step 4 warm (2700 K)' }).getAttribute('aria-pressed')).toBe('false');
    expect(kelvin.closest('td')?.textContent).toContain('daylight');

    const chart = screen.getByRole('img', { name: /^Chart of the day’s curve/ });
    const text = description(chart);
    // The room's curve wraps: before 06:00 the night step of the evening before still holds.
    expect(text).toContain('00:00–06:00: 10 %, 6500 K (daylight), night');
    expect(text).toContain('22:30–24:00: 10 %, 6500 K (daylight), night');
    fireEvent.click(screen.getByRole('button', { name: 'Step 4 warm (2700 K)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.lighting?.curve).toMatchObject({
      kind: 'steps',
      steps: [{ kelvin: 4000 }, { kelvin: 4500 }, { kelvin: 2700 }, { kelvin: 2700 }],
    });
  });

  it('heating and cooling choices follow the one thermostat-mode order', async () => {
    await setup();
    const mode = screen.getByRole('combobox', { name: 'Heating and cooling' }) as HTMLSelectElement;
    expect([...mode.options].map((o) => o.value)).toEqual(['heat', 'cool', 'auto']);
  });

  it('a room without a thermostat or a speaker shows no Climate or Speakers section, and saving keeps their settings', async () => {
    const { saved } = await setup('celsius', {
      devices: [light('k-light', { name: 'Kitchen light', roomId: 'kitchen' })],
      behaviour: { climate: { comfortHeatC: 22 }, media: { pauseWhenVacant: true } },
    });
    const legends = screen
      .getAllByRole('group')
      .map((g) => g.querySelector('legend')?.textContent)
      .filter(Boolean);
    expect(legends).toEqual(['Occupancy', 'Lighting']);
    expect(screen.queryByRole('checkbox', { name: 'Pause speakers when the room is empty' })).toBeNull();
    expect(screen.getByText('No door sensor in this room.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.climate).toMatchObject({ comfortHeatC: 22 });
    expect(saved.at(-1)?.media).toEqual({ pauseWhenVacant: true });
  });
});

function description(input: HTMLElement): string | null | undefined {
  return document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;
}

describe('room settings of a meeting room', () => {
  const writeBack = () =>
    screen.getByRole('combobox', { name: 'When nobody comes and the meeting is released' }) as HTMLSelectElement;
  const bookUnbooked = () =>
    screen.getByRole('checkbox', { name: 'Book the room when someone uses it unbooked (30 minutes)' }) as HTMLInputElement;

  it('only a meeting room has the Meetings block, and only a meeting room saves it', async () => {
    const { saved, client } = await setup('celsius', { kind: 'office' });
    expect(screen.queryByRole('group', { name: 'Meetings' })).toBeNull();
    expect(screen.queryByRole('spinbutton', { name: 'Someone must arrive within (min of the start)' })).toBeNull();
    // An office never asks for a calendar it cannot have.
    expect(client.calls.some((c) => c.method === 'getRoomCalendar')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)).not.toHaveProperty('meeting');
  });

  it('saves the check-in, early-end and pre-conditioning minutes, the lights and the CalDAV write-back', async () => {
    const { saved } = await setup('celsius', { kind: 'meeting', calendar: 'caldav' });
    const block = within(screen.getByRole('group', { name: 'Meetings' }));
    const checkIn = block.getByRole('spinbutton', { name: 'Someone must arrive within (min of the start)' });
    expect((checkIn as HTMLInputElement).value).toBe('10');
    fireEvent.change(checkIn, { target: { value: '7' } });
    fireEvent.change(block.getByRole('spinbutton', { name: 'End the meeting early when empty for (min)' }), {
      target: { value: '15' },
    });
    fireEvent.change(block.getByRole('spinbutton', { name: 'Start heating or cooling at most (min before the start)' }), {
      target: { value: '45' },
    });
    fireEvent.change(block.getByRole('spinbutton', { name: 'Meeting lights brightness (%)' }), { target: { value: '70' } });
    await waitFor(() => expect(writeBack().disabled).toBe(false));
    expect(writeBack().getAttribute('aria-describedby')).toBeNull();
    expect([...writeBack().options].map((o) => o.text)).toEqual([
      'Leave the calendar alone',
      'Note it in the event',
      'Decline it for the room',
    ]);
    fireEvent.change(writeBack(), { target: { value: 'decline' } });
    fireEvent.click(bookUnbooked());
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.meeting).toEqual({
      checkInMinutes: 7,
      earlyEndMinutes: 15,
      preconditionMaxMinutes: 45,
      writeBack: 'decline',
      bookUnbookedUse: true,
      lighting: { brightness: 70, kelvin: 4000 },
    });
    expect(writeBack().value).toBe('decline');
  });

  it('a check-in time out of range is explained next to the field and nothing is saved', async () => {
    const { saved } = await setup('celsius', { kind: 'meeting', calendar: 'caldav' });
    const checkIn = screen.getByRole('spinbutton', { name: 'Someone must arrive within (min of the start)' });
    fireEvent.change(checkIn, { target: { value: '90' } });
    expect(checkIn.getAttribute('aria-invalid')).toBe('true');
    expect(description(checkIn)).toBe('Must be between 1 and 60.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Not saved: one entry needs fixing/);
    expect(saved).toEqual([]);
  });

  it('write-back and booking are disabled, with the reason, when the calendar is not CalDAV', async () => {
    await setup('celsius', { kind: 'meeting', calendar: 'ics-url' });
    const reason = 'Only a CalDAV calendar can be written to; this room’s calendar is read from an ICS file or address.';
    await waitFor(() => expect(description(writeBack())).toBe(reason));
    expect(writeBack().disabled).toBe(true);
    expect(writeBack().value).toBe('off');
    expect(bookUnbooked().disabled).toBe(true);
    expect(description(bookUnbooked())).toBe('Booking, too, writes to a CalDAV calendar.');
  });

  it('without a calendar it says where to set one; a write-back already on can still be switched off', async () => {
    const { saved } = await setup('celsius', { kind: 'meeting', behaviour: { meeting: { writeBack: 'describe' } } });
    await waitFor(() => expect(description(writeBack())).toMatch(/this room has none: set one under Calendar on the room page/));
    expect(writeBack().disabled).toBe(false);
    expect(bookUnbooked().disabled).toBe(true);
    fireEvent.change(writeBack(), { target: { value: 'off' } });
    expect(writeBack().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved — the room uses it now.');
    expect(saved.at(-1)?.meeting).toMatchObject({ writeBack: 'off' });
  });
});
