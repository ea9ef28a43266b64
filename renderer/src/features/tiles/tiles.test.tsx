// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import { ApiError } from '../../../../core/api/contract';
import type { Device } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, light, ManualFrames, sensor } from '../../test/fixtures';
import { Dashboard } from '../dashboard/Dashboard';
import { DeviceTile } from './DeviceTile';

beforeAll(stubLayout);
afterEach(cleanup);

async function setup(devices: Device[]) {
  const client = new FakeClient();
  client.auto.listDevices = () => devices;
  const frames = new ManualFrames();
  const store = createHubStore({ client, scheduler: frames });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  return { client, frames, store };
}

describe('tiles', () => {
  it('renders a hostile device name as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { store } = await setup([light('h', { name: hostile })]);
    const { container } = render(
      <HubStoreProvider store={store}>
        <DeviceTile id="h" />
      </HubStoreProvider>,
    );
    const article = screen.getByRole('article', { name: hostile });
    expect(within(article).getByRole('heading').textContent).toBe(hostile);
    expect(container.querySelector('img')).toBeNull();
  });

  it('strips bidi overrides from names and labels the power switch with the device name', async () => {
    const { store } = await setup([light('k', { name: 'Kitchen\u202e ceiling' })]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="k" />
      </HubStoreProvider>,
    );
    const article = screen.getByRole('article', { name: 'Kitchen ceiling' });
    within(article).getByRole('switch', { name: 'Kitchen ceiling' });
    expect(within(article).getByRole('slider', { name: 'Kitchen ceiling brightness' }).getAttribute('aria-valuetext')).toBe(
      '50%',
    );
  });

  it('shows a pending switch, then reverts and explains on failure', async () => {
    const { client, store } = await setup([light('k', { name: 'Kitchen ceiling' })]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="k" />
      </HubStoreProvider>,
    );
    const toggle = screen.getByRole('switch', { name: 'Kitchen ceiling' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    expect(client.calls[0]?.params).toEqual({ id: 'k', command: { power: true } });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.getAttribute('aria-busy')).toBe('true');
    act(() => client.calls[0]?.reject(new ApiError('timeout', 'Not confirmed by the device within 5 s')));
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(toggle.hasAttribute('aria-busy')).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('Not confirmed by the device within 5 s');
  });

  it('greys out an offline device and disables its controls', async () => {
    const since = new Date(2026, 0, 1, 10, 32).getTime();
    const { store } = await setup([
      light('o', {
        name: 'Porch',
        availability: 'offline',
        availabilitySince: since,
        availabilityReason: 'No answer for 10 minutes',
      }),
    ]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="o" />
      </HubStoreProvider>,
    );
    const article = screen.getByRole('article', { name: 'Porch' });
    expect(article.getAttribute('data-availability')).toBe('offline');
    expect(article.textContent).toMatch(/Offline since .*10.32/);
    expect(article.textContent).toContain('No answer for 10 minutes');
    expect((within(article).getByRole('switch') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows no stale values for a device whose state is unknown after a reconnect', async () => {
    const { store } = await setup([
      light('u', {
        name: 'Attic',
        availability: 'unknown',
        availabilityReason: 'no update since the broker connection was restored',
      }),
    ]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="u" />
      </HubStoreProvider>,
    );
    const article = screen.getByRole('article', { name: 'Attic' });
    expect(article.textContent).toContain('State unknown');
    expect(article.textContent).toContain('no update since the broker connection was restored');
    expect(within(article).queryByRole('switch')).toBeNull();
    expect(within(article).queryByRole('slider')).toBeNull();
  });

  it('re-renders only the tile whose device changed', async () => {
    const { client, frames, store } = await setup([light('a'), sensor('b')]);
    const renders: Record<string, number> = { a: 0, b: 0 };
    const count = (id: string) => () => void (renders[id] = (renders[id] ?? 0) + 1);
    render(
      <HubStoreProvider store={store}>
        <Profiler id="a" onRender={count('a')}>
          <DeviceTile id="a" />
        </Profiler>
        <Profiler id="b" onRender={count('b')}>
          <DeviceTile id="b" />
        </Profiler>
      </HubStoreProvider>,
    );
    const before = { ...renders };
    act(() => {
      for (let i = 0; i < 50; i++) client.emit('devicesChanged', { devices: [light('a', { name: `A${i}` })] });
      frames.frame();
    });
    expect(renders.a).toBeGreaterThan(before.a ?? 0);
    expect(renders.b).toBe(before.b);
    screen.getByRole('article', { name: 'A49' });
  });
});

describe('dashboard', () => {
  it('explains the empty state', async () => {
    const { store } = await setup([]);
    render(
      <HubStoreProvider store={store}>
        <Dashboard query="" />
      </HubStoreProvider>,
    );
    screen.getByText(/No devices yet/);
    screen.getByText(/listens for zigbee2mqtt, Tasmota and ESPHome devices on your MQTT broker/);
  });

  it('groups devices by room in sections with headings and filters them', async () => {
    const { store } = await setup([light('k', { name: 'Ceiling', roomId: 'kitchen' }), sensor('u', { name: 'Loose' })]);
    const { rerender } = render(
      <HubStoreProvider store={store}>
        <Dashboard query="" />
      </HubStoreProvider>,
    );
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.replace(/\d+ devices?$/, ''))).toEqual([
      'Kitchen',
      'Unassigned',
    ]);
    within(screen.getByRole('region', { name: /Kitchen/ })).getByRole('article', { name: 'Ceiling' });
    rerender(
      <HubStoreProvider store={store}>
        <Dashboard query="loose" />
      </HubStoreProvider>,
    );
    expect(screen.queryByRole('article', { name: 'Ceiling' })).toBeNull();
    screen.getByRole('article', { name: 'Loose' });
  });
});

describe('slider labels', () => {
  it('name their device, so several lights on one page stay distinguishable', async () => {
    const ct = { value: 3000, writable: true, min: 2200, max: 6500 };
    const { store } = await setup([
      light('a', { name: 'Living room lamp', capabilities: { ...light('a').capabilities, colorTemperature: ct } }),
      light('b', { name: 'Desk lamp' }),
    ]);
    render(
      <HubStoreProvider store={store}>
        <DeviceTile id="a" />
        <DeviceTile id="b" />
      </HubStoreProvider>,
    );
    expect(screen.getAllByRole('slider').map((s) => s.getAttribute('aria-label'))).toEqual([
      'Living room lamp brightness',
      'Living room lamp colour temperature',
      'Desk lamp brightness',
    ]);
    // The visible label stays short: the tile's heading already names the device.
    expect(within(screen.getByRole('article', { name: 'Desk lamp' })).getByText('Brightness')).toBeTruthy();
  });
});
