import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../core/api/contract';
import { FakeClient, light, ManualFrames, sensor } from '../test/fixtures';
import { createHubStore } from './hub-store';

async function started(devices = [light('a'), light('b')]) {
  const client = new FakeClient();
  client.auto.listDevices = () => devices;
  const frames = new ManualFrames();
  const store = createHubStore({ client, scheduler: frames, now: () => 1234 });
  const stop = store.start();
  await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
  return { client, frames, store, stop };
}

describe('hub store: devices', () => {
  it('loads the device list when connected', async () => {
    const { store } = await started();
    expect(store.getState().loaded).toBe(true);
    expect(Object.keys(store.getState().devices)).toEqual(['a', 'b']);
  });

  it('applies devicesChanged once per frame, last value wins, untouched devices keep identity', async () => {
    const { client, frames, store } = await started();
    const before = store.getState().devices;
    const listener = vi.fn();
    store.subscribe(listener);
    for (let i = 0; i <= 100; i++) client.emit('devicesChanged', { devices: [light('a', { name: `A${i}` })] });
    expect(listener).not.toHaveBeenCalled();
    expect(store.getState().devices.a?.name).toBe('Light a');
    frames.frame();
    expect(listener).toHaveBeenCalledTimes(1);
    const after = store.getState().devices;
    expect(after.a?.name).toBe('A100');
    expect(after.b).toBe(before.b);
  });

  it('adds new devices and removes deleted ones in the same batch', async () => {
    const { client, frames, store } = await started();
    client.emit('devicesChanged', { devices: [sensor('s')] });
    client.emit('deviceRemoved', { id: 'a' });
    frames.frame();
    expect(Object.keys(store.getState().devices).sort()).toEqual(['b', 's']);
  });

  it('a snapshot after reconnect wins over older buffered events', async () => {
    const { client, store } = await started();
    client.emit('devicesChanged', { devices: [light('a', { name: 'stale' })] });
    client.auto.listDevices = () => [light('a', { name: 'fresh' })];
    client.setConnection({ state: 'reconnecting', reason: 'lost', retryInMs: 10 });
    expect(store.getState().connection.state).toBe('reconnecting');
    client.setConnection({ state: 'connected' });
    await vi.waitFor(() => expect(store.getState().devices.a?.name).toBe('fresh'));
    expect(store.getState().devices.b).toBeUndefined();
  });

  it('records diagnostics and MQTT status', async () => {
    const { client, store } = await started();
    client.emit('diagnostic', { id: 1, at: 1, level: 'warning', subject: 'x', message: 'bad config' });
    client.emit('diagnostic', { id: 1, at: 1, level: 'warning', subject: 'x', message: 'bad config' });
    client.emit('mqttStatus', { url: 'mqtt://h', embedded: false, state: 'auth_failed', since: 1 });
    expect(store.getState().diagnostics).toHaveLength(1);
    expect(store.getState().mqtt?.state).toBe('auth_failed');
  });

  it('stop() unsubscribes from the client', async () => {
    const { client, frames, store, stop } = await started();
    stop();
    client.emit('devicesChanged', { devices: [light('z')] });
    frames.frame();
    expect(store.getState().devices.z).toBeUndefined();
  });
});

describe('hub store: commands', () => {
  it('shows the new value as pending, then the confirmed device', async () => {
    const { client, store } = await started();
    const done = store.getState().sendCommand('a', { power: true });
    expect(store.getState().pending.a).toEqual({ power: { value: true, seq: 1 } });
    const call = client.calls.find((c) => c.method === 'sendCommand');
    expect(call?.params).toEqual({ id: 'a', command: { power: true } });
    const confirmed = light('a', { capabilities: { power: { value: true, writable: true } } });
    call?.resolve(confirmed);
    await done;
    expect(store.getState().pending.a).toBeUndefined();
    expect(store.getState().devices.a).toBe(confirmed);
    expect(store.getState().failures.a).toBeUndefined();
  });

  it('reverts to the real state and keeps the reason on failure', async () => {
    const { client, store } = await started();
    const done = store.getState().sendCommand('a', { brightness: 90 });
    client.calls[0]?.reject(new ApiError('timeout', 'Not confirmed by the device within 5 s'));
    await done;
    expect(store.getState().pending.a).toBeUndefined();
    expect(store.getState().devices.a?.capabilities.brightness?.value).toBe(50);
    expect(store.getState().failures.a).toEqual({ message: 'Not confirmed by the device within 5 s', at: 1234 });
    store.getState().dismissFailure('a');
    expect(store.getState().failures.a).toBeUndefined();
  });

  it('a new command clears the previous failure', async () => {
    const { client, store } = await started();
    const first = store.getState().sendCommand('a', { power: true });
    client.calls[0]?.reject(new ApiError('unavailable', 'Device offline'));
    await first;
    void store.getState().sendCommand('a', { power: true });
    expect(store.getState().failures.a).toBeUndefined();
  });

  it('an older command failing leaves a newer pending value on the same control', async () => {
    const { client, store } = await started();
    const first = store.getState().sendCommand('a', { brightness: 10 });
    void store.getState().sendCommand('a', { brightness: 20 });
    client.calls[0]?.reject(new ApiError('timeout', 'late'));
    await first;
    expect(store.getState().pending.a).toEqual({ brightness: { value: 20, seq: 2 } });
  });

  it('a confirmed device is not overwritten by older buffered changes', async () => {
    const { client, frames, store } = await started();
    const done = store.getState().sendCommand('a', { power: true });
    client.emit('devicesChanged', { devices: [light('a', { name: 'older' })] });
    const confirmed = light('a', { name: 'confirmed' });
    client.calls[0]?.resolve(confirmed);
    await done;
    frames.frame();
    expect(store.getState().devices.a?.name).toBe('confirmed');
  });
});

describe('hub store: room automations and units', () => {
  const status = (roomId: string, preference: string | null = null) => ({
    roomId,
    occupancy: { state: 'vacant' as const, since: 1, source: null, until: null, paused: false },
    holds: [],
    preference,
    overrides: [],
    next: [],
    climate: null,
    people: [],
  });

  it('asks the hub once, follows the events, and stops listening when disposed', async () => {
    const { client, store, stop } = await started();
    let asked = 0;
    let preference: string | null = null;
    client.auto.listRoomStatus = () => (asked++, [status('kitchen', preference)]);
    client.auto.listPeople = () => [];
    expect(asked).toBe(0); // nothing asked until a room view needs it
    store.getState().loadRoomAutomations();
    store.getState().loadRoomAutomations();
    await vi.waitFor(() => expect(store.getState().roomAutomations).toBe(true));
    expect(asked).toBe(1);

    client.emit('roomStatus', status('kitchen', 'Evening'));
    client.emit('decision', {
      deviceId: 'a',
      roomId: 'kitchen',
      at: 5,
      writer: 'occupancy',
      command: { power: true },
      text: 'on',
      facts: [],
      overruled: [],
    });
    expect(store.getState().roomStatuses.kitchen?.preference).toBe('Evening');
    expect(store.getState().decisions.a?.text).toBe('on');

    preference = 'Day';
    client.setConnection({ state: 'reconnecting', reason: 'lost', retryInMs: 10 });
    client.setConnection({ state: 'connected' });
    await vi.waitFor(() => expect(store.getState().roomStatuses.kitchen?.preference).toBe('Day'));
    expect(asked).toBe(2); // a reconnect may have missed events

    stop();
    client.emit('roomStatus', status('kitchen', 'Night'));
    client.emit('decision', { ...store.getState().decisions.a!, text: 'off' });
    expect(store.getState().roomStatuses.kitchen?.preference).toBe('Day');
    expect(store.getState().decisions.a?.text).toBe('on');
  });

  it('keeps the chosen units', async () => {
    const { store } = await started();
    store.getState().setUnits('fahrenheit');
    expect(store.getState().units).toBe('fahrenheit');
    expect(createHubStore({ client: new FakeClient(), units: 'celsius' }).getState().units).toBe('celsius');
  });
});
