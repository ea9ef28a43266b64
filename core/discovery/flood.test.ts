/**
 * A flood of spoofed announcements (the review: 5,000 distinct ones put 629 entries in the inbox and
 * each was probed at once): probes are rate-limited per announcement source, the inbox is capped and
 * forgets stale entries, and the drop is reported once per burst. Probes go to a counting server on
 * 127.0.0.1; the announcements are handed in directly (the multicast side: *.resilience.mdns.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from '../registry/registry';
import { WledIntegration } from '../integrations/wled/integration';
import { ManualClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { Discovery } from './discovery';
import { MemoryDiscoveryRepository } from './repository';
import type { DiscoveredService } from './types';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function countingServer(): Promise<{ port: number; requests: () => number }> {
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests++;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { port: (server.address() as AddressInfo).port, requests: () => requests };
}

function setup(options: { inboxLimit?: number } = {}) {
  const clock = new ManualClock(1_000_000);
  const lines: { level: string; message: string }[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
  const registry = new Registry({ clock, logger, confirmTimeoutMs: 2000 });
  const wled = new WledIntegration({ clock, host: registry.hostFor('wled'), timeoutMs: 1000 });
  registry.addIntegration(wled);
  const diagnostics: string[] = [];
  const discovery = new Discovery({
    integrations: [wled],
    repository: new MemoryDiscoveryRepository(),
    clock,
    logger,
    assign: () => undefined,
    device: (id) => registry.get(id),
    diagnostic: (message) => diagnostics.push(message),
    ...options,
  });
  discovery.start();
  cleanups.push(async () => {
    discovery.stop();
    await wled.stop();
  });
  return { discovery, clock, lines, diagnostics };
}

const spoofed = (i: number, port: number, source = '192.168.1.66'): DiscoveredService => {
  const mac = (0x10000000 + i).toString(16).padStart(12, '0');
  return {
    fqdn: `wled-${mac}._wled._tcp.local`,
    name: `wled-${mac}`,
    type: 'wled',
    addresses: ['127.0.0.1'],
    port,
    txt: { mac },
    source,
  };
};

describe('a flood of spoofed announcements', () => {
  it('5,000 from one source: at most 200 inbox entries, probes rate-limited, the drop said once', async () => {
    const target = await countingServer();
    const { discovery, lines, diagnostics } = setup();
    for (let i = 0; i < 5000; i++) discovery.onServiceEvent({ kind: 'up', service: spoofed(i, target.port) });
    expect(discovery.list()).toHaveLength(200);
    // The probes that were allowed have landed; the rest were never sent.
    await expect.poll(() => target.requests(), { timeout: 3000 }).toBeGreaterThan(0);
    expect(target.requests()).toBeLessThanOrEqual(10);
    const dropped = lines.filter((l) => /dropped/i.test(l.message));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ level: 'warn', message: expect.stringContaining('200') });
    expect(diagnostics).toHaveLength(1);
  });

  it('another source still gets its probes while one source is limited', async () => {
    const target = await countingServer();
    const { discovery } = setup();
    for (let i = 0; i < 50; i++) discovery.onServiceEvent({ kind: 'up', service: spoofed(i, target.port) });
    await expect.poll(() => target.requests(), { timeout: 3000 }).toBe(10);
    discovery.onServiceEvent({ kind: 'up', service: spoofed(999, target.port, '192.168.1.20') });
    await expect.poll(() => target.requests(), { timeout: 3000 }).toBe(11);
  });

  it('forgets stale entries to make room, and says again about a later burst', async () => {
    const target = await countingServer();
    const { discovery, clock, lines } = setup({ inboxLimit: 20 });
    for (let i = 0; i < 30; i++) discovery.onServiceEvent({ kind: 'up', service: spoofed(i, target.port) });
    expect(discovery.list()).toHaveLength(20);
    clock.advance(16 * 60_000);
    for (let i = 100; i < 130; i++) discovery.onServiceEvent({ kind: 'up', service: spoofed(i, target.port) });
    const names = discovery.list().map((e) => e.id);
    expect(names).toHaveLength(20);
    expect(names.every((id) => Number.parseInt(id.slice(-8), 16) - 0x10000000 >= 100)).toBe(true);
    expect(lines.filter((l) => /dropped/i.test(l.message))).toHaveLength(2);
  });
});
