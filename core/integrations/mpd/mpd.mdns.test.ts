/**
 * A real MPD found over real mDNS (`_mpd._tcp`, advertised here with bonjour-service because
 * Debian's mpd may be built without zeroconf), added through discovery and controlled.
 * Multicast — runs only in `npm run test:mdns` (scripts/netns.sh).
 */
import { Bonjour } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Discovery } from '../../discovery/discovery';
import { MdnsBrowser } from '../../discovery/mdns-browser';
import type { DiscoveryEntry } from '../../model';
import { Registry } from '../../registry/registry';
import { startMpd, type TestMpd } from '../../test-support/mpd';
import { assertIsolatedNetwork } from '../../util/netns';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, waitFor } from '../lan/test-support';
import { MemorySecretStore } from '../secrets';
import { MpdIntegration } from './integration';
import { pairsToRecord, parsePairs } from './protocol';
import { startTestDiscovery } from '../../discovery/test-discovery';

let mpd: TestMpd;
let bonjour: Bonjour;
let registry: Registry;
let integration: MpdIntegration;
let discovery: Discovery;
let browser: MdnsBrowser;

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  mpd = await startMpd();
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 3000 });
  integration = new MpdIntegration({
    host: registry.hostFor('mpd'),
    clock: systemClock,
    secrets: new MemorySecretStore(),
    retryBaseMs: 50,
  });
  registry.addIntegration(integration);
  discovery = startTestDiscovery([integration], registry);
  browser = new MdnsBrowser({
    types: discovery.serviceTypes,
    clock: systemClock,
    logger: silentLogger,
    onEvent: (e) => discovery.onServiceEvent(e),
  });
  browser.start();
  bonjour = new Bonjour();
  bonjour.publish({ name: 'Den music', type: 'mpd', protocol: 'tcp', port: mpd.port, disableIPv6: true });
}, 20_000);

afterAll(async () => {
  await browser?.stop();
  discovery?.stop();
  await integration?.stop();
  await new Promise<void>((resolve) => (bonjour ? bonjour.destroy(() => resolve()) : resolve()));
  await mpd?.stop();
});

describe('MPD over real mDNS (loopback-only namespace)', () => {
  it('an announced server is in the inbox, can be added, and plays', async () => {
    const id = `mpd:127.0.0.1-${mpd.port}`;
    const entry = await waitFor<DiscoveryEntry>(
      () => discovery.list().find((e) => e.id === id),
      5000,
      'the MPD server in the inbox',
    );
    expect(entry).toMatchObject({
      integration: 'mpd',
      kind: 'speaker',
      name: 'Den music',
      address: '127.0.0.1',
      port: mpd.port,
      source: 'mdns',
      needsPairing: false,
    });
    const [device] = await discovery.add(id, {});
    expect(device).toMatchObject({ id, kind: 'speaker', name: 'Den music', availability: 'online' });
    await registry.command(id, { media: { action: 'play' } });
    expect(pairsToRecord(parsePairs((await mpd.send('status'))[0]!)).state).toBe('play');
    await mpd.send('pause "1"');
    await deviceWhere(registry, id, (d) => d.capabilities.media?.value.state === 'paused', 500);
  });
});
