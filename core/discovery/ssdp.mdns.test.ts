/**
 * SSDP over real multicast: the simulated Sonos player (SSDP only, no mDNS) answers M-SEARCH,
 * the searcher hands it to Discovery like an mDNS `_sonos._tcp` service; a responder whose
 * LOCATION names another host is ignored. Multicast — runs only in `npm run test:mdns`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SonosSpeaker } from '../../sim/lan/sonos';
import { SsdpResponder } from '../../sim/lan/ssdp';
import { SonosIntegration } from '../integrations/sonos/integration';
import { waitFor } from '../integrations/lan/test-support';
import type { DiscoveryEntry } from '../model';
import { Registry } from '../registry/registry';
import { assertIsolatedNetwork } from '../util/netns';
import { systemClock } from '../util/clock';
import { silentLogger, type Logger } from '../util/logger';
import { Discovery } from './discovery';
import { SSDP_TARGETS, ZONE_PLAYER_ST } from './ssdp';
import { SsdpSearcher } from './ssdp-searcher';
import type { ServiceEvent } from './tracker';
import { startTestDiscovery } from './test-discovery';

let speaker: SonosSpeaker;
let rogue: SsdpResponder;
let registry: Registry;
let integration: SonosIntegration;
let discovery: Discovery;
let searcher: SsdpSearcher;
const events: ServiceEvent[] = [];
const debug: string[] = [];
const logger: Logger = { ...silentLogger, debug: (m) => debug.push(m) };

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 3000 });
  integration = new SonosIntegration({ host: registry.hostFor('sonos'), clock: systemClock, callbackHost: '127.0.0.1' });
  registry.addIntegration(integration);
  await integration.start();
  discovery = startTestDiscovery([integration], registry);
  speaker = new SonosSpeaker({ roomName: 'Kitchen', mac: '5CAAFD0D0E0F', ssdp: true });
  await speaker.start();
  // Claims to be a player, but sends the hub elsewhere.
  rogue = new SsdpResponder({
    st: ZONE_PLAYER_ST,
    uuid: 'uuid:RINCON_00000000000001400',
    location: 'http://10.9.8.7:1400/xml/device_description.xml',
  });
  await rogue.start();
  searcher = new SsdpSearcher({
    targets: SSDP_TARGETS,
    clock: systemClock,
    logger,
    onEvent: (e) => {
      events.push(e);
      discovery.onServiceEvent(e);
    },
  });
  await searcher.start();
}, 20_000);

afterAll(async () => {
  await searcher?.stop();
  discovery?.stop();
  await integration?.stop();
  await rogue?.stop();
  await speaker?.stop();
});

describe('SSDP in the loopback-only namespace', () => {
  it('finds the simulated player within 2 s and Discovery lists it as a Sonos speaker', async () => {
    const started = Date.now();
    const id = 'sonos:RINCON_5CAAFD0D0E0F01400';
    await waitFor(() => discovery.list().find((e) => e.id === id), 2000, 'the player in the inbox');
    expect(Date.now() - started).toBeLessThan(2000);
    const entry = await waitFor<DiscoveryEntry>(
      () => discovery.list().find((e) => e.id === id && e.name === 'Kitchen'),
      3000,
      'the probed player',
    );
    expect(entry).toMatchObject({
      integration: 'sonos',
      kind: 'speaker',
      model: 'Sonos One',
      address: '127.0.0.1',
      port: speaker.port,
    });
    expect(searcher.services.find((s) => s.name === 'RINCON_5CAAFD0D0E0F01400')?.txt.household).toBe(
      'Sonos_SimHousehold0123456789',
    );
  });

  it('ignores a response whose LOCATION points to another host (diagnostic log only)', async () => {
    await waitFor(() => rogue.answered > 0 || undefined, 2000, 'the rogue asked');
    await waitFor(() => debug.find((m) => m.includes('10.9.8.7')), 2000, 'the diagnostic');
    expect(events.filter((e) => e.service.addresses.includes('10.9.8.7'))).toEqual([]);
    expect(discovery.list().map((e) => e.id)).toEqual(['sonos:RINCON_5CAAFD0D0E0F01400']);
  });

  it('repeated answers are one service; byebye removes it from the inbox', async () => {
    const ups = events.filter((e) => e.kind === 'up' && e.service.name === 'RINCON_5CAAFD0D0E0F01400');
    expect(ups).toHaveLength(1);
    await speaker.unadvertiseSsdp();
    await waitFor(
      () => (discovery.list().some((e) => e.id === 'sonos:RINCON_5CAAFD0D0E0F01400') ? undefined : true),
      2000,
      'the player gone',
    );
  });
});
