/**
 * The virtual home's first start in a data folder: three days of history and logbook before it, so charts and
 * the logbook have something to show; a restart does not write them again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PAST_DAYS } from './demo';
import { startHub, type Hub } from './hub';
import { tempDataDir } from './store/test-support';
import { silentLogger } from './util/logger';

const DAY = 86_400_000;
const dir = tempDataDir();
const hubs: Hub[] = [];
afterAll(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  dir.remove();
});

async function demoHub(): Promise<Hub> {
  const hub = await startHub(
    { dataDir: dir.dir, embeddedBrokerPort: 0, demo: { scenario: 'home', speed: 1 } },
    { logger: silentLogger },
  );
  hubs.push(hub);
  return hub;
}

describe('the demo’s past days', () => {
  it('are in the history and the logbook at first start, and written only once', async () => {
    const startedAt = Date.now();
    const hub = await demoHub();
    const climateSensor = () => hub.registry.list().find((d) => d.capabilities.temperature && d.capabilities.humidity);
    await expect.poll(climateSensor, { timeout: 15_000 }).toBeDefined();
    const sensor = climateSensor()!;
    const history = await hub.handlers.getHistory({
      device: sensor.id,
      capability: 'temperature',
      from: startedAt - DEMO_PAST_DAYS * DAY,
      to: startedAt,
    });
    const before = history.points.filter((p) => p.at < startedAt - DAY);
    expect(before.length).toBeGreaterThan(50); // 5-minute buckets across the days before
    expect(history.points[0]!.at).toBeLessThan(startedAt - (DEMO_PAST_DAYS - 0.1) * DAY);

    const logbook = await hub.handlers.getLogbook({ to: startedAt - 60_000, limit: 2000 });
    expect(logbook.length).toBeGreaterThan(20);
    expect(logbook.some((e) => /detected someone|no longer detects anyone/.test(e.message) && e.roomId)).toBe(true);

    await hub.stop();
    hubs.splice(hubs.indexOf(hub), 1);
    const again = await demoHub();
    expect((await again.handlers.getLogbook({ to: startedAt - 60_000, limit: 2000 })).length).toBe(logbook.length);
  });
});
