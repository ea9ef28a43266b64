// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import type { Units } from '../../units/temperature';
import { FakeClient, ManualFrames, thermostat } from '../../test/fixtures';
import { DeviceTile } from './DeviceTile';

afterEach(cleanup);

async function setup(device: Device, units: Units) {
  const client = new FakeClient();
  client.auto.listDevices = () => [device];
  const store = createHubStore({ client, scheduler: new ManualFrames(), units });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <DeviceTile id={device.id} />
    </HubStoreProvider>,
  );
  const tile = screen.getByRole('article', { name: device.name });
  const target = () => within(tile).getByRole('status', { name: 'Target temperature' }).textContent;
  const raise = () => fireEvent.click(within(tile).getByRole('button', { name: 'Raise target temperature' }));
  const lower = () => fireEvent.click(within(tile).getByRole('button', { name: 'Lower target temperature' }));
  const sent = () => client.calls.filter((c) => c.method === 'sendCommand').map((c) => c.params);
  return { store, tile, target, raise, lower, sent };
}

describe('thermostat tile in °F', () => {
  it('shows 68 °F for a 20 °C target, and +1 °F sends the half degree Celsius the device takes', async () => {
    const { tile, target, raise, sent } = await setup(thermostat('t', 20, { name: 'Hall radiator' }), 'fahrenheit');
    expect(target()).toBe('68 °F');
    expect(tile.textContent).toContain('66 °F'); // measured 19 °C
    expect(tile.textContent).toContain('set to 68 °F');
    expect(tile.textContent).not.toContain('°C');
    raise();
    // 69 °F = 20.56 °C → 20.5 °C, which reads 69 °F again.
    expect(sent()).toEqual([{ id: 't', command: { climate: { targetTemperature: 20.5 } } }]);
    expect(target()).toBe('69 °F');
  });

  it('steps from a target that is not a whole °F, down as well as up', async () => {
    const { target, raise, lower, sent } = await setup(thermostat('t', 21, { name: 'Study' }), 'fahrenheit');
    expect(target()).toBe('70 °F'); // 69.8
    raise();
    lower();
    expect(sent()).toEqual([
      { id: 't', command: { climate: { targetTemperature: 21.5 } } }, // 71 °F = 21.67 °C
      { id: 't', command: { climate: { targetTemperature: 21 } } }, // back from the pending 71 °F to 70 °F
    ]);
  });

  it('switching units changes what the tile shows, not what it sends', async () => {
    const { store, target, raise, sent } = await setup(thermostat('t', 20, { name: 'Kitchen' }), 'fahrenheit');
    act(() => store.getState().setUnits('celsius'));
    expect(target()).toBe('20.0 °C');
    raise();
    expect(sent()).toEqual([{ id: 't', command: { climate: { targetTemperature: 20.5 } } }]);
  });

  it('stops at the device’s limits in either unit', async () => {
    const { raise, sent, tile } = await setup(thermostat('t', 29.5, { name: 'Sauna' }), 'fahrenheit');
    raise(); // 86 °F = 30 °C, the maximum
    expect(sent()).toEqual([{ id: 't', command: { climate: { targetTemperature: 30 } } }]);
    expect((within(tile).getByRole('button', { name: 'Raise target temperature' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('thermostat modes', () => {
  it('appear in the one shared order (off, heat, cool, auto, fan), whatever order the device lists them in', async () => {
    const device = thermostat('t', 20, { name: 'Hall radiator' });
    device.capabilities.climate = { ...device.capabilities.climate!, options: ['auto', 'heat', 'fan', 'off', 'boost'] };
    const { tile } = await setup(device, 'celsius');
    const modes = within(tile).getByRole('radiogroup', { name: 'Hall radiator mode' });
    expect(
      within(modes)
        .getAllByRole('radio')
        .map((r) => r.textContent),
    ).toEqual(['Off', 'Heat', 'Auto', 'Fan']);
  });
});
