/**
 * A simulated Philips Hue bridge: HTTPS (self-signed) with the link-button pairing of
 * `POST /api`, unauthenticated `GET /api/config`, CLIP v2 `/clip/v2/resource/...` behind the
 * `hue-application-key` header, and the SSE eventstream `/eventstream/clip/v2` emitting
 * `update` events shaped like protocols/hue/eventstream-sse-real-capture.txt.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Timer } from '../../core/util/clock';
import type { MdnsService } from './advertiser';
import { LanDevice, type LanDeviceOptions } from './device';
import { parseJson, readBody, requestUrl, sendJson, isObject } from './http';
import { applyLightPut } from './hue-clip';
import { selfSignedCertificate, type SelfSigned } from './hue-cert';
import { buildResources, DEFAULT_LIGHTS, type LightSpec, type Resource } from './hue-resources';

export interface HueOptions extends LanDeviceOptions {
  /** 16 hex digits, e.g. 001788fffe6a6c72 (the MAC with fffe in the middle). */
  bridgeId?: string;
  /** Serve plain HTTP instead of HTTPS (the real bridge only answers CLIP v2 over HTTPS). */
  tls?: boolean;
  lights?: LightSpec[];
  /** App keys that are already paired. */
  appKeys?: string[];
  /** The bridge's certificate (default: a new one): the same bridge at another address presents the same. */
  certificate?: SelfSigned;
}

const LINK_WINDOW_MS = 30_000;
type Obj = Record<string, unknown>;

export class HueBridge extends LanDevice {
  readonly bridgeId: string;
  readonly certificate: SelfSigned | undefined;
  /** Whether `/eventstream/clip/v2` is served (off: 503, as a bridge whose event stream is overloaded). */
  eventStreamAvailable = true;
  private readonly resources: Resource[];
  private readonly appKeys: Set<string>;
  private linkTimer: Timer | undefined;
  private linkOpen = false;
  private readonly streams = new Set<ServerResponse>();
  private eventSecond = 0;
  private eventSeq = 0;

  constructor(options: HueOptions = {}) {
    const bridgeId = (options.bridgeId ?? '001788fffe6a6c72').toLowerCase();
    const certificate = options.tls === false ? undefined : (options.certificate ?? selfSignedCertificate(bridgeId));
    super(options, certificate);
    this.bridgeId = bridgeId;
    this.certificate = certificate;
    this.resources = buildResources(bridgeId, options.lights ?? DEFAULT_LIGHTS);
    this.appKeys = new Set(options.appKeys ?? []);
  }

  mdnsServices(): MdnsService[] {
    return [
      {
        name: `Hue Bridge - ${this.bridgeId.slice(-6).toUpperCase()}`,
        type: 'hue',
        port: this.port,
        txt: { bridgeid: this.bridgeId, modelid: 'BSB002' },
      },
    ];
  }

  /** The physical link button: pairing (`POST /api`) succeeds for the next 30 s. */
  pressLinkButton(): void {
    if (this.linkTimer) this.clock.clearTimeout(this.linkTimer);
    this.linkOpen = true;
    this.linkTimer = this.clock.setTimeout(() => {
      this.linkOpen = false;
      this.linkTimer = undefined;
    }, LINK_WINDOW_MS);
  }

  get linkButtonActive(): boolean {
    return this.linkOpen;
  }

  resourcesOf(type: string): Resource[] {
    return this.resources.filter((r) => r.type === type);
  }

  resource(id: string): Resource | undefined {
    return this.resources.find((r) => r.id === id);
  }

  /** A person in front of the sensor (or gone). */
  setMotion(motion: boolean): void {
    const r = this.resourcesOf('motion')[0]!;
    const changed = this.isoNow(true);
    r.motion = { motion, motion_report: { changed, motion }, motion_valid: true };
    this.emit(r, { motion: r.motion });
  }

  setTemperature(celsius: number): void {
    const r = this.resourcesOf('temperature')[0]!;
    r.temperature = {
      temperature: celsius,
      temperature_report: { changed: this.isoNow(true), temperature: celsius },
      temperature_valid: true,
    };
    this.emit(r, { temperature: r.temperature });
  }

  /** Lux → the sensor's `light_level` = 10000·log10(lux) + 1. */
  setIlluminance(lux: number): void {
    const r = this.resourcesOf('light_level')[0]!;
    const level = Math.round(10000 * Math.log10(Math.max(lux, 0) + 1) + 1);
    r.light = {
      light_level: level,
      light_level_report: { changed: this.isoNow(true), light_level: level },
      light_level_valid: true,
    };
    this.emit(r, { light: r.light });
  }

  /** A change made elsewhere (the Hue app, a dimmer switch): applied and announced like a PUT. */
  changeLight(id: string, body: Obj): void {
    const light = this.resource(id);
    if (!light || light.type !== 'light') throw new Error(`no light ${id}`);
    const result = applyLightPut(light, body);
    if (!result.ok) throw new Error(result.error);
    this.afterLightChange(light, result.changed);
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname.replace(/\/$/, '');
    if (path === '/api' && req.method === 'POST') return this.pair(req, res);
    if (path === '/api/config' && req.method === 'GET') return sendJson(res, 200, this.config());
    if (path.startsWith('/clip/v2/') || path === '/eventstream/clip/v2') {
      const key = req.headers['hue-application-key'];
      if (typeof key !== 'string' || !this.appKeys.has(key))
        return sendJson(res, 403, { errors: [{ description: 'unauthorized user' }], data: [] });
      if (path === '/eventstream/clip/v2')
        return this.eventStreamAvailable ? this.openStream(req, res) : sendJson(res, 503, { errors: [], data: [] });
      return this.clip(req, res, path.slice('/clip/v2/'.length).split('/'));
    }
    sendJson(res, 404, { errors: [{ description: 'Not Found' }], data: [] });
  }

  /** `GET /api/config` needs no key (aiohue discovery reads `bridgeid` from it). */
  private config() {
    const mac = `${this.bridgeId.slice(0, 6)}${this.bridgeId.slice(10)}`.match(/../g)!.join(':');
    return {
      name: 'Hue Bridge',
      datastoreversion: '166',
      swversion: '1967054020',
      apiversion: '1.67.0',
      mac,
      bridgeid: this.bridgeId.toUpperCase(),
      factorynew: false,
      replacesbridgeid: null,
      modelid: 'BSB002',
      starterkitid: '',
    };
  }

  private async pair(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parseJson(await readBody(req));
    if (body === undefined)
      return sendJson(res, 200, [{ error: { type: 2, address: '', description: 'body contains invalid json' } }]);
    if (!isObject(body) || typeof body.devicetype !== 'string') {
      return sendJson(res, 200, [{ error: { type: 5, address: '/', description: 'invalid/missing parameters in body' } }]);
    }
    if (!this.linkOpen)
      return sendJson(res, 200, [{ error: { type: 101, address: '', description: 'link button not pressed' } }]);
    const username = randomBytes(30).toString('base64url').slice(0, 40);
    this.appKeys.add(username);
    const success: Obj = { username };
    if (body.generateclientkey === true) success.clientkey = randomBytes(16).toString('hex').toUpperCase();
    sendJson(res, 200, [{ success }]);
  }

  private async clip(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const [resource, type, id, ...rest] = parts;
    const notFound = () => sendJson(res, 404, { errors: [{ description: 'Not Found' }], data: [] });
    if (resource !== 'resource' || rest.length) return notFound();
    if (req.method === 'GET') {
      const matches = this.resources.filter((r) => (!type || r.type === type) && (!id || r.id === id));
      if ((id || type) && matches.length === 0 && (id || !KNOWN_TYPES.has(type!))) return notFound();
      return sendJson(res, 200, { errors: [], data: matches });
    }
    if (req.method === 'PUT' && id && (type === 'light' || type === 'grouped_light')) {
      const target = this.resource(id);
      if (!target || target.type !== type) return notFound();
      const body = parseJson(await readBody(req));
      const lights = type === 'light' ? [target] : this.lightsOfGroup(target);
      // A group passes each field to the lights that can take it (colour skips ambiance bulbs).
      const results = lights.map((light) => ({ light, result: applyLightPut(light, body) }));
      const failed = results.find((r) => !r.result.ok);
      if (failed && (type === 'light' || results.every((r) => !r.result.ok)) && !failed.result.ok) {
        return sendJson(res, 400, { data: [], errors: [{ description: failed.result.error }] });
      }
      for (const { light, result } of results) if (result.ok) this.afterLightChange(light, result.changed);
      return sendJson(res, 200, { data: [{ rid: id, rtype: type }], errors: [] });
    }
    sendJson(res, 405, { errors: [{ description: 'method not allowed' }], data: [] });
  }

  private lightsOfGroup(group: Resource): Resource[] {
    const room = this.resource((group.owner as { rid: string }).rid);
    const devices = new Set(((room?.children ?? []) as { rid: string }[]).map((c) => c.rid));
    return this.resourcesOf('light').filter((l) => devices.has((l.owner as { rid: string }).rid));
  }

  /** Emits the light's update, then the room's grouped_light if its aggregate changed. */
  private afterLightChange(light: Resource, changed: Obj): void {
    if (!Object.keys(changed).length) return;
    this.emit(light, changed);
    for (const group of this.resourcesOf('grouped_light')) {
      const lights = this.lightsOfGroup(group);
      if (!lights.includes(light)) continue;
      const on = lights.some((l) => (l.on as Obj).on === true);
      const lit = lights.filter((l) => (l.on as Obj).on === true).map((l) => (l.dimming as Obj).brightness as number);
      const brightness = lit.length ? Math.round((lit.reduce((a, b) => a + b, 0) / lit.length) * 100) / 100 : 0;
      const delta: Obj = {};
      if ((group.on as Obj).on !== on) delta.on = { on };
      if ((group.dimming as Obj).brightness !== brightness) delta.dimming = { brightness };
      group.on = { on };
      group.dimming = { brightness };
      if (Object.keys(delta).length) this.emit(group, delta);
    }
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': hi\n\n');
    this.streams.add(res);
    req.socket.setKeepAlive(true);
    res.on('close', () => this.streams.delete(res));
  }

  /** One SSE message per change: `id: <epoch s>:<n>` and an `update` event with sorted keys. */
  private emit(resource: Resource, changed: Obj): void {
    const partial: Obj = { ...changed, id: resource.id, owner: resource.owner, type: resource.type };
    if (resource.id_v1) partial.id_v1 = resource.id_v1;
    const sorted = Object.fromEntries(Object.entries(partial).sort(([a], [b]) => a.localeCompare(b)));
    const second = Math.floor(this.clock.now() / 1000);
    this.eventSeq = second === this.eventSecond ? this.eventSeq + 1 : 0;
    this.eventSecond = second;
    const event = [{ creationtime: this.isoNow(false), data: [sorted], id: randomUUID(), type: 'update' }];
    const text = `id: ${second}:${this.eventSeq}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const stream of this.streams) stream.write(text);
  }

  /** creationtime has whole seconds ("2021-12-28T13:39:03Z"); report times have milliseconds. */
  private isoNow(millis: boolean): string {
    const iso = new Date(this.clock.now()).toISOString();
    return millis ? iso : `${iso.slice(0, 19)}Z`;
  }

  protected override onStop(): void {
    if (this.linkTimer) this.clock.clearTimeout(this.linkTimer);
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
  }
}

const KNOWN_TYPES = new Set([
  'light',
  'grouped_light',
  'room',
  'zone',
  'device',
  'bridge',
  'motion',
  'light_level',
  'temperature',
  'zigbee_connectivity',
  'scene',
  'button',
  'device_power',
  'entertainment',
  'behavior_instance',
  'geofence_client',
  'homekit',
  'matter',
]);
