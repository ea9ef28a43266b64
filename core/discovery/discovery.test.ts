/**
 * The discovery flows with the real integrations and the virtual home's devices on 127.0.0.1
 * (services are handed in directly; the multicast side is in discovery.mdns.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ElgatoKeyLight, HueBridge, ShellyDevice, WledDevice } from '../../sim/lan';
import { ElgatoIntegration } from '../integrations/elgato/integration';
import { HueIntegration } from '../integrations/hue/integration';
import { deviceWhere } from '../integrations/lan/test-support';
import { MemorySecretStore } from '../integrations/secrets';
import { ShellyIntegration } from '../integrations/shelly/integration';
import { WledIntegration } from '../integrations/wled/integration';
import { Registry } from '../registry/registry';
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Discovery } from './discovery';
import { openStore, type Store } from '../store/store';
import type { DiscoveryRepository } from './repository';
import type { DiscoveredService } from './types';

interface Hub {
  registry: Registry;
  discovery: Discovery;
  assigned: [string, unknown][];
  stop(): Promise<void>;
}

const secrets = new MemorySecretStore();
let dataDir: string;
const hubs: Hub[] = [];
const stores: Store[] = [];

/** The decisions as the hub keeps them: in the SQLite store of the data folder. */
function decisions(): DiscoveryRepository {
  const store = openStore({ dataDir, clock: systemClock, logger: silentLogger });
  stores.push(store);
  return store.discoveryDecisions;
}
const sims: { stop(): Promise<void> }[] = [];

function hub(repository: DiscoveryRepository = decisions()): Hub {
  const registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  const common = { clock: systemClock, retryBaseMs: 50, timeoutMs: 1000 };
  const integrations = [
    new ShellyIntegration({ ...common, host: registry.hostFor('shelly'), secrets }),
    new WledIntegration({ ...common, host: registry.hostFor('wled') }),
    new HueIntegration({ ...common, host: registry.hostFor('hue'), secrets, pairWindowMs: 300, pairIntervalMs: 100 }),
    new ElgatoIntegration({ ...common, host: registry.hostFor('elgato'), pollMs: 200 }),
  ];
  for (const i of integrations) registry.addIntegration(i);
  const assigned: [string, unknown][] = [];
  const discovery = new Discovery({
    integrations,
    repository,
    clock: systemClock,
    logger: silentLogger,
    assign: (id, update) => {
      assigned.push([id, update]);
      registry.setOverride(id, update);
    },
    device: (id) => registry.get(id),
  });
  discovery.start();
  const h = {
    registry,
    discovery,
    assigned,
    stop: async () => (discovery.stop(), await Promise.all(integrations.map((i) => i.stop())), undefined),
  };
  hubs.push(h);
  return h;
}

async function sim<T extends { start(): Promise<unknown>; stop(): Promise<void> }>(device: T): Promise<T> {
  await device.start();
  sims.push(device);
  return device;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'homeroom-discovery-'));
});

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  for (const store of stores.splice(0)) store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Discovery', () => {
  it('manual add by address finds the device, adding it names it, puts it in a room and remembers it', async () => {
    const plug = await sim(new ShellyDevice({ kind: 'plug', name: 'Desk lamp plug' }));
    const { discovery, registry, assigned } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: plug.port });
    expect(entry).toEqual({
      id: `shelly:${plug.id}`,
      integration: 'shelly',
      kind: 'plug',
      name: 'Desk lamp plug',
      manufacturer: 'Shelly',
      model: 'Shelly Plus Plug S (SNPL-00112EU)',
      address: '127.0.0.1',
      port: plug.port,
      needsPairing: false,
      source: 'manual',
    });
    expect(discovery.list()).toHaveLength(1);
    const [device] = await discovery.add(entry.id, { name: 'Kettle', roomId: 'kitchen' });
    expect(device).toMatchObject({ id: `shelly:${plug.id}`, name: 'Kettle', roomId: 'kitchen', availability: 'online' });
    expect(assigned).toEqual([[`shelly:${plug.id}`, { name: 'Kettle', roomId: 'kitchen' }]]);
    expect(discovery.list()).toEqual([]);
    await registry.command(device!.id, { power: true });
    expect(plug.state.output).toBe(true);

    // Another start of the hub: managed again from the data folder.
    const again = hub();
    await deviceWhere(again.registry, `shelly:${plug.id}`, (d) => d.availability === 'online', 3000);
  });

  it('manual add tries every integration; nothing answering is a clear not_found', async () => {
    const light = await sim(new ElgatoKeyLight({ displayName: 'Key light' }));
    const { discovery } = hub();
    expect(await discovery.manual({ host: '127.0.0.1', port: light.port })).toMatchObject({
      integration: 'elgato',
      name: 'Key light',
    });
    await expect(discovery.manual({ host: '127.0.0.1', port: 1 })).rejects.toMatchObject({
      code: 'not_found',
      message: 'Nothing at 127.0.0.1:1 answered as a Shelly, WLED, Hue bridge or Elgato light',
    });
    await expect(discovery.manual({ host: '<script>' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(discovery.manual({ host: '127.0.0.1', integration: 'nest' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('Hue: add answers needs_pairing with the instruction; pairing not pressed fails clearly; pressed works', async () => {
    const bridge = await sim(new HueBridge());
    const { discovery, registry } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: bridge.port, integration: 'hue' });
    expect(entry).toMatchObject({
      needsPairing: true,
      pairingHint: 'Press the link button on the bridge, then click Pair',
      pairingWindowMs: 300,
    });
    await expect(discovery.add(entry.id, {})).rejects.toMatchObject({
      code: 'needs_pairing',
      message: 'Press the link button on the bridge, then click Pair',
    });
    await expect(discovery.pair(entry.id, {})).rejects.toMatchObject({
      code: 'pairing_failed',
      message: expect.stringMatching(/link button was not pressed/),
    });
    bridge.pressLinkButton();
    expect(await discovery.pair(entry.id, {})).toMatchObject({ needsPairing: false });
    const devices = await discovery.add(entry.id, { roomId: 'living' });
    expect(devices).toHaveLength(4);
    expect(devices.every((d) => d.roomId === 'living')).toBe(true);
    expect(registry.list()).toHaveLength(4);
  });

  it('ignore is remembered across restarts', async () => {
    const strip = await sim(new WledDevice({ name: 'Strip' }));
    const first = hub();
    const entry = await first.discovery.manual({ host: '127.0.0.1', port: strip.port });
    first.discovery.ignore(entry.id);
    expect(first.discovery.list()).toEqual([]);
    const second = hub();
    second.discovery.onServiceEvent({ kind: 'up', service: wledService(strip) });
    expect(second.discovery.list()).toEqual([]);
    // Asking for it by address brings it back.
    expect(await second.discovery.manual({ host: '127.0.0.1', port: strip.port })).toMatchObject({ id: entry.id });
  });

  it('announced services: claimed, completed by a probe, removed on goodbye', async () => {
    const strip = await sim(new WledDevice({ name: 'TV backlight', mac: '8813bf0455f0' }));
    const { discovery } = hub();
    const changes: number[] = [];
    discovery.events.on('discoveryChanged', 'test', ({ devices }) => changes.push(devices.length));
    discovery.onServiceEvent({ kind: 'up', service: wledService(strip) });
    expect(discovery.list()).toEqual([expect.objectContaining({ id: 'wled:8813bf0455f0', name: 'wled-0455f0', source: 'mdns' })]);
    const completed = await deviceEntry(discovery, (e) => e.model === 'WLED 0.15.3 (esp32)');
    expect(completed.name).toBe('TV backlight');
    discovery.onServiceEvent({ kind: 'down', service: wledService(strip) });
    expect(discovery.list()).toEqual([]);
    expect(changes.at(-1)).toBe(0);
  });

  it('an added device re-found at a new address is followed there, once the person confirms, and remembered', async () => {
    const old = await sim(new WledDevice({ name: 'Strip', mac: 'aabbccddeeff' }));
    const { discovery, registry } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: old.port });
    await discovery.add(entry.id, {});
    await old.stop();
    await deviceWhere(registry, entry.id, (d) => d.availability === 'offline', 2000);
    const moved = await sim(new WledDevice({ name: 'Strip', mac: 'aabbccddeeff' }));
    discovery.onServiceEvent({ kind: 'up', service: wledService(moved) });
    // A WLED cannot prove who it is: the inbox asks (moves.test.ts has the spoofing cases).
    expect(discovery.list()).toEqual([expect.objectContaining({ id: entry.id, move: { from: `127.0.0.1:${old.port}` } })]);
    await discovery.add(entry.id, {});
    await deviceWhere(registry, entry.id, (d) => d.availability === 'online', 3000);
    const saved = decisions().load().added[0];
    expect(saved).toMatchObject({ id: entry.id, port: moved.port });
  });

  it('decisions replaced underneath (a restored backup): what is added there is managed, what is gone is forgotten', async () => {
    const strip = await sim(new WledDevice({ name: 'Strip', mac: 'a1b2c3d4e5f6' }));
    const store = openStore({ dataDir, clock: systemClock, logger: silentLogger });
    stores.push(store);
    const { discovery, registry } = hub(store.discoveryDecisions);
    const restored = {
      added: [
        { id: 'wled:a1b2c3d4e5f6', integration: 'wled', uniqueId: 'a1b2c3d4e5f6', host: '127.0.0.1', port: strip.port },
      ].map((d) => ({ ...d, kind: 'light' as const, name: 'Strip', addedAt: 1 })),
      ignored: ['shelly:not-wanted'],
    };
    store.discoveryDecisions.writeAll(restored);
    store.discoveryDecisions.replaced();
    await deviceWhere(registry, 'wled:a1b2c3d4e5f6', (d) => d.availability === 'online', 3000);
    discovery.onServiceEvent({ kind: 'up', service: wledService(strip) });
    expect(discovery.list()).toEqual([]); // already added: not in the inbox

    store.discoveryDecisions.writeAll({ added: [], ignored: [] });
    store.discoveryDecisions.replaced();
    await expect.poll(() => registry.get('wled:a1b2c3d4e5f6')).toBeUndefined();
    discovery.onServiceEvent({ kind: 'up', service: wledService(strip) });
    expect(discovery.list().map((e) => e.id)).toEqual(['wled:a1b2c3d4e5f6']);
  });

  it('unknown ids are not_found', async () => {
    const { discovery } = hub();
    await expect(discovery.add('shelly:nope', {})).rejects.toMatchObject({ code: 'not_found' });
    expect(() => discovery.ignore('x')).toThrow(/No new device/);
  });
});

function wledService(strip: WledDevice): DiscoveredService {
  const name = `wled-${strip.state.mac.slice(-6)}`;
  return {
    fqdn: `${name}._wled._tcp.local`,
    name,
    type: 'wled',
    host: `${name}.local`,
    addresses: ['127.0.0.1'],
    port: strip.port,
    txt: { mac: strip.state.mac },
  };
}

function deviceEntry(discovery: Discovery, predicate: (e: ReturnType<Discovery['list']>[number]) => boolean) {
  return vi.waitFor(() => {
    const found = discovery.list().find(predicate);
    if (!found) throw new Error(`no matching entry in ${JSON.stringify(discovery.list())}`);
    return found;
  }, 2000);
}
