// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../core/api/contract';
import { Automation } from '../../../../core/model';
import { routes } from '../../routes/router';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { stubLayout } from '../../test/layout-stubs';
import { FakeClient, light, ManualFrames, sensor } from '../../test/fixtures';
import {
  checkDraft,
  getIn,
  hubProblem,
  joinDuration,
  newDraft,
  problemLabel,
  setIn,
  splitDuration,
  toDraft,
  watchableFields,
} from './editor-draft';
import { galleryDraft } from './editor-gallery';

beforeAll(stubLayout);
afterEach(cleanup);

const SENTENCE =
  'When Hall motion detects motion, and it is after sunset, turn on Hall light at 30 % and turn it off 5 minutes after the motion stops';

const hallLight = light('hall-light', { name: 'Hall light', roomId: 'hall' });
const hallMotion = sensor('hall-motion', {
  name: 'Hall motion',
  roomId: 'hall',
  capabilities: { motion: { value: false, writable: false }, illuminance: { value: 40, writable: false } },
});

async function start(path: string, answers: Partial<FakeClient['auto']> = {}) {
  const client = new FakeClient();
  const created: Record<string, unknown>[] = [];
  const dryRuns: unknown[] = [];
  client.auto.listDevices = () => [hallLight, hallMotion];
  client.auto.listRooms = () => [{ id: 'hall', name: 'Hall', kind: 'home' }];
  client.auto.getSettings = () => ({ timeFormat: '24h' });
  client.auto.createAutomation = (draft) => {
    created.push({ ...draft });
    return Automation.parse({ ...draft, id: 'made' });
  };
  client.auto.getAutomation = ({ id }) => {
    if (id !== 'made') throw new ApiError('not_found', 'no');
    return Automation.parse({ ...created.at(-1), id: 'made' });
  };
  client.auto.listAutomationTraces = () => [];
  client.auto.dryRunAutomation = ({ automation }) => {
    dryRuns.push(automation);
    const at = new Date(2026, 11, 1, 7, 2).getTime();
    const trace = {
      automationId: '',
      runId: 'd1',
      at,
      trigger: { type: 'state', detail: 'Hall motion motion → on', values: { motion: true } },
      ran: true,
      result: 'finished' as const,
      conditions: [{ type: 'sun', ok: true, seen: 'it is after sunset' }],
      actions: [{ type: 'command', ok: true, detail: 'Hall light → on 30 %: would send' }],
    };
    return { runs: [{ at, trace }], notRun: [], from: at - 86_400_000, to: at };
  };
  Object.assign(client.auto, answers);
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded && store.getState().settingsLoaded).toBe(true));
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <HubStoreProvider store={store}>
      <RouterProvider router={router} />
    </HubStoreProvider>,
  );
  return { client, created, dryRuns, router };
}

const pick = (name: string, text: string) => {
  const select = screen.getByRole('combobox', { name }) as HTMLSelectElement;
  const option = [...select.options].find((o) => o.text === text);
  if (!option) throw new Error(`no option “${text}” in ${name}: ${[...select.options].map((o) => o.text).join(', ')}`);
  fireEvent.change(select, { target: { value: option.value } });
};
const type = (name: string, value: string) => fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } });
const number = (name: string, value: string) => fireEvent.change(screen.getByRole('spinbutton', { name }), { target: { value } });
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('the draft', () => {
  it('is edited by path and keeps other parts', () => {
    const d = setIn(newDraft(), ['triggers', 0], { type: 'state', device: 'x' });
    expect(getIn(setIn(d, ['triggers', 0, 'capability'], 'motion'), ['triggers', 0])).toEqual({
      type: 'state',
      device: 'x',
      capability: 'motion',
    });
    expect(getIn(setIn(d, ['triggers', 0, 'device'], undefined), ['triggers', 0])).toEqual({ type: 'state' });
    expect(getIn(d, ['triggers', 0, 'constructor'])).toBeUndefined();
    expect(getIn(toDraft({ name: 'x' }), ['conditions'])).toEqual([]);
  });

  it('says durations as an amount and a unit', () => {
    expect(splitDuration('PT5M')).toEqual({ amount: '5', unit: 'M' });
    expect(splitDuration(90)).toEqual({ amount: '90', unit: 'S' });
    expect(splitDuration('-PT1H')).toEqual({ amount: '-1', unit: 'H' });
    expect(joinDuration('5', 'M')).toBe('PT5M');
    expect(joinDuration('-30', 'M')).toBe('-PT30M');
    expect(joinDuration(' ', 'M')).toBeUndefined();
  });

  it('puts each problem at its path, in words a form uses', () => {
    const checked = checkDraft(
      toDraft({
        name: '',
        triggers: [{ type: 'state', device: '', capability: '' }],
        actions: [{ type: 'command', device: 'l', command: { brightness: 'bright' } }],
      }),
    );
    expect(checked.ok).toBe(false);
    expect(checked.problems).toMatchObject({
      name: 'give it a name',
      'triggers.0.device': 'choose a device',
      'triggers.0.capability': 'choose what to watch',
      'actions.0.command.brightness': 'must be a number',
    });
    expect(problemLabel('actions.1.when.0.actions.2.device')).toBe('Action 2, Option 1, Action 3, device');
  });

  it('reads the field the hub named in its 400', () => {
    expect(hubProblem('Invalid createAutomation request: triggers.0.device: no device with id "x"')).toEqual({
      'triggers.0.device': 'no device with id "x"',
    });
    expect(hubProblem('Invalid dryRunAutomation request: automation.actions.1.command: Hall light has no colour')).toEqual({
      'actions.1.command': 'Hall light has no colour',
    });
    expect(hubProblem('Not connected')).toBeNull();
  });

  it('offers only what the chosen device has', () => {
    expect(watchableFields(hallMotion)).toEqual(['motion', 'illuminance']);
    expect(watchableFields(hallMotion, true)).toEqual(['illuminance']);
    expect(watchableFields(undefined)).toEqual([]);
  });

  it('fills the gallery’s starting points with this home’s devices, and leaves missing ones to choose', () => {
    const motion = galleryDraft('motion-light', [hallLight, hallMotion], [{ id: 'hall', name: 'Hall', kind: 'home' }]);
    expect(checkDraft(motion).ok).toBe(true);
    const door = galleryDraft('door-left-open', [hallLight], []);
    expect(getIn(door, ['triggers', 0, 'device'])).toBe('');
    expect(checkDraft(door).problems).toEqual({ 'triggers.0.device': 'choose a device' });
    expect(galleryDraft('good-night', [], []).actions).toEqual([]);
  });
});

describe('the editor', () => {
  it('builds the motion light by pickers, reads it as a sentence, tries it and saves it', async () => {
    const { created, dryRuns, router } = await start('/automations/new');
    await screen.findByRole('heading', { name: 'New automation' });
    type('Name', 'Hallway at night');
    pick('Mode', 'restart: a new trigger starts it over');

    click('Add trigger');
    pick('Trigger 1 device', 'Hall motion — Hall');
    // Only the motion sensor's own capabilities are offered.
    const what = screen.getByRole('combobox', { name: 'Trigger 1 capability' }) as HTMLSelectElement;
    expect([...what.options].map((o) => o.text)).toEqual(['motion', 'illuminance']);
    expect(what.value).toBe('motion');
    pick('Trigger 1 becomes', 'motion');

    pick('Kind of condition to add', 'Dark or light (sun)');
    click('Add condition');

    click('Add action');
    pick('Action 1 device', 'Hall light — Hall');
    pick('Action 1 power', 'on');
    number('Action 1 brightness', '30');
    pick('Kind of action to add', 'Wait for something to happen');
    click('Add action');
    pick('Action 2 waits for device', 'Hall motion — Hall');
    pick('Action 2 waits for becomes', 'no motion');
    number('Action 2 waits for held for', '5');
    number('Action 2 timeout', '');
    pick('Kind of action to add', 'Set a device, a room or a scene');
    click('Add action');
    pick('Action 3 device', 'Hall light — Hall');
    pick('Action 3 power', 'off');

    expect(screen.getByText(SENTENCE)).toBeTruthy();

    click('Try on the last 24 hours');
    expect(await screen.findByText(/^Would have run once: 07:02/)).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Dry run, in time order' }).textContent).toContain('Hall light → on 30 %');
    expect(dryRuns).toHaveLength(1);

    click('Save');
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toEqual({
      id: undefined,
      name: 'Hallway at night',
      enabled: true,
      mode: 'restart',
      max: 10,
      respectManual: true,
      triggers: [{ type: 'state', device: 'hall-motion', capability: 'motion', to: true }],
      conditions: [{ type: 'sun', after: 'sunset' }],
      actions: [
        { type: 'command', device: 'hall-light', command: { power: true, brightness: 30 } },
        {
          type: 'wait',
          trigger: { type: 'state', device: 'hall-motion', capability: 'motion', to: false, for: 'PT5M' },
          continueOnTimeout: true,
        },
        { type: 'command', device: 'hall-light', command: { power: false } },
      ],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/automations/made'));
  });

  it('starts from the gallery with this home’s devices', async () => {
    await start('/automations/new?from=motion-light');
    expect(await screen.findByText(SENTENCE)).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Motion light');
    expect(screen.getByRole('link', { name: /^Motion light/ }).getAttribute('aria-current')).toBe('true');
  });

  it('shows problems next to their fields, linked to them, and moves the focus to the first', async () => {
    const { created } = await start('/automations/new');
    await screen.findByRole('heading', { name: 'New automation' });
    click('Add trigger');
    click('Save');
    const name = screen.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('give it a name');
    const device = screen.getByRole('combobox', { name: 'Trigger 1 device' });
    expect(document.getElementById(device.getAttribute('aria-describedby')!)?.textContent).toBe('choose a device');
    const summary = screen.getByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Trigger 1, device: choose a device' }).getAttribute('href')).toBe(
      `#${device.id}`,
    );
    expect(summary.textContent).toContain('Actions: add an action');
    expect(created).toHaveLength(0);

    // Fixing a field clears its message at once.
    type('Name', 'Porch');
    expect(name.getAttribute('aria-invalid')).toBeNull();
  });

  it('moves, removes and retypes items by keyboard-reachable buttons, keeping the focus in the list', async () => {
    await start('/automations/new');
    await screen.findByRole('heading', { name: 'New automation' });
    pick('Kind of trigger to add', 'A time of day');
    click('Add trigger');
    pick('Kind of trigger to add', 'Sunrise or sunset');
    click('Add trigger');
    click('Move Trigger 2 up');
    expect((screen.getByRole('combobox', { name: 'Trigger 1 kind' }) as HTMLSelectElement).value).toBe('sun');
    pick('Trigger 2 kind', 'The hub starts');
    expect(screen.getByText('When the sun sets or the hub starts, do nothing yet')).toBeTruthy();
    click('Remove Trigger 1');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Kind of trigger to add' })));
    expect(screen.getByText('When the hub starts, do nothing yet')).toBeTruthy();
  });

  it('puts the hub’s 400 next to the field it names, and focuses it', async () => {
    await start('/automations/new?from=motion-light', {
      createAutomation: () => {
        throw new ApiError('invalid', 'Invalid createAutomation request: actions.0.device: no device with id "hall-light"');
      },
    });
    await screen.findByText(SENTENCE);
    click('Save');
    const device = screen.getByRole('combobox', { name: 'Action 1 device' });
    await waitFor(() => expect(document.activeElement).toBe(device));
    expect(document.getElementById(device.getAttribute('aria-describedby')!)?.textContent).toBe('no device with id "hall-light"');
  });

  it('edits a saved automation: groups of conditions, choose branches, duplicate and delete', async () => {
    const saved = Automation.parse({
      id: 'evening',
      name: 'Evening',
      triggers: [{ type: 'time', at: '19:00' }],
      conditions: [{ type: 'or', conditions: [{ type: 'room', room: 'hall', is: 'occupied' }] }],
      actions: [
        {
          type: 'choose',
          when: [{ conditions: [{ type: 'sun', after: 'sunset' }], actions: [{ type: 'notify', text: 'dark' }] }],
          otherwise: [{ type: 'stop' }],
        },
      ],
    });
    const updated: Automation[] = [];
    const deleted: string[] = [];
    const { router } = await start('/automations/evening/edit', {
      getAutomation: () => saved,
      updateAutomation: (input) => {
        const a = Automation.parse(input);
        updated.push(a);
        return a;
      },
      createAutomation: (d) => Automation.parse({ ...d, id: 'evening-copy' }),
      deleteAutomation: ({ id }) => {
        deleted.push(id);
        return { id };
      },
    });
    await screen.findByRole('heading', { name: 'Edit “Evening”' });
    expect(
      screen.getByText('When it is 19:00, and either Hall is occupied, if it is after sunset, notify “dark”; otherwise stop'),
    ).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Condition 1' })).toBeTruthy();
    pick('Kind of Condition 1 condition to add', 'A room is occupied or vacant');
    click('Add Condition 1 condition');
    pick('Condition 1 Condition 2 room', 'Hall');
    pick('Condition 1 Condition 2 is', 'vacant');
    type('Action 1 option 1 Action 1 message', 'it is dark');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Enabled' }));
    click('Save changes');
    await waitFor(() => expect(updated).toHaveLength(1));
    expect(updated[0]).toMatchObject({
      id: 'evening',
      enabled: false,
      conditions: [
        {
          type: 'or',
          conditions: [
            { type: 'room', room: 'hall', is: 'occupied' },
            { type: 'room', room: 'hall', is: 'vacant' },
          ],
        },
      ],
      actions: [{ type: 'choose', when: [{ actions: [{ type: 'notify', text: 'it is dark' }] }], otherwise: [{ type: 'stop' }] }],
    });

    await router.navigate('/automations/evening/edit');
    await screen.findByRole('heading', { name: 'Edit “Evening”' });
    click('Delete Evening');
    fireEvent.click(within(screen.getByRole('group', { name: 'Delete Evening?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(deleted).toEqual(['evening']));
    await waitFor(() => expect(router.state.location.pathname).toBe('/automations'));
  });
});
