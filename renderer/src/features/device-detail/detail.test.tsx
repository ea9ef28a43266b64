// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import type { Device, HistorySeries, LogbookEntry } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, light, ManualFrames, sensor, speaker, thermostat } from '../../test/fixtures';
import { DeviceTile } from '../tiles/DeviceTile';
import { LogbookView } from '../logbook/LogbookView';
import { BackupSettings } from '../settings/sections';

// uPlot draws on a canvas, which jsdom does not have: record what it is asked to draw instead.
const plots: { opts: { series: { label?: string }[] }; data: unknown[] }[] = [];
vi.mock('../history/uplot-loader', () => {
  class FakePlot {
    static paths = { stepped: () => () => null };
    constructor(opts: { series: { label?: string }[] }, data: unknown[]) {
      plots.push({ opts, data });
    }
    setSize() {}
    destroy() {}
  }
  return { loadUPlot: async () => FakePlot };
});
vi.mock('uplot/dist/uPlot.min.css', () => ({}));

beforeAll(stubLayout);
afterEach(() => {
  cleanup();
  plots.length = 0;
});

const rooms = [
  { id: 'living-room', name: 'Living room', kind: 'home' as const },
  { id: 'office', name: 'Office', kind: 'office' as const },
];

async function setup(devices: Device[]) {
  const client = new FakeClient();
  client.auto.listDevices = () => devices;
  client.auto.listRooms = () => rooms;
  const store = createHubStore({ client, scheduler: new ManualFrames() });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  return { client, store };
}

function series(capability: HistorySeries['capability'] | string, values: number[]): HistorySeries {
  return {
    deviceId: 's1',
    capability: capability as HistorySeries['capability'],
    resolution: 'raw',
    from: 0,
    to: 1,
    points: values.map((value, i) => ({ at: 1000 * (i + 1), value })),
  };
}

describe('device detail panel', () => {
  it('controls the device as its tile does: power, brightness, colour temperature, colour — each named after the device', async () => {
    const lamp = light('l1', {
      name: 'Living room lamp',
      capabilities: {
        power: { value: false, writable: true },
        brightness: { value: 50, writable: true, min: 0, max: 100 },
        colorTemperature: { value: 2700, writable: true, min: 2200, max: 6500, step: 50 },
        color: { value: { hue: 30, saturation: 50 }, writable: true },
      },
    });
    const { client, store } = await setup([lamp]);
    client.auto.getHistory = () => series('brightness', [50]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="l1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for Living room lamp' }));
    const dialog = await screen.findByRole('dialog', { name: 'Living room lamp' });
    const controls = within(dialog).getByRole('region', { name: 'Controls of Living room lamp' });
    const commands = () => client.calls.filter((c) => c.method === 'sendCommand').map((c) => c.params);

    fireEvent.click(within(controls).getByRole('switch', { name: 'Living room lamp' }));
    fireEvent.keyDown(within(controls).getByRole('slider', { name: 'Living room lamp brightness' }), { key: 'ArrowRight' });
    fireEvent.keyDown(within(controls).getByRole('slider', { name: 'Living room lamp colour temperature' }), {
      key: 'ArrowRight',
    });
    expect(within(controls).getByRole('group', { name: 'Living room lamp colour' })).toBeTruthy();
    expect(commands()).toEqual([
      { id: 'l1', command: { power: true } },
      { id: 'l1', command: { brightness: 51 } },
      { id: 'l1', command: { colorTemperature: 2750 } },
    ]);
  });

  it('controls a thermostat (target and mode, modes in the one order) and a speaker', async () => {
    const radiator = thermostat('t1', 20, { name: 'Bedroom radiator' });
    radiator.capabilities.climate = { ...radiator.capabilities.climate!, options: ['heat', 'auto', 'off'] };
    const { client, store } = await setup([radiator, speaker('m1', { name: 'Kitchen speaker' })]);
    client.auto.getHistory = () => series('temperature', [20]);
    const commands = () => client.calls.filter((c) => c.method === 'sendCommand').map((c) => c.params);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="t1" />
        <DeviceTile id="m1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for Bedroom radiator' }));
    let dialog = await screen.findByRole('dialog', { name: 'Bedroom radiator' });
    const modes = within(dialog).getByRole('radiogroup', { name: 'Bedroom radiator mode' });
    expect(
      within(modes)
        .getAllByRole('radio')
        .map((r) => r.textContent),
    ).toEqual(['Off', 'Heat', 'Auto']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Raise target temperature' }));
    fireEvent.click(within(modes).getByRole('radio', { name: 'Auto' }));
    expect(commands()).toEqual([
      { id: 't1', command: { climate: { targetTemperature: 20.5 } } },
      { id: 't1', command: { climate: { mode: 'auto' } } },
    ]);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Details for Kitchen speaker' }));
    dialog = await screen.findByRole('dialog', { name: 'Kitchen speaker' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Play' }));
    fireEvent.keyDown(within(dialog).getByRole('slider', { name: 'Kitchen speaker volume' }), { key: 'ArrowRight' });
    expect(commands().slice(2)).toEqual([
      { id: 'm1', command: { media: { action: 'play' } } },
      { id: 'm1', command: { media: { volume: 41 } } },
    ]);
  });

  it('a sensor has no controls in its panel', async () => {
    const { client, store } = await setup([sensor('s1', { name: 'TH sensor' })]);
    client.auto.getHistory = () => series('temperature', [20]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="s1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for TH sensor' }));
    const dialog = await screen.findByRole('dialog', { name: 'TH sensor' });
    expect(within(dialog).queryByRole('region', { name: /^Controls of/ })).toBeNull();
  });

  it('a device polled for want of its push channel says how often it updates', async () => {
    const polled = { ...light('l1', { name: 'Shelf strip' }), updateIntervalS: 5 };
    const { client, store } = await setup([polled, light('l2', { name: 'Pushing strip' })]);
    client.auto.getHistory = () => series('brightness', [20]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="l1" />
        <DeviceTile id="l2" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for Shelf strip' }));
    const dialog = await screen.findByRole('dialog', { name: 'Shelf strip' });
    expect(dialog.textContent).toContain('Updates every 5 s');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close details' }));
    fireEvent.click(screen.getByRole('button', { name: 'Details for Pushing strip' }));
    const other = await screen.findByRole('dialog', { name: 'Pushing strip' });
    expect(other.textContent).not.toContain('Updates every');
  });

  it('opens from the tile, renames the device and moves it to a room', async () => {
    const { client, store } = await setup([sensor('s1', { name: 'TH sensor' })]);
    client.auto.getHistory = () => series('temperature', [20, 21]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="s1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for TH sensor' }));
    const dialog = await screen.findByRole('dialog', { name: 'TH sensor' });

    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    fireEvent.change(name, { target: { value: '  Living room climate ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    const rename = client.calls.find((c) => c.method === 'updateDevice')!;
    expect(rename.params).toEqual({ id: 's1', update: { name: 'Living room climate' } });
    await act(async () => rename.resolve(sensor('s1', { name: 'Living room climate', reportedName: 'TH sensor' })));
    expect(within(dialog).getByRole('status').textContent).toBe('Name saved');
    within(dialog).getByRole('heading', { name: 'Living room climate' });
    within(dialog).getByText('Reported as TH sensor');

    const room = within(dialog).getByRole('combobox', { name: 'Room' });
    expect(
      within(room)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Unassigned', 'Living room', 'Office']);
    fireEvent.change(room, { target: { value: 'office' } });
    const move = client.calls.filter((c) => c.method === 'updateDevice')[1]!;
    expect(move.params).toEqual({ id: 's1', update: { roomId: 'office' } });
    await act(async () => move.resolve(sensor('s1', { name: 'Living room climate', roomId: 'office' })));
    expect((room as HTMLSelectElement).value).toBe('office');
  });

  it('shows a chart per recorded capability and reports a failed save', async () => {
    const { client, store } = await setup([sensor('s1', { name: 'TH sensor' })]);
    client.auto.getHistory = ({ capability }) => series(capability, [20, 21, 22]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="s1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for TH sensor' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => {
      within(dialog).getByRole('img', { name: 'Temperature, last 24 hours' });
      within(dialog).getByRole('img', { name: 'Humidity, last 24 hours' });
    });
    expect(plots.map((p) => p.opts.series[1]?.label)).toEqual(['Temperature', 'Humidity']);

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Hide from the dashboard' }));
    const hide = client.calls.find((c) => c.method === 'updateDevice')!;
    await act(async () => hide.reject(new Error('No device with id "s1"')));
    expect(within(dialog).getByRole('alert').textContent).toBe('No device with id "s1"');
  });
});

describe('device history', () => {
  it('says a week is drawn from hourly averages, and draws them as a line rather than held steps', async () => {
    const { client, store } = await setup([sensor('s1', { name: 'TH sensor' })]);
    const HOUR = 3600_000;
    client.auto.getHistory = (q) => {
      const [capability, from] = [q.capability, Number(q.from)];
      const week = Number(q.to) - from > 3 * 86_400_000;
      const hourly: HistorySeries = {
        ...series(capability, []),
        resolution: week ? '1h' : 'raw',
        points: [0, 1, 2].map((i) => ({ at: from + i * HOUR, value: 20 + i, min: 19 + i, max: 21 + i })),
      };
      return hourly;
    };
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="s1" />
      </HubStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Details for TH sensor' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('img', { name: 'Temperature, last 24 hours' });
    expect(within(dialog).queryByText('hourly averages')).toBeNull();

    plots.length = 0;
    fireEvent.click(within(dialog).getByRole('radio', { name: '7 days' }));
    await within(dialog).findByRole('img', { name: 'Temperature, last 7 days, hourly averages' });
    expect(within(dialog).getAllByText('hourly averages')).toHaveLength(2); // temperature and humidity
    // Three hourly means an hour apart and the end of the range: no hold point inserted between them.
    await waitFor(() => expect(plots.length).toBeGreaterThan(0));
    expect((plots[0]!.data[0] as number[]).length).toBe(4);
  });
});

describe('logbook view', () => {
  const entry = (id: number, message: string, cause: LogbookEntry['cause'], extra: Partial<LogbookEntry> = {}): LogbookEntry => ({
    id,
    at: Date.now() - id * 60_000,
    message,
    cause,
    ...extra,
  });

  it('lists entries with their cause, filters by room and adds new entries live', async () => {
    const { client, store } = await setup([sensor('s1', { name: 'Hall sensor' })]);
    render(
      <HubStoreProvider store={store}>
        <LogbookView />
      </HubStoreProvider>,
    );
    const first = client.calls.find((c) => c.method === 'getLogbook')!;
    expect(first.params).toMatchObject({ limit: 1000 });
    await act(async () =>
      first.resolve([
        entry(1, 'Living room lamp turned off', { kind: 'user', client: 'desktop' }, { roomId: 'living-room' }),
        entry(2, 'Hall sensor motion detected', { kind: 'device' }),
      ]),
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Living room lamp turned offby you, from the desktop appLiving room'),
      expect.stringContaining('Hall sensor motion detectedby the device'),
    ]);

    act(() => client.emit('logbookEntry', entry(0, 'Hall sensor motion cleared', { kind: 'device' })));
    expect(screen.getAllByRole('listitem')[0]!.textContent).toContain('Hall sensor motion cleared');

    fireEvent.change(screen.getByRole('combobox', { name: 'Room' }), { target: { value: 'office' } });
    const filtered = client.calls.filter((c) => c.method === 'getLogbook')[1]!;
    expect(filtered.params).toMatchObject({ room: 'office' });
    await act(async () => filtered.resolve([]));
    expect(screen.getByRole('status').textContent).toBe('Nothing happened in this period that matches the filters.');
  });
});

describe('settings: restore', () => {
  it('shows every problem of a rejected backup with its path (from the preview, before anything is applied)', async () => {
    const { client, store } = await setup([]);
    render(
      <HubStoreProvider store={store}>
        <BackupSettings />
      </HubStoreProvider>,
    );
    const input = screen.getByLabelText('Restore from a backup file') as HTMLInputElement;
    const file = new File([JSON.stringify({ format: 'homeroom-backup' })], 'backup.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [file] } });
    const call = await waitFor(() => {
      const found = client.calls.find((c) => c.method === 'previewRestore');
      if (!found) throw new Error('no previewRestore call yet');
      return found;
    });
    expect(call.params).toEqual({ backup: { format: 'homeroom-backup' } });
    await act(async () =>
      call.resolve({
        ok: false,
        problems: [
          { path: 'rooms[0].kind', message: 'Invalid option: expected one of "home"|"office"|"meeting"' },
          { path: 'devices[1].roomId', message: 'room "attic" is not among the rooms of this backup' },
        ],
      }),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Nothing was restored. backup.json has 2 problems');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'rooms[0].kind: Invalid option: expected one of "home"|"office"|"meeting"',
      'devices[1].roomId: room "attic" is not among the rooms of this backup',
    ]);
  });

  it('says a file that is not JSON is not a backup, without calling the hub', async () => {
    const { client, store } = await setup([]);
    render(
      <HubStoreProvider store={store}>
        <BackupSettings />
      </HubStoreProvider>,
    );
    fireEvent.change(screen.getByLabelText('Restore from a backup file'), {
      target: { files: [new File(['{oops'], 'notes.txt')] },
    });
    // The message comes after the file was read and parsed, which is when a restore would have been sent.
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The file is not JSON'));
    expect(client.calls.some((c) => c.method === 'importSettings' || c.method === 'previewRestore')).toBe(false);
  });
});
