/** Against the virtual home's Sonos-like speaker (SOAP + GENA over real HTTP on 127.0.0.1). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SonosSpeaker } from '../../../sim/lan/sonos';
import { soapResponse } from '../../../sim/lan/sonos-soap';
import { Registry } from '../../registry/registry';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere, waitFor } from '../lan/test-support';
import type { SonosManagedDevice } from './device';
import { SonosIntegration, type SonosIntegrationOptions } from './integration';
import { ZGT } from './soap';
import { recordedRequest } from './test-support';

interface Wire {
  method: string;
  path: string;
  /** The request line and headers exactly as sent, minus those Node's client adds after ours. */
  raw: string[];
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Records every request to the speaker with its raw header lines (names as sent, in order). */
function wiretap(speaker: SonosSpeaker, override?: (req: IncomingMessage, res: ServerResponse, body: string) => boolean): Wire[] {
  const target = speaker as unknown as { handle: Handler };
  const original = target.handle.bind(speaker);
  const wire: Wire[] = [];
  target.handle = async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const body = Buffer.concat(chunks).toString('utf8');
    const raw = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) raw.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    wire.push({ method: req.method ?? '', path: req.url ?? '', raw, headers: req.headers, body });
    if (override?.(req, res, body)) return;
    const { Readable } = await import('node:stream');
    const replay = Object.assign(Readable.from([Buffer.from(body)]), {
      method: req.method,
      url: req.url,
      headers: req.headers,
      socket: req.socket,
    });
    return original(replay as unknown as IncomingMessage, res);
  };
  return wire;
}

let registry: Registry;
let integration: SonosIntegration;
const speakers: SonosSpeaker[] = [];

async function setup(options: Partial<SonosIntegrationOptions> = {}) {
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 2000 });
  integration = new SonosIntegration({
    host: registry.hostFor('sonos'),
    clock: systemClock,
    callbackHost: '127.0.0.1',
    retryBaseMs: 50,
    timeoutMs: 1000,
    heartbeatMs: 150,
    pollMs: 100,
    pushRetryBaseMs: 100,
    ...options,
  });
  registry.addIntegration(integration);
  await integration.start();
}
async function speaker(options: ConstructorParameters<typeof SonosSpeaker>[0] = {}) {
  const s = new SonosSpeaker(options);
  speakers.push(s);
  return s;
}
const managed = (id: string) => (integration as unknown as { managed: Map<string, SonosManagedDevice> }).managed.get(id)!;

beforeEach(() => setup());
afterEach(async () => {
  await integration.stop();
  await Promise.all(speakers.splice(0).map((s) => s.stop()));
});

const media = (id: string) => registry.get(id)?.capabilities.media?.value;
const soapCalls = (wire: Wire[]) => wire.filter((w) => w.method === 'POST');

describe('Sonos integration against the simulated speaker', () => {
  it('adds a player by URL: description, full state, and a speaker device', async () => {
    const s = await speaker({ roomName: 'Living Room', mac: '347E5C0F1A2B' });
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    expect(id).toBe('sonos:RINCON_347E5C0F1A2B01400');
    expect(registry.get(id)).toMatchObject({
      name: 'Living Room',
      kind: 'speaker',
      manufacturer: 'Sonos',
      model: 'Sonos One',
      availability: 'online',
      capabilities: {
        media: {
          value: {
            state: 'stopped',
            volume: 20,
            muted: false,
            track: { title: 'Morning Light', artist: 'The Simulators', album: 'Virtual Home', durationS: 205 },
          },
        },
      },
    });
    expect(managed(id).mode).toBe('events');
  });

  it.each([
    ['Play', { action: 'play' }, 'request-AVTransport-Play.http'],
    ['Pause', { action: 'pause' }, 'request-AVTransport-Pause.http'],
    ['Stop', { action: 'stop' }, 'request-AVTransport-Stop.http'],
    ['SetVolume', { volume: 40 }, 'request-RenderingControl-SetVolume.http'],
    ['SetMute', { muted: true }, 'request-RenderingControl-SetMute.http'],
  ] as const)('%s goes out exactly as recorded and is confirmed', async (_action, command, file) => {
    const s = await speaker();
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    if ('action' in command && command.action !== 'play') await registry.command(id, { media: { action: 'play' } });
    const wire = wiretap(s);
    await registry.command(id, { media: command });
    const expected = recordedRequest(file);
    const sent = soapCalls(wire)[0]!;
    expect(sent.raw.slice(0, 5)).toEqual([
      expected.requestLine,
      ...expected.headers.map((h) => h.replace('<ip>:1400', `127.0.0.1:${s.port}`)),
    ]);
    expect(sent.body).toBe(expected.body);
    expect(soapCalls(wire)).toHaveLength(1); // confirmed by the event, not resent
  });

  it('GetTransportInfo and GetVolume (reading the state) go out exactly as recorded', async () => {
    const s = await speaker();
    const wire = wiretap(s);
    await s.start();
    await integration.addSonosPlayer(s.url);
    for (const file of ['request-AVTransport-GetTransportInfo.http', 'request-RenderingControl-GetVolume.http']) {
      const expected = recordedRequest(file);
      const sent = soapCalls(wire).find((w) => w.body === expected.body);
      expect(sent?.raw.slice(0, 5)).toEqual([
        expected.requestLine,
        ...expected.headers.map((h) => h.replace('<ip>:1400', `127.0.0.1:${s.port}`)),
      ]);
    }
    // GetPositionInfo and GetMute, which have no recording: the same template
    expect(soapCalls(wire).map((w) => w.headers.soapaction)).toEqual(
      expect.arrayContaining([
        'urn:schemas-upnp-org:service:AVTransport:1#GetPositionInfo',
        'urn:schemas-upnp-org:service:RenderingControl:1#GetMute',
      ]),
    );
    expect(soapCalls(wire).find((w) => w.headers.soapaction?.toString().endsWith('#GetMute'))?.body).toContain(
      '<u:GetMute xmlns:u="urn:schemas-upnp-org:service:RenderingControl:1"><InstanceID>0</InstanceID><Channel>Master</Channel></u:GetMute>',
    );
  });

  it('Next and Previous move through the queue (SoCo’s InstanceID + Speed)', async () => {
    const s = await speaker();
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    const wire = wiretap(s);
    await registry.command(id, { media: { action: 'next' } });
    await deviceWhere(registry, id, () => media(id)?.track?.title === 'Quiet Room');
    expect(soapCalls(wire)[0]!.body).toContain(
      '<u:Next xmlns:u="urn:schemas-upnp-org:service:AVTransport:1"><InstanceID>0</InstanceID><Speed>1</Speed></u:Next>',
    );
    await registry.command(id, { media: { action: 'previous' } });
    await deviceWhere(registry, id, () => media(id)?.track?.title === 'Morning Light');
    // At the start of the queue the player answers 701: a failure in words
    await expect(registry.command(id, { media: { action: 'previous' } })).rejects.toThrow(/cannot do that now/);
  });

  it('pushes the speaker’s own changes through GENA events', async () => {
    const s = await speaker();
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    s.pressButton();
    await deviceWhere(registry, id, () => media(id)?.state === 'playing', 500);
    s.setVolume(63);
    await deviceWhere(registry, id, () => media(id)?.volume === 63, 500);
  });

  it('subscribes with a CALLBACK, renews with the SID before TIMEOUT, and unsubscribes on stop', async () => {
    await integration.stop();
    await setup({ subscriptionTimeoutS: 2, heartbeatMs: 10_000 });
    const s = await speaker();
    const wire = wiretap(s);
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    const subscribes = () => wire.filter((w) => w.method === 'SUBSCRIBE');
    expect(subscribes()).toHaveLength(2);
    for (const sub of subscribes()) {
      expect(sub.headers).toMatchObject({
        nt: 'upnp:event',
        timeout: 'Second-2',
        callback: expect.stringMatching(/^<http:\/\/127\.0\.0\.1:\d+\/gena\/[0-9a-f]{24}>$/),
      });
      expect(sub.headers.sid).toBeUndefined();
    }
    expect(s.subscriptionCount).toBe(2);
    const renewals = await waitFor(() => (subscribes().length >= 4 ? subscribes().slice(2) : undefined), 3000, 'renewals');
    for (const renewal of renewals) {
      expect(renewal.headers.sid).toMatch(/^uuid:RINCON_/);
      expect(renewal.headers.callback).toBeUndefined();
      expect(renewal.headers.nt).toBeUndefined();
    }
    // The second renewals come after the first TIMEOUT ran out: the player still knows the SIDs, and events still arrive
    const second = await waitFor(() => (subscribes().length >= 6 ? subscribes().slice(4) : undefined), 3000, 'renewals');
    expect(second.map((r) => r.headers.sid).sort()).toEqual(renewals.map((r) => r.headers.sid).sort());
    expect(s.subscriptionCount).toBe(2);
    s.setVolume(44);
    await deviceWhere(registry, id, () => media(id)?.volume === 44, 500);
    await integration.stop();
    expect(wire.filter((w) => w.method === 'UNSUBSCRIBE').map((w) => w.headers.sid)).toHaveLength(2);
    expect(s.subscriptionCount).toBe(0);
  });

  it('falls back to polling when the player refuses event subscriptions, says so, and subscribes again later', async () => {
    const s = await speaker();
    let refuse = true;
    wiretap(s, (req, res) => {
      if (req.method !== 'SUBSCRIBE' || !refuse) return false;
      res.writeHead(503, { 'Content-Length': 0 }).end();
      return true;
    });
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    expect(managed(id).mode).toBe('polling');
    expect(registry.get(id)?.updateIntervalS).toBe(0.1);
    s.pressButton();
    await deviceWhere(registry, id, () => media(id)?.state === 'playing', 1000);
    await registry.command(id, { media: { volume: 12 } });
    expect(s.state.volume).toBe(12);
    refuse = false;
    await deviceWhere(registry, id, (d) => d.updateIntervalS === undefined, 3000);
    expect(managed(id).mode).toBe('events');
    expect(registry.get(id)?.availability).toBe('online');
  });

  it('a speaker that disappears goes offline with the reason and comes back', async () => {
    const s = await speaker();
    await s.start();
    const id = await integration.addSonosPlayer(s.url);
    await s.setOnline(false);
    const down = await deviceWhere(registry, id, (d) => d.availability === 'offline', 2000);
    expect(down.availabilityReason).toMatch(
      new RegExp(`^The Sonos player at 127\\.0\\.0\\.1:${s.port} (refused|dropped) the connection`),
    );
    await expect(registry.command(id, { media: { action: 'play' } })).rejects.toThrow(/offline/);
    await s.setOnline(true);
    await deviceWhere(registry, id, (d) => d.availability === 'online', 3000);
    s.setVolume(71);
    await deviceWhere(registry, id, () => media(id)?.volume === 71, 1000); // re-subscribed
  });

  it('a grouped player sends transport commands to its coordinator, volume to itself', async () => {
    const coordinator = await speaker({ roomName: 'Living Room', mac: '000000000001' });
    await coordinator.start();
    const member = await speaker({ roomName: 'Kitchen', mac: '000000000002' });
    // The simulator has no ZoneGroupTopology: answer it the way a grouped Sonos does.
    wiretap(member, (req, res, body) => {
      if (req.url !== '/ZoneGroupTopology/Control' || !body.includes('GetZoneGroupState')) return false;
      const state =
        `<ZoneGroupState><ZoneGroups><ZoneGroup Coordinator="${coordinator.udn}" ID="${coordinator.udn}:1">` +
        `<ZoneGroupMember UUID="${coordinator.udn}" Location="${coordinator.url}/xml/device_description.xml" ZoneName="Living Room"/>` +
        `<ZoneGroupMember UUID="${member.udn}" Location="${member.url}/xml/device_description.xml" ZoneName="Kitchen"/>` +
        '</ZoneGroup></ZoneGroups></ZoneGroupState>';
      const xml = soapResponse(ZGT, 'GetZoneGroupState', { ZoneGroupState: state });
      res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"', 'Content-Length': Buffer.byteLength(xml) }).end(xml);
      return true;
    });
    await member.start();
    const id = await integration.addSonosPlayer(member.url);
    expect(registry.get(id)?.attributes).toEqual({ groupCoordinator: coordinator.udn });
    await integration.sendCommand(id, { media: { action: 'play', volume: 35 } });
    expect(coordinator.state.transport).toBe('PLAYING');
    expect(member.state.transport).toBe('STOPPED');
    expect(member.state.volume).toBe(35);
    expect(coordinator.state.volume).toBe(20);
  });
});
