/**
 * A Hue bridge whose eventstream is unavailable is still managed and polled, says "updates every N s",
 * and takes the eventstream back once it is served again. Over real HTTPS on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HueBridge } from '../../../sim/lan/hue';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, recordRequests } from '../lan/test-support';
import { MemorySecretStore } from '../secrets';
import { HueIntegration } from './integration';

let registry: Registry;
let integration: HueIntegration;
let bridge: HueBridge;

beforeEach(async () => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  integration = new HueIntegration({
    host: registry.hostFor('hue'),
    clock: systemClock,
    secrets: new MemorySecretStore(),
    pairWindowMs: 400,
    pairIntervalMs: 100,
    retryBaseMs: 50,
    timeoutMs: 1000,
    pollMs: 300,
    pushRetryBaseMs: 100,
  });
  registry.addIntegration(integration);
  bridge = new HueBridge();
  bridge.eventStreamAvailable = false;
  await bridge.start();
});

afterEach(async () => {
  await integration.stop();
  await bridge.stop();
});

describe('Hue bridge without its eventstream', () => {
  it('is managed and polled, shows its update interval, and is pushed again when the stream comes back', async () => {
    const candidate = (await integration.probe('127.0.0.1', bridge.port))!;
    bridge.pressLinkButton();
    const paired = await integration.pair(candidate);
    if (!paired.ok) throw new Error(paired.message);
    const ids = await integration.manage(
      { ...candidate, id: `hue:${candidate.uniqueId}`, addedAt: 0, data: paired.data },
      { waitMs: 3000 },
    );
    const light = bridge.resourcesOf('light')[0]!;
    const id = `hue:${light.id}`;
    expect(ids).toContain(id);
    expect(registry.get(id)).toMatchObject({ availability: 'online', updateIntervalS: 0.3 });

    bridge.changeLight(light.id, { on: { on: true }, dimming: { brightness: 25 } });
    await deviceWhere(registry, id, (d) => d.capabilities.brightness?.value === 25, 2000);
    const after = await registry.command(id, { brightness: 60 });
    expect(after.capabilities.brightness?.value).toBe(60);

    bridge.eventStreamAvailable = true;
    await deviceWhere(registry, id, (d) => d.updateIntervalS === undefined, 3000);
    // Pushed, not polled: the change arrives without the hub reading the resources again.
    const received = recordRequests(bridge);
    bridge.changeLight(light.id, { dimming: { brightness: 10 } });
    await deviceWhere(registry, id, (d) => d.capabilities.brightness?.value === 10, 3000);
    expect(received.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([]);
  });
});
