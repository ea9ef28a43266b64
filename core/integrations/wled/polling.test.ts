/**
 * A WLED whose `/ws` is unavailable (its 4 slots taken by phones, or a build without WebSockets) is
 * still added and polled, says "updates every N s", and gets its push channel back in the background.
 * The review: such a strip could not be added at all (503 "refused its WebSocket").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WledDevice } from '../../../sim/lan/wled';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, recordRequests } from '../lan/test-support';
import { WledIntegration } from './integration';

let registry: Registry;
let integration: WledIntegration;
let device: WledDevice;

beforeEach(async () => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  integration = new WledIntegration({
    host: registry.hostFor('wled'),
    clock: systemClock,
    retryBaseMs: 50,
    timeoutMs: 1000,
    pollMs: 300,
    pushRetryBaseMs: 100,
  });
  registry.addIntegration(integration);
  device = new WledDevice({ name: 'Shelf', mac: '8813bf0455aa' });
  device.webSocketSlots = 0;
  await device.start();
});

afterEach(async () => {
  await integration.stop();
  await device.stop();
});

describe('WLED without its WebSocket', () => {
  it('is added, polled, shows its update interval, and switches to push when a slot frees up', async () => {
    const candidate = (await integration.probe('127.0.0.1', device.port))!;
    const [id] = (await integration.manage({ ...candidate, id: 'wled:8813bf0455aa', addedAt: 0 }, { waitMs: 3000 })) as [string];
    expect(registry.get(id)).toMatchObject({ availability: 'online', updateIntervalS: 0.3 });

    // A change at the strip arrives with the next poll; a command is confirmed by the poll after it.
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === false, 2000);
    const after = await registry.command(id, { power: true });
    expect(after.capabilities.power?.value).toBe(true);

    device.webSocketSlots = 4;
    await deviceWhere(registry, id, (d) => d.updateIntervalS === undefined && d.availability === 'online', 3000);
    // Pushed, not polled: the press arrives without the hub reading the state again.
    const received = recordRequests(device);
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === false, 3000);
    expect(received.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([]);
  });

  it('a strip that stops answering while polled goes offline, with the reason', async () => {
    const candidate = (await integration.probe('127.0.0.1', device.port))!;
    const [id] = (await integration.manage({ ...candidate, id: 'wled:8813bf0455aa', addedAt: 0 }, { waitMs: 3000 })) as [string];
    await device.setOnline(false);
    const offline = await deviceWhere(registry, id, (d) => d.availability === 'offline', 3000);
    expect(offline.availabilityReason).toMatch(/WLED at 127\.0\.0\.1:\d+ /);
  });
});
