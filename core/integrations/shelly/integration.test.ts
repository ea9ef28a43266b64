/**
 * Against the virtual home's Shelly devices over real HTTP and WebSocket on 127.0.0.1:
 * the exact RPC frames, NotifyStatus push, offline/online, and digest authentication.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShellyDevice } from '../../../sim/lan/shelly';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import type { AddedDevice } from '../../discovery/types';
import { deviceWhere, recordRequests, type Received } from '../lan/test-support';
import { MemorySecretStore } from '../secrets';
import { ShellyIntegration } from './integration';

let registry: Registry;
let integration: ShellyIntegration;
let secrets: MemorySecretStore;
const sims: ShellyDevice[] = [];

async function sim(
  options: ConstructorParameters<typeof ShellyDevice>[0],
): Promise<{ device: ShellyDevice; received: Received[] }> {
  const device = new ShellyDevice(options);
  const received = recordRequests(device);
  await device.start();
  sims.push(device);
  return { device, received };
}

async function add(device: ShellyDevice): Promise<string> {
  const candidate = (await integration.probe('127.0.0.1', device.port))!;
  const added: AddedDevice = { ...candidate, id: `shelly:${candidate.uniqueId}`, addedAt: 0 };
  const [id] = await integration.manage(added, { waitMs: 3000 });
  return id!;
}

beforeEach(() => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  secrets = new MemorySecretStore();
  integration = new ShellyIntegration({
    host: registry.hostFor('shelly'),
    clock: systemClock,
    secrets,
    retryBaseMs: 50,
    timeoutMs: 1000,
  });
  registry.addIntegration(integration);
});

afterEach(async () => {
  await integration.stop();
  await Promise.all(sims.splice(0).map((d) => d.stop()));
});

const rpcFrames = (received: Received[]) =>
  received.filter((r) => r.method === 'POST' && r.path === '/rpc').map((r) => r.json() as { method: string; params?: unknown });

describe('Shelly integration against the simulated devices', () => {
  it('probes the identity endpoint', async () => {
    const { device } = await sim({ kind: 'plug', name: 'Desk lamp plug' });
    expect(await integration.probe('127.0.0.1', device.port)).toMatchObject({
      uniqueId: device.id,
      kind: 'plug',
      name: 'Desk lamp plug',
      manufacturer: 'Shelly',
      model: 'Shelly Plus Plug S (SNPL-00112EU)',
      needsPairing: false,
    });
  });

  it('plug: Switch.Set exactly as documented, state confirmed, metering reported', async () => {
    const { device, received } = await sim({ kind: 'plug', name: 'Desk lamp plug', loadW: 42 });
    const id = await add(device);
    expect(registry.get(id)).toMatchObject({ kind: 'plug', availability: 'online', capabilities: { power: { value: false } } });
    const after = await registry.command(id, { power: true });
    expect(after.capabilities.power?.value).toBe(true);
    const frame = rpcFrames(received).find((f) => f.method === 'Switch.Set');
    expect(frame).toMatchObject({ method: 'Switch.Set', params: { id: 0, on: true } });
    expect(frame).toHaveProperty('src');
    await deviceWhere(registry, id, (d) => d.capabilities.power_w?.value === 42, 500);
  });

  it('dimmer: Light.Set with brightness', async () => {
    const { device, received } = await sim({ kind: 'dimmer', name: 'Hallway dimmer' });
    const id = await add(device);
    expect(registry.get(id)?.kind).toBe('light');
    await registry.command(id, { brightness: 30 });
    expect(rpcFrames(received).filter((f) => f.method === 'Light.Set')).toEqual([
      expect.objectContaining({ params: { id: 0, brightness: 30 } }),
    ]);
    expect(device.state.brightness).toBe(30);
  });

  it('the physical button is pushed (NotifyStatus) within 500 ms', async () => {
    const { device } = await sim({ kind: 'plug' });
    const id = await add(device);
    const started = Date.now();
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === true, 500);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a device that stops answering goes offline with a reason and comes back', async () => {
    const { device } = await sim({ kind: 'plug' });
    const id = await add(device);
    await device.setOnline(false);
    const offline = await deviceWhere(registry, id, (d) => d.availability === 'offline', 2000);
    expect(offline.availabilityReason).toMatch(/Shelly at 127\.0\.0\.1:\d+ /);
    await device.setOnline(true);
    await deviceWhere(registry, id, (d) => d.availability === 'online', 3000);
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === true, 500);
  });

  it('password protection: pairing refuses a wrong password, then works with digest auth', async () => {
    const { device, received } = await sim({ kind: 'plug', password: 'correct horse' });
    const candidate = (await integration.probe('127.0.0.1', device.port))!;
    expect(candidate).toMatchObject({ needsPairing: true, needsPassword: true });
    expect(await integration.pair(candidate, { password: 'wrong' })).toEqual({
      ok: false,
      message: expect.stringMatching(/did not accept/),
    });
    expect(await integration.pair(candidate, { password: 'correct horse' })).toEqual({ ok: true });
    expect(secrets.get(`shelly:${device.id}:password`)).toBe('correct horse');
    const id = await add(device);
    await registry.command(id, { power: true });
    const set = rpcFrames(received).filter((f) => f.method === 'Switch.Set');
    expect(set.at(-1)).toMatchObject({
      params: { id: 0, on: true },
      auth: { username: 'admin', realm: device.id, algorithm: 'SHA-256' },
    });
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === false, 500);
  });

  it('without the password an added device is offline and says why', async () => {
    const { device } = await sim({ kind: 'plug', password: 'pw' });
    const candidate = (await integration.probe('127.0.0.1', device.port))!;
    await expect(integration.manage({ ...candidate, id: 'shelly:x', addedAt: 0 }, { waitMs: 500 })).rejects.toThrow(/password/);
  });
});
