/**
 * The simulated Sonos player found over real mDNS (`_sonos._tcp`, `RINCON_…@Room`), probed,
 * added through discovery and controlled. Multicast — runs only in `npm run test:mdns`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SonosSpeaker } from '../../../sim/lan/sonos';
import { Discovery } from '../../discovery/discovery';
import { MdnsBrowser } from '../../discovery/mdns-browser';
import type { DiscoveryEntry } from '../../model';
import { Registry } from '../../registry/registry';
import { assertIsolatedNetwork } from '../../util/netns';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { waitFor } from '../lan/test-support';
import { SonosIntegration } from './integration';
import { startTestDiscovery } from '../../discovery/test-discovery';

let speaker: SonosSpeaker;
let registry: Registry;
let integration: SonosIntegration;
let discovery: Discovery;
let browser: MdnsBrowser;

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 3000 });
  integration = new SonosIntegration({
    host: registry.hostFor('sonos'),
    clock: systemClock,
    callbackHost: '127.0.0.1',
    retryBaseMs: 50,
  });
  registry.addIntegration(integration);
  await integration.start();
  discovery = startTestDiscovery([integration], registry);
  browser = new MdnsBrowser({
    types: discovery.serviceTypes,
    clock: systemClock,
    logger: silentLogger,
    onEvent: (e) => discovery.onServiceEvent(e),
  });
  browser.start();
  speaker = new SonosSpeaker({ roomName: 'Study', mac: '5CAAFD0A0B0C', advertise: true });
  await speaker.start();
}, 20_000);

afterAll(async () => {
  await browser?.stop();
  discovery?.stop();
  await integration?.stop();
  await speaker?.stop();
});

describe('Sonos over real mDNS (loopback-only namespace)', () => {
  it('an announced player is in the inbox with its model, can be added, and plays', async () => {
    const id = 'sonos:RINCON_5CAAFD0A0B0C01400';
    const entry = await waitFor<DiscoveryEntry>(
      () => discovery.list().find((e) => e.id === id && e.model === 'Sonos One'),
      5000,
      'the player in the inbox',
    );
    expect(entry).toMatchObject({
      integration: 'sonos',
      kind: 'speaker',
      name: 'Study',
      address: '127.0.0.1',
      port: speaker.port,
      source: 'mdns',
    });
    const [device] = await discovery.add(id, {});
    expect(device).toMatchObject({ id, kind: 'speaker', name: 'Study', availability: 'online' });
    await registry.command(id, { media: { action: 'play' } });
    expect(speaker.state.transport).toBe('PLAYING');
  });
});
