// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import type { Device, MediaValue } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { DeviceTile } from './DeviceTile';

beforeAll(stubLayout);
afterEach(cleanup);

function speaker(id: string, media: Partial<MediaValue> = {}, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: 'Kitchen speaker',
    kind: 'speaker',
    integration: 'mpd',
    availability: 'online',
    capabilities: {
      media: {
        value: {
          state: 'playing',
          volume: 40,
          muted: false,
          track: { title: 'Walk of Life', artist: 'Dire Straits' },
          source: null,
          ...media,
        },
        writable: true,
        min: 0,
        max: 100,
        step: 1,
      },
    },
    ...overrides,
  };
}

async function show(device: Device) {
  const client = new FakeClient();
  client.auto.listDevices = () => [device];
  const frames = new ManualFrames();
  const store = createHubStore({ client, scheduler: frames });
  store.start();
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <DeviceTile id={device.id} />
    </HubStoreProvider>,
  );
  return { client, frames, tile: screen.getByRole('article', { name: 'Kitchen speaker' }) };
}

describe('SpeakerTile', () => {
  it('shows what is playing as text, with labelled controls', async () => {
    const { tile } = await show(speaker('s', { track: { title: '<b>Walk</b> of Life\u202e', artist: 'Dire Straits' } }));
    within(tile).getByText('<b>Walk</b> of Life');
    expect(tile.querySelector('b')).toBeNull();
    within(tile).getByText('Dire Straits');
    within(tile).getByText('Playing · 40%');
    within(tile).getByRole('button', { name: 'Pause' });
    within(tile).getByRole('button', { name: 'Next' });
    expect(within(tile).getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('false');
    expect(within(tile).getByRole('slider', { name: 'Kitchen speaker volume' }).getAttribute('aria-valuetext')).toBe('40%');
  });

  it('pause, next and mute send media commands; the play button shows the pending state', async () => {
    const { client, tile } = await show(speaker('s'));
    fireEvent.click(within(tile).getByRole('button', { name: 'Pause' }));
    expect(client.calls.at(-1)?.params).toEqual({ id: 's', command: { media: { action: 'pause' } } });
    const play = within(tile).getByRole('button', { name: 'Play' });
    expect(play.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(within(tile).getByRole('button', { name: 'Next' }));
    expect(client.calls.at(-1)?.params).toEqual({ id: 's', command: { media: { action: 'next' } } });
    fireEvent.click(within(tile).getByRole('button', { name: 'Mute' }));
    expect(client.calls.at(-1)?.params).toEqual({ id: 's', command: { media: { muted: true } } });
    expect(within(tile).getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('the volume slider commits on key press', async () => {
    const { client, tile } = await show(speaker('s'));
    const slider = within(tile).getByRole('slider', { name: 'Kitchen speaker volume' });
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(client.calls.at(-1)?.params).toEqual({ id: 's', command: { media: { volume: 41 } } });
  });

  it('Space on the focused tile toggles play/pause; Space on a button inside does not', async () => {
    const { client, tile } = await show(speaker('s', { state: 'paused' }));
    expect(tile.tabIndex).toBe(0);
    tile.focus();
    fireEvent.keyDown(tile, { key: ' ' });
    expect(client.calls.at(-1)?.params).toEqual({ id: 's', command: { media: { action: 'play' } } });
    const before = client.calls.length;
    fireEvent.keyDown(within(tile).getByRole('button', { name: 'Next' }), { key: ' ' });
    expect(client.calls.length).toBe(before);
  });

  it('moves the slider when the volume changes on the device', async () => {
    const { client, frames, tile } = await show(speaker('s'));
    act(() => {
      client.emit('devicesChanged', { devices: [speaker('s', { volume: 72 })] });
      frames.frame();
    });
    await waitFor(() =>
      expect(within(tile).getByRole('slider', { name: 'Kitchen speaker volume' }).getAttribute('aria-valuetext')).toBe('72%'),
    );
  });

  it('disables every control while the speaker is offline', async () => {
    const { client, tile } = await show(
      speaker('s', {}, { availability: 'offline', availabilityReason: 'The MPD server at 10.0.0.2:6600 refused the connection' }),
    );
    for (const name of ['Pause', 'Next', 'Mute'])
      expect((within(tile).getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(tile, { key: ' ' });
    expect(client.calls).toHaveLength(0);
    within(tile).getByText(/refused the connection/);
  });

  it('says when nothing is queued', async () => {
    const { tile } = await show(speaker('s', { state: 'stopped', track: null }));
    within(tile).getByText('Nothing queued');
    within(tile).getByRole('button', { name: 'Play' });
  });
});
