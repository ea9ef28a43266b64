/**
 * A spoofed announcement must not move an added device, nor make the hub send a stored credential to
 * the new address (the review recovered a Shelly's password from digest responses sent to its own
 * nonce). Against the virtual home's Shelly and WLED and a fake on 127.0.0.2, all on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HueBridge, ShellyDevice, WledDevice } from '../../sim/lan';
import { HueIntegration } from '../integrations/hue/integration';
import { deviceWhere } from '../integrations/lan/test-support';
import { MemorySecretStore } from '../integrations/secrets';
import { ShellyIntegration } from '../integrations/shelly/integration';
import { WledIntegration } from '../integrations/wled/integration';
import { Registry } from '../registry/registry';
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Discovery } from './discovery';
import type { AddedDevice, DiscoveredService } from './types';
import type { DiscoveryRepository } from './repository';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function memoryRepository(): DiscoveryRepository & { saved: AddedDevice[] } {
  const saved: AddedDevice[] = [];
  return {
    saved,
    load: () => ({ added: [], ignored: [] }),
    saveAdded: (device) => void saved.push(device),
    removeAdded: () => undefined,
    setIgnored: () => undefined,
  };
}

function hub() {
  const registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  const secrets = new MemorySecretStore();
  const common = { clock: systemClock, retryBaseMs: 50, timeoutMs: 1000 };
  const shelly = new ShellyIntegration({ ...common, host: registry.hostFor('shelly'), secrets });
  const wled = new WledIntegration({ ...common, host: registry.hostFor('wled') });
  const hue = new HueIntegration({ ...common, host: registry.hostFor('hue'), secrets, pairWindowMs: 300, pairIntervalMs: 100 });
  registry.addIntegration(shelly);
  registry.addIntegration(wled);
  registry.addIntegration(hue);
  const repository = memoryRepository();
  const discovery = new Discovery({
    integrations: [shelly, wled, hue],
    repository,
    clock: systemClock,
    logger: silentLogger,
    assign: (id, update) => registry.setOverride(id, update),
    device: (id) => registry.get(id),
  });
  discovery.start();
  cleanups.push(async () => {
    discovery.stop();
    await shelly.stop();
    await wled.stop();
    await hue.stop();
  });
  return { registry, discovery, repository, secrets };
}

async function sim<T extends { start(): Promise<unknown>; stop(): Promise<void> }>(device: T): Promise<T> {
  await device.start();
  cleanups.push(() => device.stop());
  return device;
}

/** A fake Shelly on another address: claims the real one's id, asks for digest auth with its own nonce, records every RPC. */
async function impostor(id: string): Promise<{ port: number; rpc: Record<string, unknown>[] }> {
  const rpc: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/shelly') return res.end(JSON.stringify({ id, gen: 2, app: 'PlusPlugS', auth_en: true }));
      const frame = JSON.parse(body || '{}') as Record<string, unknown>;
      rpc.push(frame);
      const challenge = { auth_type: 'digest', nonce: 1625038762, nc: 1, realm: id, algorithm: 'SHA-256' };
      res.end(JSON.stringify({ id: frame.id, error: { code: 401, message: JSON.stringify(challenge) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { port: (server.address() as AddressInfo).port, rpc };
}

const shellyService = (id: string, address: string, port: number): DiscoveredService => ({
  fqdn: `${id}._shelly._tcp.local`,
  name: id,
  type: 'shelly',
  host: `${id}.local`,
  addresses: [address],
  port,
  txt: { gen: '2', app: 'PlusPlugS', id },
});

describe('an added device announced at a new address', () => {
  it('Shelly: a spoofed announcement neither moves it nor gets a digest response built on the impostor’s nonce', async () => {
    const plug = await sim(new ShellyDevice({ kind: 'plug', name: 'Kitchen plug', password: 'correct horse' }));
    const { discovery, registry, repository } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: plug.port });
    await discovery.pair(entry.id, { password: 'correct horse' });
    await discovery.add(entry.id, { name: 'Kitchen plug' });
    const fake = await impostor(plug.id);

    discovery.onServiceEvent({ kind: 'up', service: shellyService(plug.id, '127.0.0.2', fake.port) });

    const offer = await vi.waitFor(() => {
      const found = discovery.list().find((e) => e.id === entry.id);
      if (!found) throw new Error('no move offer yet');
      return found;
    });
    expect(offer).toMatchObject({
      name: 'Kitchen plug',
      address: '127.0.0.2',
      port: fake.port,
      move: { from: `127.0.0.1:${plug.port}` },
    });
    // Still managed where it was, still answering, and nothing with `auth` went to the impostor.
    await registry.command(entry.id, { power: true });
    expect(registry.get(entry.id)?.availability).toBe('online');
    expect(fake.rpc.filter((f) => f.auth !== undefined)).toEqual([]);
    expect(repository.saved.at(-1)).toMatchObject({ host: '127.0.0.1', port: plug.port });

    // Ignoring the offer keeps it where it is; the same offer does not come back.
    expect(discovery.ignore(entry.id)).toEqual({ id: entry.id });
    discovery.onServiceEvent({ kind: 'update', service: shellyService(plug.id, '127.0.0.2', fake.port) });
    expect(discovery.list()).toEqual([]);
    expect(fake.rpc.filter((f) => f.auth !== undefined)).toEqual([]);
  });

  it('WLED: the user confirms a real move, and then it is followed there and remembered', async () => {
    const old = await sim(new WledDevice({ name: 'Strip', mac: 'aabbccddeeff' }));
    const { discovery, registry, repository } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: old.port });
    await discovery.add(entry.id, {});
    await old.stop();
    await deviceWhere(registry, entry.id, (d) => d.availability === 'offline', 2000);
    const moved = await sim(new WledDevice({ name: 'Strip', mac: 'aabbccddeeff' }));
    const name = 'wled-eeff';
    discovery.onServiceEvent({
      kind: 'up',
      service: {
        fqdn: `${name}._wled._tcp.local`,
        name,
        type: 'wled',
        addresses: ['127.0.0.1'],
        port: moved.port,
        txt: { mac: 'aabbccddeeff' },
      },
    });
    expect(discovery.list()).toEqual([
      expect.objectContaining({ id: entry.id, port: moved.port, move: { from: `127.0.0.1:${old.port}` } }),
    ]);
    expect(registry.get(entry.id)?.availability).toBe('offline');

    const devices = await discovery.add(entry.id, {});
    expect(devices.map((d) => d.id)).toEqual([entry.id]);
    await deviceWhere(registry, entry.id, (d) => d.availability === 'online', 3000);
    expect(repository.saved.at(-1)).toMatchObject({ id: entry.id, port: moved.port });
    expect(discovery.list()).toEqual([]);
  });

  it('typing the new address (add by address) offers the move too, instead of moving it', async () => {
    const old = await sim(new WledDevice({ name: 'Strip', mac: '001122334455' }));
    const other = await sim(new WledDevice({ name: 'Strip', mac: '001122334455' }));
    const { discovery, repository } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: old.port });
    await discovery.add(entry.id, {});
    const offer = await discovery.manual({ host: '127.0.0.1', port: other.port });
    expect(offer).toMatchObject({ id: entry.id, port: other.port, move: { from: `127.0.0.1:${old.port}` } });
    expect(repository.saved.at(-1)).toMatchObject({ port: old.port });
    await expect(discovery.manual({ host: '127.0.0.1', port: old.port })).rejects.toThrow(/already added/);
  });

  it('Hue: a new address that presents the pinned certificate is followed at once; another certificate is only offered', async () => {
    const bridge = await sim(new HueBridge());
    const { discovery, registry, repository, secrets } = hub();
    const entry = await discovery.manual({ host: '127.0.0.1', port: bridge.port, integration: 'hue' });
    bridge.pressLinkButton();
    await discovery.pair(entry.id, {});
    const devices = await discovery.add(entry.id, {});
    const appKey = secrets.get(`hue:${bridge.bridgeId}:appKey`)!;
    const hueService = (port: number): DiscoveredService => ({
      fqdn: 'Hue Bridge - 6A6C72._hue._tcp.local',
      name: 'Hue Bridge - 6A6C72',
      type: 'hue',
      addresses: ['127.0.0.1'],
      port,
      txt: { bridgeid: bridge.bridgeId, modelid: 'BSB002' },
    });

    const impostor = await sim(new HueBridge({ appKeys: [appKey] }));
    discovery.onServiceEvent({ kind: 'up', service: hueService(impostor.port) });
    await vi.waitFor(() =>
      expect(discovery.list()).toEqual([expect.objectContaining({ id: entry.id, move: expect.anything() })]),
    );
    expect(repository.saved.at(-1)).toMatchObject({ port: bridge.port });

    await bridge.stop();
    const same = await sim(new HueBridge({ certificate: bridge.certificate, appKeys: [appKey] }));
    discovery.onServiceEvent({ kind: 'update', service: hueService(same.port) });
    await vi.waitFor(() => expect(repository.saved.at(-1)).toMatchObject({ port: same.port }));
    expect(discovery.list()).toEqual([]);
    await deviceWhere(registry, devices[0]!.id, (d) => d.availability === 'online', 3000);
  });
});
