/** Against the virtual home's WLED over real HTTP and WebSocket on 127.0.0.1. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WledDevice } from '../../../sim/lan/wled';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, recordRequests, type Received } from '../lan/test-support';
import { WledIntegration } from './integration';

let registry: Registry;
let integration: WledIntegration;
let device: WledDevice;
let received: Received[];
let id: string;

beforeEach(async () => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  integration = new WledIntegration({ host: registry.hostFor('wled'), clock: systemClock, retryBaseMs: 50, timeoutMs: 1000 });
  registry.addIntegration(integration);
  device = new WledDevice({ name: 'TV backlight', mac: '8813bf0455f0', cct: true });
  received = recordRequests(device);
  await device.start();
  const candidate = (await integration.probe('127.0.0.1', device.port))!;
  [id] = (await integration.manage({ ...candidate, id: 'wled:8813bf0455f0', addedAt: 0 }, { waitMs: 3000 })) as [string];
});

afterEach(async () => {
  await integration.stop();
  await device.stop();
});

const posts = () => received.filter((r) => r.method === 'POST' && r.path === '/json/state').map((r) => r.json());

describe('WLED integration against the simulated strip', () => {
  it('probe and device', async () => {
    expect(await integration.probe('127.0.0.1', device.port)).toMatchObject({
      name: 'TV backlight',
      uniqueId: '8813bf0455f0',
      model: 'WLED 0.15.3 (esp32)',
    });
    expect(registry.get(id)).toMatchObject({
      name: 'TV backlight',
      availability: 'online',
      capabilities: { power: { value: true }, brightness: { value: 50.2 }, color: { value: { hue: 37.6, saturation: 100 } } },
    });
  });

  it.each([
    ['power', { power: false }, { on: false }],
    ['brightness', { brightness: 40 }, { bri: 102 }],
    ['colour', { color: { hue: 240, saturation: 100 } }, { seg: [{ id: 0, col: [[0, 0, 255]] }] }],
    ['colour temperature', { colorTemperature: 4000 }, { seg: [{ id: 0, cct: 4000 }] }],
  ])('%s: the exact POST /json/state, confirmed by the push', async (_name, command, body) => {
    await registry.command(id, command);
    expect(posts()).toEqual([body]);
  });

  it('the strip’s own button is pushed over /ws within 500 ms', async () => {
    device.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === false, 500);
  });

  it('offline with a reason, then back', async () => {
    await device.setOnline(false);
    const d = await deviceWhere(registry, id, (x) => x.availability === 'offline', 2000);
    expect(d.availabilityReason).toMatch(/^WLED at 127\.0\.0\.1:\d+ /);
    await expect(registry.command(id, { power: false })).rejects.toThrow(/offline/);
    await device.setOnline(true);
    await deviceWhere(registry, id, (x) => x.availability === 'online', 3000);
    device.change({ bri: 255 });
    await deviceWhere(registry, id, (x) => x.capabilities.brightness?.value === 100, 500);
  });
});
