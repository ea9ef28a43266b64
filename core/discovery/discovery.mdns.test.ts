/**
 * Real mDNS: the hub's browser and discovery against the virtual home's announcements and
 * hand-made hostile answers. Multicast — runs only in `npm run test:mdns` (scripts/netns.sh).
 */
import { Bonjour } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLanDevices, type LanDevices } from '../../sim/lan';
import { ElgatoIntegration } from '../integrations/elgato/integration';
import { HueIntegration } from '../integrations/hue/integration';
import { MemorySecretStore } from '../integrations/secrets';
import { ShellyIntegration } from '../integrations/shelly/integration';
import { WledIntegration } from '../integrations/wled/integration';
import { Registry } from '../registry/registry';
import { assertIsolatedNetwork } from '../util/netns';
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Discovery } from './discovery';
import { MdnsBrowser } from './mdns-browser';
import type { DiscoveryEntry } from '../model';
import { startTestDiscovery } from './test-discovery';

let lan: LanDevices;
let browser: MdnsBrowser;
let discovery: Discovery;
let integrations: { stop(): Promise<void> }[];
let raw: Bonjour;
let announcedAt = 0;

interface RawMdns {
  respond(packet: { answers: unknown[]; additionals?: unknown[] }): void;
}
const rawMdns = () => (raw as unknown as { server: { mdns: RawMdns } }).server.mdns;

function waitForEntry(predicate: (e: DiscoveryEntry) => boolean, timeoutMs = 2000): Promise<DiscoveryEntry> {
  return new Promise((resolve, reject) => {
    const check = () => discovery.list().find(predicate);
    const found = check();
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not in the inbox within ${timeoutMs} ms: ${JSON.stringify(discovery.list())}`));
    }, timeoutMs);
    const off = discovery.events.on('discoveryChanged', 'test', () => {
      const entry = check();
      if (!entry) return;
      clearTimeout(timer);
      off();
      resolve(entry);
    });
  });
}

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  const registry = new Registry({ clock: systemClock, logger: silentLogger });
  const secrets = new MemorySecretStore();
  const list = [
    new ShellyIntegration({ host: registry.hostFor('shelly'), clock: systemClock, secrets }),
    new WledIntegration({ host: registry.hostFor('wled'), clock: systemClock }),
    new HueIntegration({ host: registry.hostFor('hue'), clock: systemClock, secrets }),
    new ElgatoIntegration({ host: registry.hostFor('elgato'), clock: systemClock }),
  ];
  integrations = list;
  discovery = startTestDiscovery(list);
  browser = new MdnsBrowser({
    types: discovery.serviceTypes,
    clock: systemClock,
    logger: silentLogger,
    onEvent: (e) => discovery.onServiceEvent(e),
  });
  browser.start();
  raw = new Bonjour();
  announcedAt = Date.now();
  lan = await startLanDevices({ advertise: true });
});

afterAll(async () => {
  await lan?.stop();
  await browser?.stop();
  discovery?.stop();
  await Promise.all((integrations ?? []).map((i) => i.stop()));
  await new Promise<void>((resolve) => (raw ? raw.destroy(() => resolve()) : resolve()));
});

describe('discovery over real mDNS (loopback-only namespace)', () => {
  it.each([
    ['Shelly plug', (l: LanDevices) => `shelly:${l.devices.shellyPlug.id}`, 'plug'],
    ['Shelly dimmer', (l: LanDevices) => `shelly:${l.devices.shellyDimmer.id}`, 'light'],
    ['WLED', (l: LanDevices) => `wled:${l.devices.wled.state.mac}`, 'light'],
    ['Hue bridge', () => 'hue:001788fffe6a6c72', 'other'],
    ['Elgato', (l: LanDevices) => `elgato:${l.devices.elgato.macAddress.replace(/:/g, '').toLowerCase()}`, 'light'],
  ])('%s is in the inbox within 2 s of its announcement, at the packet’s address', async (_name, idOf, kind) => {
    const entry = await waitForEntry((e) => e.id === idOf(lan), Math.max(100, 2000 - (Date.now() - announcedAt)));
    expect(entry).toMatchObject({ kind, address: '127.0.0.1', source: 'mdns' });
  });

  it('the probe completes what the announcement said (Hue: needs the link button)', async () => {
    expect(await waitForEntry((e) => e.integration === 'hue')).toMatchObject({
      model: 'Hue Bridge (BSB002)',
      needsPairing: true,
    });
    expect(await waitForEntry((e) => e.integration === 'wled' && e.name === 'TV backlight')).toBeDefined();
  });

  it('a goodbye packet removes the device; announcing again brings it back', async () => {
    const elgato = lan.devices.elgato;
    const id = `elgato:${elgato.macAddress.replace(/:/g, '').toLowerCase()}`;
    await waitForEntry((e) => e.id === id);
    await elgato.unadvertise();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still listed after the goodbye')), 2000);
      const check = () => {
        if (discovery.list().some((e) => e.id === id)) return;
        clearTimeout(timer);
        off();
        resolve();
      };
      const off = discovery.events.on('discoveryChanged', 'goodbye', check);
      check();
    });
    elgato.advertise();
    await waitForEntry((e) => e.id === id);
  });

  it('re-announced with a new port: the entry follows', async () => {
    const fqdn = 'wled-c0ffee._wled._tcp.local';
    const announce = (port: number) =>
      rawMdns().respond({
        answers: [{ name: '_wled._tcp.local', type: 'PTR', ttl: 120, data: fqdn }],
        additionals: [
          { name: fqdn, type: 'SRV', ttl: 120, data: { target: 'wled-c0ffee.local', port } },
          { name: fqdn, type: 'TXT', ttl: 120, data: [Buffer.from('mac=aabbccc0ffee')] },
        ],
      });
    announce(8081);
    await waitForEntry((e) => e.id === 'wled:aabbccc0ffee' && e.port === 8081);
    announce(8082);
    await waitForEntry((e) => e.id === 'wled:aabbccc0ffee' && e.port === 8082);
  });

  it('hostile names and TXT (HTML, control characters, 10 kB, invalid UTF-8) are cleaned, not crashing anything', async () => {
    const name = '<img src=x onerror=alert(1)>\u0007\u202eKey\u0000Light';
    const fqdn = `${name}._elg._tcp.local`;
    const big = Array.from({ length: 40 }, (_, i) => Buffer.from(`k${i}=${'x'.repeat(240)}`)); // 10 kB of TXT
    rawMdns().respond({
      answers: [{ name: '_elg._tcp.local', type: 'PTR', ttl: 120, data: fqdn }],
      additionals: [
        { name: fqdn, type: 'SRV', ttl: 120, data: { target: 'evil.local', port: 9 } },
        {
          name: fqdn,
          type: 'TXT',
          ttl: 120,
          data: [
            Buffer.from('id=AA:BB:CC:DD:EE:01'),
            Buffer.concat([Buffer.from('md=<script>'), Buffer.from([0xff, 0xfe, 0x07]), Buffer.from('</script>')]),
            ...big,
          ],
        },
      ],
    });
    // Garbage that is not even a service: must not disturb anything.
    rawMdns().respond({
      answers: [{ name: '_shelly._tcp.local', type: 'PTR', ttl: 120, data: 'x'.repeat(60) + '._shelly._tcp.local' }],
    });
    const entry = await waitForEntry((e) => e.id === 'elgato:aabbccddee01');
    expect(entry.name).toBe('<img src=x onerror=alert(1)>KeyLight');
    expect(entry.model).toBe('<script>\ufffd\ufffd</script>');
    const service = browser.services.find((s) => s.txt.id === 'AA:BB:CC:DD:EE:01')!;
    expect(Object.keys(service.txt).length).toBeLessThanOrEqual(32);
    expect(Object.values(service.txt).every((v) => v.length <= 200)).toBe(true);
    // The real devices are still there.
    expect(discovery.list().length).toBeGreaterThanOrEqual(5);
  });
});
