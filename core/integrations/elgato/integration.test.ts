/** Against the virtual home's Elgato Key Light over real HTTP on 127.0.0.1 (it pushes nothing: polled). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElgatoKeyLight } from '../../../sim/lan/elgato';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, recordRequests, type Received } from '../lan/test-support';
import { ElgatoIntegration } from './integration';

let registry: Registry;
let integration: ElgatoIntegration;
let light: ElgatoKeyLight;
let received: Received[];
let id: string;

beforeEach(async () => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  integration = new ElgatoIntegration({
    host: registry.hostFor('elgato'),
    clock: systemClock,
    pollMs: 100,
    retryBaseMs: 50,
    timeoutMs: 1000,
  });
  registry.addIntegration(integration);
  light = new ElgatoKeyLight({ displayName: 'Office key light' });
  received = recordRequests(light);
  await light.start();
  const candidate = (await integration.probe('127.0.0.1', light.port))!;
  [id] = (await integration.manage({ ...candidate, id: `elgato:${candidate.uniqueId}`, addedAt: 0 }, { waitMs: 3000 })) as [
    string,
  ];
});

afterEach(async () => {
  await integration.stop();
  await light.stop();
});

const puts = () => received.filter((r) => r.method === 'PUT' && r.path === '/elgato/lights').map((r) => r.json());

describe('Elgato integration against the simulated Key Light', () => {
  it('probe and device', async () => {
    expect(await integration.probe('127.0.0.1', light.port)).toMatchObject({
      name: 'Office key light',
      uniqueId: '3c6a9d142b7e',
      model: 'Elgato Key Light',
    });
    expect(registry.get(id)).toMatchObject({
      availability: 'online',
      capabilities: { power: { value: false }, brightness: { value: 20 }, colorTemperature: { value: 4695 } },
    });
  });

  it.each([
    ['power', { power: true }, { on: 1 }],
    ['brightness', { brightness: 70 }, { brightness: 70 }],
    ['colour temperature', { colorTemperature: 5000 }, { temperature: 200 }],
  ])('%s: the exact PUT /elgato/lights', async (_name, command, body) => {
    await registry.command(id, command);
    expect(puts()).toEqual([{ numberOfLights: 1, lights: [body] }]);
  });

  it('a press of the light’s own button shows up with the next poll', async () => {
    light.pressButton();
    await deviceWhere(registry, id, (d) => d.capabilities.power?.value === true, 2000);
  });

  it('offline with a reason when polls fail, back when it answers', async () => {
    await light.setOnline(false);
    const d = await deviceWhere(registry, id, (x) => x.availability === 'offline', 2000);
    expect(d.availabilityReason).toMatch(/^The Elgato light at 127\.0\.0\.1:\d+ refused the connection/);
    await light.setOnline(true);
    await deviceWhere(registry, id, (x) => x.availability === 'online', 3000);
  });
});
