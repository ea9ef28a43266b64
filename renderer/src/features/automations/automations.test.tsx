// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import { ApiError, type MethodName } from '../../../../core/api/contract';
import { Automation, type Trace } from '../../../../core/model';
import { hhmm } from '../../../../core/model/time';
import { routes } from '../../routes/router';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, light, ManualFrames, sensor } from '../../test/fixtures';
import { duplicateDraft, exportJson, parseImport, reasonText } from './automation-json';

beforeAll(stubLayout);
afterEach(cleanup);

const hallway = Automation.parse({
  id: 'hallway-at-night',
  name: 'Hallway at night',
  mode: 'restart',
  triggers: [{ type: 'state', device: 'hall-motion', capability: 'motion', to: true }],
  conditions: [{ type: 'sun', after: 'sunset' }],
  actions: [
    { type: 'command', device: 'hall-light', command: { power: true, brightness: 30 } },
    { type: 'wait', trigger: { type: 'state', device: 'hall-motion', capability: 'motion', to: false, for: 'PT5M' } },
    { type: 'command', device: 'hall-light', command: { power: false } },
  ],
});
// A name is text: markup in it is shown, never rendered.
const porch = Automation.parse({
  id: 'porch',
  name: '<b>Porch</b> light',
  enabled: false,
  triggers: [{ type: 'sun', event: 'sunset' }],
  actions: [{ type: 'command', device: 'hall-light', command: { power: true } }],
});

// The page shows a weekday before times that are not today: "now" is fixed on the evening of the runs below, so the
// sentences read the same on whatever day the tests run.
vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(new Date(2026, 11, 1, 21, 0));
afterAll(() => void vi.useRealTimers());
const at = new Date(2026, 11, 1, 19, 2).getTime();
const skipped: Trace = {
  automationId: 'hallway-at-night',
  runId: 'r1',
  at,
  trigger: { type: 'state', detail: 'Hall motion motion → on', values: { motion: true, device: 'hall-motion' } },
  ran: false,
  result: 'skipped',
  reason: 'did not run at 19:02: it is before sunset (sunset at 19:40)',
  conditions: [{ type: 'sun', ok: false, seen: 'it is before sunset (sunset at 19:40)' }],
  actions: [],
};
const ran: Trace = {
  automationId: 'hallway-at-night',
  runId: 'r2',
  at: at + 3600_000,
  trigger: { type: 'state', detail: 'Hall motion motion → on', values: { motion: true } },
  ran: true,
  result: 'finished',
  endedAt: at + 3900_000,
  conditions: [{ type: 'sun', ok: true, seen: 'it is after sunset (sunset at 19:40)' }],
  actions: [
    { type: 'command', ok: true, detail: 'Hall light → on 30 %: confirmed' },
    { type: 'wait', ok: true, detail: 'Hall motion has been off for 5 minutes' },
    { type: 'command', ok: false, detail: 'Hall light → off: not confirmed in time' },
  ],
};

async function start(path: string, automations: Automation[] = [hallway, porch], traces: Trace[] = [skipped]) {
  const client = new FakeClient();
  const calls: { method: MethodName; params: unknown }[] = [];
  let list = [...automations];
  client.auto.listDevices = () => [
    light('hall-light', { name: 'Hall light', roomId: 'hall' }),
    sensor('hall-motion', { name: 'Hall motion', roomId: 'hall', capabilities: { motion: { value: false, writable: false } } }),
  ];
  client.auto.listRooms = () => [{ id: 'hall', name: 'Hall', kind: 'home' }];
  client.auto.getSettings = () => ({ timeFormat: '24h' });
  client.auto.listAutomations = () => list;
  client.auto.getAutomation = ({ id }) => {
    const found = list.find((a) => a.id === id);
    if (!found) throw new ApiError('not_found', `no automation ${id}`);
    return found;
  };
  client.auto.listAutomationTraces = ({ id }) => traces.filter((t) => t.automationId === id);
  client.auto.getTimeline = () => [
    { at: at + 7200_000, text: "'Porch light' runs at 21:02", source: 'automation', automationId: 'porch' },
    { at: at + 600_000, text: 'Hall lights off in 10 min unless motion', source: 'room', roomId: 'hall' },
  ];
  client.auto.updateAutomation = (input) => {
    const a = Automation.parse(input);
    calls.push({ method: 'updateAutomation', params: a });
    list = list.map((x) => (x.id === a.id ? a : x));
    return a;
  };
  client.auto.runAutomation = ({ id }) => {
    calls.push({ method: 'runAutomation', params: { id } });
    return { id, started: true };
  };
  client.auto.createAutomation = (draft) => {
    calls.push({ method: 'createAutomation', params: draft });
    return Automation.parse({ ...draft, id: 'copy' });
  };
  client.auto.deleteAutomation = ({ id }) => {
    calls.push({ method: 'deleteAutomation', params: { id } });
    list = list.filter((a) => a.id !== id);
    return { id };
  };
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded && store.getState().settingsLoaded).toBe(true));
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <HubStoreProvider store={store}>
      <RouterProvider router={router} />
    </HubStoreProvider>,
  );
  return { client, calls, router };
}

describe('the automations list', () => {
  it('shows each automation as its sentence, with its switch, last run and next run', async () => {
    await start('/automations');
    const list = await screen.findByRole('list', { name: 'Automations' });
    const hall = within(list).getByRole('listitem', { name: 'Hallway at night' });
    expect(hall.textContent).toContain(
      'When Hall motion detects motion, and it is after sunset, turn on Hall light at 30 % and turn it off 5 minutes after the motion stops',
    );
    await waitFor(() => expect(hall.textContent).toContain(`Last did not run ${hhmm(at)}: it is before sunset`));
    expect(within(hall).getByRole('switch', { name: 'Hallway at night enabled' }).getAttribute('aria-checked')).toBe('true');

    const porchItem = within(list).getByRole('listitem', { name: '<b>Porch</b> light' });
    expect(porchItem.querySelector('b')).toBeNull();
    expect(porchItem.textContent).toContain('Has not run yet');
    await waitFor(() => expect(porchItem.textContent).toContain(`Next ${hhmm(at + 7200_000)}`));
    expect(screen.getByRole('link', { name: 'Automations' }).getAttribute('aria-current')).toBe('page');
  });

  it('turns an automation on, runs it now, duplicates it switched off, and deletes only after confirming', async () => {
    const { calls } = await start('/automations');
    const porchItem = await screen.findByRole('listitem', { name: '<b>Porch</b> light' });
    fireEvent.click(within(porchItem).getByRole('switch', { name: '<b>Porch</b> light enabled' }));
    await waitFor(() => expect(calls.at(-1)).toEqual({ method: 'updateAutomation', params: { ...porch, enabled: true } }));
    await waitFor(() => expect(within(porchItem).getByRole('switch').getAttribute('aria-checked')).toBe('true'));

    fireEvent.click(screen.getByRole('button', { name: 'Run Hallway at night now' }));
    expect(await screen.findByText('“Hallway at night” is running.')).toBeTruthy();
    expect(calls.at(-1)).toEqual({ method: 'runAutomation', params: { id: 'hallway-at-night' } });

    fireEvent.click(screen.getByRole('button', { name: 'Duplicate Hallway at night' }));
    await waitFor(() => expect(calls.at(-1)?.method).toBe('createAutomation'));
    expect(calls.at(-1)?.params).toMatchObject({ name: 'Hallway at night (copy)', enabled: false });
    expect(calls.at(-1)?.params).not.toHaveProperty('id');

    fireEvent.click(screen.getByRole('button', { name: 'Delete Hallway at night' }));
    const confirm = screen.getByRole('group', { name: 'Delete Hallway at night?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(calls.some((c) => c.method === 'deleteAutomation')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Hallway at night' }));
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Delete Hallway at night?' })).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Hallway at night' })).toBeNull());
    expect(calls.at(-1)).toEqual({ method: 'deleteAutomation', params: { id: 'hallway-at-night' } });
  });

  it('imports a file: valid automations are created without their ids, invalid ones are named with the field', async () => {
    const { calls } = await start('/automations');
    await screen.findByRole('list', { name: 'Automations' });
    const text = JSON.stringify({ automations: [hallway, { name: 'Broken', triggers: [], actions: [] }] });
    const input = screen.getByLabelText('Import JSON');
    fireEvent.change(input, { target: { files: [new File([text], 'a.json', { type: 'application/json' })] } });
    const status = await screen.findByText(/Imported 1 of 2\./);
    expect(status.textContent).toContain('Automation 2: triggers: add a trigger');
    expect(calls.find((c) => c.method === 'createAutomation')?.params).toMatchObject({ name: 'Hallway at night', id: undefined });
  });
});

describe('an automation’s runs', () => {
  it('shows each run newest first: the trigger with its values, what each condition saw, each action’s result', async () => {
    const { client, router } = await start('/automations');
    fireEvent.click(await screen.findByRole('link', { name: 'Hallway at night' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/automations/hallway-at-night'));
    const runs = await screen.findByRole('list', { name: 'Runs, newest first' });
    expect(within(runs).getAllByRole('listitem').at(0)?.textContent).toContain(
      `Did not run at ${hhmm(at)}: it is before sunset (sunset at 19:40)`,
    );
    expect(runs.textContent).toContain('Hall motion motion → on (motion on)');
    expect(runs.textContent).toContain('failed it is before sunset (sunset at 19:40)');

    // A new run arrives live and goes on top.
    client.emit('automationRun', ran);
    await waitFor(() => expect(runs.querySelectorAll(':scope > li')).toHaveLength(2));
    const first = runs.querySelector(':scope > li')!;
    expect(first.textContent).toContain(`Ran at ${hhmm(ran.at)}: finished`);
    expect(first.textContent).toContain('ok it is after sunset');
    expect(first.textContent).toContain('ok Hall light → on 30 %: confirmed');
    expect(first.textContent).toContain('failed Hall light → off: not confirmed in time');
  });

  it('shows a run still going once the automation’s change reaches the logbook, and its end when it ends', async () => {
    const traces = [skipped];
    const { client } = await start('/automations/hallway-at-night', [hallway], traces);
    const runs = await screen.findByRole('list', { name: 'Runs, newest first' });
    const going: Trace = {
      ...ran,
      result: 'running',
      endedAt: undefined,
      actions: [{ type: 'command', ok: null, detail: 'Hall light → on 30 %' }],
    };
    traces.push(going);
    // Someone else's change does not reload the runs.
    client.emit('logbookEntry', {
      id: 0,
      at: going.at,
      message: 'Hall light turned on',
      deviceId: 'hall-light',
      cause: { kind: 'automation', rule: 'Another one' },
    });
    client.emit('logbookEntry', {
      id: 1,
      at: going.at,
      message: 'Hall light turned on',
      deviceId: 'hall-light',
      cause: { kind: 'automation', rule: 'Hallway at night' },
    });
    await waitFor(() => expect(runs.querySelectorAll(':scope > li')).toHaveLength(2));
    expect(runs.querySelector(':scope > li')!.textContent).toContain('still running');
    expect(runs.textContent).toContain('waiting Hall light → on 30 %');
    client.emit('automationRun', ran);
    await waitFor(() => expect(runs.querySelector(':scope > li')!.textContent).toContain(`Ran at ${hhmm(ran.at)}: finished`));
    expect(runs.querySelectorAll(':scope > li')).toHaveLength(2);
  });

  it('tries the saved automation on the last 24 hours: when it would have run, with each trace', async () => {
    const { client } = await start('/automations/hallway-at-night', [hallway]);
    const sent: unknown[] = [];
    client.auto.dryRunAutomation = (params) => {
      sent.push(params);
      return { from: at - 86_400_000, to: at, runs: [{ at: ran.at, trace: ran }], notRun: [{ at: skipped.at, trace: skipped }] };
    };
    const dry = await screen.findByRole('region', { name: 'Try it on the last 24 hours' });
    fireEvent.click(within(dry).getByRole('button', { name: 'Try on the last 24 hours' }));
    await waitFor(() => expect(within(dry).getByRole('status').textContent).toBe(`Would have run once: ${hhmm(ran.at)}`));
    const items = within(within(dry).getByRole('list', { name: 'Dry run, in time order' })).getAllByRole('listitem');
    expect(items[0]?.textContent).toContain(`Did not run at ${hhmm(skipped.at)}`);
    expect(dry.textContent).toContain(`Ran at ${hhmm(ran.at)}: finished`);
    // The draft is sent without its id, as the editor would send one not yet saved.
    const { id: _id, ...draft } = hallway;
    expect(sent).toEqual([{ automation: draft }]);
  });

  it('says so when the automation is gone', async () => {
    await start('/automations/nope', [hallway]);
    expect((await screen.findByRole('alert')).textContent).toContain('no automation nope');
  });
});

describe('export and import JSON', () => {
  it('round-trips one automation and all of them; duplicates have no id', () => {
    const one = parseImport(exportJson(hallway));
    expect(one).toEqual([{ ok: true, draft: { ...hallway, id: undefined } }]);
    const all = parseImport(exportJson([hallway, porch]));
    expect(Array.isArray(all) && all.map((i) => i.ok)).toEqual([true, true]);
    expect(parseImport('not json')).toEqual({ error: 'The file is not JSON.' });
    expect(parseImport('[]')).toEqual({ error: 'The file has no automations.' });
    expect(reasonText('did not run at 7:02 PM: Hall illuminance 140 lx is not below 60 lx')).toBe(
      'Hall illuminance 140 lx is not below 60 lx',
    );
    expect(reasonText('already running (mode single)')).toBe('already running (mode single)');
    expect(duplicateDraft(hallway)).toMatchObject({ name: 'Hallway at night (copy)', enabled: false });
    expect('id' in duplicateDraft(hallway)).toBe(false);
  });
});

describe('the timeline', () => {
  it('lists the next 24 hours soonest first, in the app’s clock format, linking to automations', async () => {
    const { router } = await start('/timeline');
    const list = await screen.findByRole('list', { name: 'Next 24 hours' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      `${hhmm(at + 600_000)}Hall: Hall lights off in 10 min unless motion`,
      `${hhmm(at + 7200_000)}'Porch light' runs at 21:02`,
    ]);
    const tabs = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(tabs).getByRole('link', { name: 'Automations' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(list).getByRole('link', { name: "'Porch light' runs at 21:02" }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/automations/porch'));
  });
});
