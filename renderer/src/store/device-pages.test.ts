import { describe, expect, it } from 'vitest';
import { devicePage } from '../../../core/api/device-handlers';
import type { Device } from '../../../core/model';
import { FakeClient, light, ManualFrames } from '../test/fixtures';
import { FIRST_DEVICE_PAGE, RELEASE_SLICES, createHubStore } from './hub-store';
import { groupByRoom } from './search';

const many = (n: number) => Array.from({ length: n }, (_, i) => light(`l${String(i).padStart(4, '0')}`));

/** Frames until none is asked for: the held pages go on screen a slice a frame. Returns how many ran. */
function drain(frames: ManualFrames): number {
  let n = 0;
  for (; frames.pending > 0; n++) {
    if (n > 100) throw new Error('frames never stop being asked for');
    frames.frame();
  }
  return n;
}

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

/** A client whose device pages are answered by hand, so a test sees the state between them. */
function pagedClient(total: number) {
  const client = new FakeClient();
  const pages: { after: string | undefined; resolve(page: unknown): void }[] = [];
  const call = client.call.bind(client);
  client.call = ((method: string, params: { after?: string; limit?: number }) => {
    if (method !== 'listDevicePage') return call(method as never, params as never);
    return new Promise((resolve) => pages.push({ after: params.after, resolve }));
  }) as typeof client.call;
  const answer = async (devicesOnPage: Device[], next: string | null) => {
    await expect.poll(() => pages.length).toBeGreaterThan(0);
    pages.shift()!.resolve({ devices: devicesOnPage, next, total });
  };
  return { client, pages, answer };
}

describe('the first load in pages', () => {
  function setup(devices: Device[]) {
    const { client, pages, answer } = pagedClient(devices.length);
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
    // A later page waits for the next frames, with the events of those frames, in the order they came.
    await expect.poll(() => frames.pending).toBeGreaterThan(0);
    expect(Object.keys(store.getState().devices)).toHaveLength(FIRST_DEVICE_PAGE);
    drain(frames);
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
    drain(frames);
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
    drain(frames);
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
    drain(frames);
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
    drain(frames);
    expect(store.getState().devices.l0001?.name).toBe('back');
    expect(Object.keys(store.getState().devices).sort()).toEqual(['l0000', 'l0001', 'l0002']);
  });
});

describe('the held pages go on screen a slice a frame', () => {
  // Rooms, and names in the reverse of the ids: the list's order is not the pages' order, and the
  // first page's devices sort after most held ones, as at 2,000 devices.
  const ROOMS = ['kitchen', 'hall', undefined];
  const house = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      light(`l${String(i).padStart(4, '0')}`, { name: `Device ${n - 1 - i}`, roomId: ROOMS[i % ROOMS.length] }),
    );
  const listing = (devices: Iterable<Device>) => groupByRoom(devices).flatMap((g) => g.ids);
  const shown = (store: ReturnType<typeof createHubStore>) => store.getState().devices;

  function setup(all: Device[]) {
    const { client, answer } = pagedClient(all.length);
    /** The first page, then the rest as one more page: the rest is held until this resolves. */
    const load = async (devices: Device[]) => {
      await answer(devices.slice(0, FIRST_DEVICE_PAGE), devices[FIRST_DEVICE_PAGE - 1]!.id);
      await answer(devices.slice(FIRST_DEVICE_PAGE), null);
      await expect.poll(() => frames.pending).toBeGreaterThan(0);
    };
    const frames = new ManualFrames();
    const store = createHubStore({ client, scheduler: frames });
    store.start();
    return { client, store, load, frames };
  }

  it('fills the list from the top, one slice a frame, until every device is listed', async () => {
    const all = house(300);
    const { store, load, frames } = setup(all);
    await load(all);
    expect(Object.keys(shown(store))).toHaveLength(FIRST_DEVICE_PAGE);
    const final = listing(all);
    let count = FIRST_DEVICE_PAGE;
    for (const size of RELEASE_SLICES) {
      frames.frame();
      count += size;
      const ids = Object.keys(shown(store));
      expect(ids).toHaveLength(count);
      // What the list shows first is already what it will show first once everything is in.
      const top = count - FIRST_DEVICE_PAGE;
      expect(listing(Object.values(shown(store))).slice(0, top)).toEqual(final.slice(0, top));
    }
    // Then everything left, in one more frame; and no frame is asked for after it.
    frames.frame();
    expect(Object.keys(shown(store))).toHaveLength(300);
    expect(listing(Object.values(shown(store)))).toEqual(final);
    expect(frames.pending).toBe(0);
    for (const d of all) expect(shown(store)[d.id]).toBe(d);
  });

  it('while the slices go out, an event or removal newer than a held copy wins, and new devices join', async () => {
    const all = house(300);
    const { client, store, load, frames } = setup(all);
    await load(all);
    frames.frame();
    const top = listing(Object.values(shown(store)))[0]!;
    // Held devices that sort last in their rooms: not shown for a few frames yet.
    const waiting = all[FIRST_DEVICE_PAGE]!;
    const removed = all[FIRST_DEVICE_PAGE + 1]!;
    expect(shown(store)[waiting.id]).toBeUndefined();

    client.emit('devicesChanged', {
      devices: [
        { ...waiting, name: 'renamed while held' },
        { ...shown(store)[top]!, name: 'renamed on screen' },
        light('l9999', { name: 'joined during the load' }),
      ],
    });
    client.emit('deviceRemoved', { id: removed.id });
    frames.frame();
    // The shown one is drawn at once; the held one keeps its place in the queue (no jumping ahead).
    expect(shown(store)[top]!.name).toBe('renamed on screen');
    expect(shown(store)[waiting.id]).toBeUndefined();

    drain(frames);
    expect(shown(store)[waiting.id]!.name).toBe('renamed while held');
    expect(shown(store)[top]!.name).toBe('renamed on screen');
    expect(shown(store)[removed.id]).toBeUndefined();
    expect(shown(store).l9999!.name).toBe('joined during the load');
    expect(Object.keys(shown(store))).toHaveLength(300);
  });

  it('a reload during the slices stops them; the new load shows its own pages and drops what the hub lost', async () => {
    const all = house(300);
    const { client, store, load, frames } = setup(all);
    await load(all);
    frames.frame();
    const shownBefore = Object.keys(shown(store)).length;
    const firstSliced = listing(Object.values(shown(store)))[0]!;
    expect(shownBefore).toBe(FIRST_DEVICE_PAGE + (RELEASE_SLICES[0] ?? 300 - FIRST_DEVICE_PAGE));

    client.setConnection({ state: 'disconnected', reason: 'test' } as never);
    client.setConnection({ state: 'connected' });
    // The old load's held pages are not shown any more: the new load asks again.
    drain(frames);
    expect(Object.keys(shown(store))).toHaveLength(shownBefore);

    // Meanwhile the hub lost a device the slices had shown and one still held, and gained one.
    const neverShown = all[FIRST_DEVICE_PAGE + 5]!;
    expect(shown(store)[neverShown.id]).toBeUndefined();
    const now = [...all.filter((d) => d.id !== firstSliced && d.id !== neverShown.id), light('l0300')];
    await load(now);
    drain(frames);
    expect(Object.keys(shown(store)).sort()).toEqual(now.map((d) => d.id).sort());
    expect(listing(Object.values(shown(store)))).toEqual(listing(now));
  });

  it("a command's answer wins over the page copy still held for its device", async () => {
    const all = house(300);
    const { client, store, load, frames } = setup(all);
    await load(all);
    drain(frames);
    const target = all[FIRST_DEVICE_PAGE + 10]!;

    client.setConnection({ state: 'disconnected', reason: 'test' } as never);
    client.setConnection({ state: 'connected' });
    await load(all); // the page copy of `target` (off) is held
    const sent = store.getState().sendCommand(target.id, { power: true });
    await expect.poll(() => client.calls.find((c) => c.method === 'sendCommand')).toBeDefined();
    const on = { ...target, capabilities: { ...target.capabilities, power: { value: true, writable: true } } };
    client.calls.find((c) => c.method === 'sendCommand')!.resolve(on);
    await sent;
    drain(frames);
    expect(shown(store)[target.id]).toEqual(on);
  });

  it('flush() shows everything still held at once', async () => {
    const all = house(300);
    const { store, load, frames } = setup(all);
    await load(all);
    frames.frame();
    store.flush();
    expect(Object.keys(shown(store))).toHaveLength(300);
    expect(drain(frames)).toBeLessThanOrEqual(1); // at most a cancelled frame's leftover
    expect(Object.keys(shown(store))).toHaveLength(300);
  });
});
