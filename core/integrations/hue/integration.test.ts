/**
 * Against the virtual home's Hue bridge over real HTTPS (self-signed) and SSE on 127.0.0.1:
 * link-button pairing (pressed / not pressed), exact CLIP v2 requests, eventstream push,
 * offline/online, and the pinned certificate.
 */
import { X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HueBridge } from '../../../sim/lan/hue';
import type { AddedDevice, Candidate } from '../../discovery/types';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, recordRequests, type Received } from '../lan/test-support';
import { MemorySecretStore } from '../secrets';
import { HueIntegration } from './integration';

let registry: Registry;
let integration: HueIntegration;
let secrets: MemorySecretStore;
let bridge: HueBridge;
let received: Received[];
const extra: HueBridge[] = [];

beforeEach(async () => {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  secrets = new MemorySecretStore();
  integration = new HueIntegration({
    host: registry.hostFor('hue'),
    clock: systemClock,
    secrets,
    pairWindowMs: 400,
    pairIntervalMs: 100,
    retryBaseMs: 50,
    timeoutMs: 1000,
  });
  registry.addIntegration(integration);
  bridge = new HueBridge();
  received = recordRequests(bridge);
  await bridge.start();
});

afterEach(async () => {
  await integration.stop();
  await bridge.stop();
  await Promise.all(extra.splice(0).map((b) => b.stop()));
});

const fingerprintOf = (b: HueBridge) => new X509Certificate(b.certificate!.cert).fingerprint256;

async function pairAndAdd(): Promise<{ candidate: Candidate; added: AddedDevice; ids: string[] }> {
  const candidate = (await integration.probe('127.0.0.1', bridge.port))!;
  bridge.pressLinkButton();
  const result = await integration.pair(candidate);
  if (!result.ok) throw new Error(result.message);
  const added: AddedDevice = { ...candidate, id: `hue:${candidate.uniqueId}`, addedAt: 0, data: result.data };
  const ids = await integration.manage(added, { waitMs: 3000 });
  return { candidate, added, ids };
}

const lightId = (key: string) => bridge.resourcesOf('light').find((l) => (l.metadata as { name: string }).name === key)!.id;

describe('Hue integration against the simulated bridge', () => {
  it('probe: a bridge that needs the link button', async () => {
    expect(await integration.probe('127.0.0.1', bridge.port)).toMatchObject({
      integration: 'hue',
      uniqueId: '001788fffe6a6c72',
      kind: 'other',
      model: 'Hue Bridge (BSB002)',
      needsPairing: true,
      pairingHint: 'Press the link button on the bridge, then click Pair',
    });
  });

  it('pairing without the button pressed fails with a clear message', async () => {
    const candidate = (await integration.probe('127.0.0.1', bridge.port))!;
    const result = await integration.pair(candidate);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/^The link button was not pressed\. Press the round button/),
    });
    const posts = received.filter((r) => r.method === 'POST' && r.path === '/api');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts[0]!.json()).toEqual({ devicetype: 'homeroom#hub', generateclientkey: true });
  });

  it('pairing with the button pressed stores the key as a secret and pins the certificate', async () => {
    const { added, ids } = await pairAndAdd();
    expect(secrets.get('hue:001788fffe6a6c72:appKey')).toMatch(/^[\w-]{20,}$/);
    expect(added.data?.certFingerprint).toBe(fingerprintOf(bridge));
    expect(ids).toHaveLength(4); // two lights, the room's group, the motion sensor
    const sensor = registry.list().find((d) => d.kind === 'sensor')!;
    expect(Object.keys(sensor.capabilities).sort()).toEqual(['illuminance', 'motion', 'temperature']);
    expect(registry.get(`hue:${lightId('Living room lamp')}`)).toMatchObject({
      name: 'Living room lamp',
      model: 'Hue color lamp',
      availability: 'online',
    });
    const requests = received.filter((r) => r.path.startsWith('/clip/'));
    expect(requests.every((r) => r.headers['hue-application-key'] === secrets.get('hue:001788fffe6a6c72:appKey'))).toBe(true);
  });

  it.each([
    ['on', { power: true }, { on: { on: true } }],
    ['brightness', { brightness: 40 }, { dimming: { brightness: 40 } }],
    ['colour temperature', { colorTemperature: 2700 }, { color_temperature: { mirek: 370 } }],
    ['colour', { color: { hue: 240, saturation: 100 } }, { color: { xy: { x: 0.15, y: 0.06 } } }],
  ])('light %s: the exact PUT, confirmed through the eventstream', async (_name, command, body) => {
    await pairAndAdd();
    const id = lightId('Living room lamp');
    await registry.command(`hue:${id}`, command);
    const puts = received.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.path, r.json()])).toEqual([[`/clip/v2/resource/light/${id}`, body]]);
  });

  it('grouped light: one PUT to the room’s grouped_light', async () => {
    await pairAndAdd();
    const group = bridge.resourcesOf('grouped_light')[0]!.id;
    await registry.command(`hue:${group}`, { power: true });
    expect(received.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/clip/v2/resource/grouped_light/${group}`]);
    expect(
      registry
        .list()
        .filter((d) => d.kind === 'light' && d.id !== `hue:${group}`)
        .every((d) => d.capabilities.power?.value === true),
    ).toBe(true);
  });

  it('changes made elsewhere and sensors are pushed within 500 ms', async () => {
    await pairAndAdd();
    const id = lightId('Living room ceiling');
    bridge.changeLight(id, { on: { on: true }, dimming: { brightness: 25 } });
    await deviceWhere(
      registry,
      `hue:${id}`,
      (d) => d.capabilities.power?.value === true && d.capabilities.brightness?.value === 25,
      500,
    );
    const sensor = registry.list().find((d) => d.kind === 'sensor')!.id;
    bridge.setMotion(true);
    await deviceWhere(registry, sensor, (d) => d.capabilities.motion?.value === true, 500);
    bridge.setIlluminance(250);
    await deviceWhere(registry, sensor, (d) => Math.abs((d.capabilities.illuminance?.value ?? 0) - 250) <= 1, 500);
    bridge.setTemperature(19.5);
    await deviceWhere(registry, sensor, (d) => d.capabilities.temperature?.value === 19.5, 500);
  });

  it('a bridge that stops answering: every device offline with the reason, and back', async () => {
    const { ids } = await pairAndAdd();
    await bridge.setOnline(false);
    for (const id of ids) {
      const d = await deviceWhere(registry, id, (x) => x.availability === 'offline', 2000);
      expect(d.availabilityReason).toMatch(/^The Hue bridge at 127\.0\.0\.1:\d+ /);
    }
    await bridge.setOnline(true);
    for (const id of ids) await deviceWhere(registry, id, (x) => x.availability === 'online', 3000);
  });

  it('refuses a bridge whose certificate changed since pairing, and says why', async () => {
    const { added, ids } = await pairAndAdd();
    const port = bridge.port;
    await bridge.stop();
    // Same bridge id and address, another key: what an impostor (or a reset bridge) looks like.
    const impostor = new HueBridge({ port, appKeys: [secrets.get('hue:001788fffe6a6c72:appKey')!] });
    extra.push(impostor);
    const seen = recordRequests(impostor);
    await impostor.start();
    expect(fingerprintOf(impostor)).not.toBe(added.data?.certFingerprint);
    const offline = await deviceWhere(registry, ids[0]!, (d) => /different certificate/.test(d.availabilityReason ?? ''), 3000);
    expect(offline.availability).toBe('offline');
    expect(registry.listDiagnostics()[0]).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/different certificate than when it was paired/),
    });
    expect(seen).toEqual([]); // the application key was never sent to it
    // A new hub process that remembers the pin refuses it too.
    await integration.stop();
    await expect(integration.manage(added, { waitMs: 1000 })).rejects.toThrow(/different certificate/);
    expect(seen).toEqual([]);
  });
});
