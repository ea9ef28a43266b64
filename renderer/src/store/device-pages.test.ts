import { describe, expect, it } from 'vitest';
import { devicePage } from '../../../core/api/device-handlers';
import type { Device } from '../../../core/model';
import { FakeClient, light, ManualFrames } from '../test/fixtures';
import { FIRST_DEVICE_PAGE, createHubStore } from './hub-store';

const many = (n: number) => Array.from({ length: n }, (_, i) => light(`l${String(i).padStart(4, '0')}`));

describe('devicePage (the hub side)', () => {
  it('pages by id from any cursor, whatever order the registry lists them in, and says when it is done', () => {
    const devices = many(7).reverse();
    const first = devicePage(devices, undefined, 3);
    expect(first).toEqual({ devices: devices.slice(4).reverse(), next: 'l0002', total: 7 });
    const second = devicePage(devices, first.next!, 3);
    expect(second.devices.map((d) => d.id)).toEqual(['l0003', 'l0004', 'l0005']);
    expect(devicePage(devices, second.next!, 3)).toMatchObject({ devices: [{ id: 'l0006' }], next: null });
    // A cursor that is no longer a device (removed meanwhile) still continues after it.
    expect(devicePage(devices, 'l0003a', 2).devices.map((d) => d.id)).toEqual(['l0004', 'l0005']);
    expect(devicePage([], undefined, 3)).toEqual({ devices: [], next: null, total: 0 });
  });
});

describe('the first load in pages', () => {
  function setup(devices: Device[]) {
    const client = new FakeClient();
    // Pages answered by hand, so the test sees the state between them.
    const pages: { after: string | undefined; resolve(page: unknown): void }[] = [];
    const call = client.call.bind(client);
    client.call = ((method: string, params: { after?: string; limit?: number }) => {
      if (method !== 'listDevicePage') return call(method as never, params as never);
      return new Promise((resolve) => pages.push({ after: params.after, resolve }));
    }) as typeof client.call;
    const answer = async (devicesOnPage: Device[], next: string | null) => {
      await expect.poll(() => pages.length).toBeGreaterThan(0);
      pages.shift()!.resolve({ devices: devicesOnPage, next, total: devices.length });
    };
    const frames = new ManualFrames();
    const store = createHubStore({ client, scheduler: frames });
    return { client, store, answer, pages, frames };
  }

  it('shows the first page at once, then the rest; an event during the load wins over an older page', async () => {
    const all = many(300);
    const { client, store, answer, pages, frames } = setup(all);
    store.start();
    await answer(all.slice(0, FIRST_DEVICE_PAGE), all[FIRST_DEVICE_PAGE - 1]!.id);
    await expect.poll(() => store.getState().loaded).toBe(true);
    expect(Object.keys(store.getState().devices)).toHaveLength(FIRST_DEVICE_PAGE);

    // A device of the next page reports before its page arrives: its page was read later, so it wins.
    const later = all[200]!;
    client.emit('devicesChanged', { devices: [{ ...later, name: 'older' }] });
    await expect.poll(() => pages[0]?.after).toBe(all[FIRST_DEVICE_PAGE - 1]!.id);
    await answer(all.slice(FIRST_DEVICE_PAGE), null);
    // A later page waits for the next frame, with the events of that frame, in the order they came.
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    expect(Object.keys(store.getState().devices)).toHaveLength(FIRST_DEVICE_PAGE);
    frames.frame();
    expect(Object.keys(store.getState().devices)).toHaveLength(300);
    expect(store.getState().devices[later.id]!.name).toBe(later.name);
  });

  it('holds later pages until the last, and an event after a page still wins over it', async () => {
    const all = many(300);
    const { client, store, answer, frames } = setup(all);
    store.start();
    await answer(all.slice(0, FIRST_DEVICE_PAGE), all[FIRST_DEVICE_PAGE - 1]!.id);
    await expect.poll(() => store.getState().loaded).toBe(true);
    await answer(all.slice(FIRST_DEVICE_PAGE, 200), all[199]!.id);
    // A device of the held page reports after it: newer than the page.
    const moved = all[150]!;
    client.emit('devicesChanged', { devices: [{ ...moved, name: 'renamed since' }] });
    frames.frame();
    // Neither the held page nor the event for one of its devices (not on screen yet) is drawn yet.
    expect(Object.keys(store.getState().devices)).toHaveLength(FIRST_DEVICE_PAGE);
    await answer(all.slice(200), null);
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    frames.frame();
    expect(Object.keys(store.getState().devices)).toHaveLength(300);
    expect(store.getState().devices[moved.id]!.name).toBe('renamed since');
    expect(store.getState().devices[all[151]!.id]).toBe(all[151]);
  });

  it('while pages are held, an event for a device not shown yet waits with them; one shown is drawn at once', async () => {
    const all = many(300);
    const { client, store, answer, frames } = setup(all);
    store.start();
    await answer(all.slice(0, FIRST_DEVICE_PAGE), all[FIRST_DEVICE_PAGE - 1]!.id);
    await expect.poll(() => store.getState().loaded).toBe(true);
    const unseen = all[250]!;
    const shown = all[3]!;
    client.emit('devicesChanged', {
      devices: [
        { ...unseen, name: 'reported early' },
        { ...shown, name: 'on screen' },
      ],
    });
    frames.frame();
    expect(store.getState().devices[shown.id]!.name).toBe('on screen');
    expect(store.getState().devices[unseen.id]).toBeUndefined();
    // Its page came later (newer): the page's copy wins, as it would have on screen.
    await answer(all.slice(FIRST_DEVICE_PAGE), null);
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    frames.frame();
    expect(store.getState().devices[unseen.id]).toBe(unseen);
    expect(Object.keys(store.getState().devices)).toHaveLength(300);
  });

  it('a reload keeps showing the devices while it pages, then drops those the hub no longer has', async () => {
    const all = many(4);
    const { client, store, answer, frames } = setup(all);
    store.start();
    await answer(all, null);
    await expect.poll(() => Object.keys(store.getState().devices).length).toBe(4);

    client.setConnection({ state: 'disconnected', reason: 'test' } as never);
    client.setConnection({ state: 'connected' });
    // The hub lost l0001 while we were away; l0009 joined and reported during the load.
    await answer([all[0]!], 'l0000');
    expect(Object.keys(store.getState().devices)).toHaveLength(4); // nothing vanishes mid-load
    client.emit('devicesChanged', { devices: [light('l0009')] });
    await answer([all[2]!, all[3]!], null);
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    frames.frame();
    expect(Object.keys(store.getState().devices).sort()).toEqual(['l0000', 'l0002', 'l0003', 'l0009']);
  });

  it('an event after the last page still wins over the removal of a device the load did not see', async () => {
    const all = many(3);
    const { client, store, answer, frames } = setup(all);
    store.start();
    await answer(all, null);
    await expect.poll(() => Object.keys(store.getState().devices).length).toBe(3);

    client.setConnection({ state: 'disconnected', reason: 'test' } as never);
    client.setConnection({ state: 'connected' });
    await answer([all[0]!], 'l0000');
    await answer([all[2]!], null);
    // l0001 was in no page: its removal waits in the frame's batch, and the device reports again before the frame.
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    client.emit('devicesChanged', { devices: [{ ...all[1]!, name: 'back' }] });
    frames.frame();
    expect(store.getState().devices.l0001?.name).toBe('back');
    expect(Object.keys(store.getState().devices).sort()).toEqual(['l0000', 'l0001', 'l0002']);
  });
});
