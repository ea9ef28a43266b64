import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ShellyDevice } from './shelly';
import { getJson, WsProbe } from './testing';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const devices: ShellyDevice[] = [];

async function start(options: ConstructorParameters<typeof ShellyDevice>[0]) {
  const device = new ShellyDevice(options);
  devices.push(device);
  await device.start();
  return device;
}

afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop()));
});

describe('Shelly plug (Gen2, switch:0)', () => {
  it('GET /shelly answers the identity with the keys of a real Gen2 device', async () => {
    const plug = await start({ kind: 'plug', mac: 'A8032AB12345' });
    const { status, body } = await getJson(`${plug.url}/shelly`);
    expect(status).toBe(200);
    // protocols/shelly/aioshelly-fixture__shellyplus2pm_shelly.json.json (minus the 2PM-only `profile`)
    expect(Object.keys(body)).toEqual([
      'name',
      'id',
      'mac',
      'slot',
      'model',
      'gen',
      'fw_id',
      'ver',
      'app',
      'auth_en',
      'auth_domain',
    ]);
    expect(body).toMatchObject({
      id: 'shellyplusplugs-a8032ab12345',
      mac: 'A8032AB12345',
      gen: 2,
      app: 'PlusPlugS',
      auth_en: false,
      auth_domain: null,
    });
    expect(String(body.fw_id)).toMatch(/^\d{8}-\d{6}\/1\.4\.4-g[0-9a-f]+$/);
    const info = await getJson(`${plug.url}/rpc/Shelly.GetDeviceInfo`);
    expect(info.body).toEqual(body);
  });

  it('Switch.Set over GET returns {"was_on":false} and the status follows (README: Switch.Set result)', async () => {
    const plug = await start({ kind: 'plug', loadW: 115 });
    expect((await getJson(`${plug.url}/rpc/Switch.Set?id=0&on=true`)).body).toEqual({ was_on: false });
    const { body } = await getJson(`${plug.url}/rpc/Switch.GetStatus?id=0`);
    expect(Object.keys(body)).toEqual(['id', 'source', 'output', 'apower', 'voltage', 'current', 'aenergy', 'temperature']);
    expect(body).toMatchObject({ id: 0, source: 'http', output: true, apower: 115, voltage: 230.4, current: 0.499 });
    expect(Object.keys(body.aenergy as object)).toEqual(['total', 'by_minute', 'minute_ts']);
    expect((await getJson(`${plug.url}/rpc/Switch.Toggle?id=0`)).body).toEqual({ was_on: true });
    expect((await getJson(`${plug.url}/rpc/Switch.GetStatus?id=0`)).body).toMatchObject({ output: false, apower: 0 });
  });

  it('Shelly.GetStatus and GetConfig are keyed by component like the aioshelly fixtures', async () => {
    const plug = await start({ kind: 'plug' });
    const status = (await getJson(`${plug.url}/rpc/Shelly.GetStatus`)).body;
    // aioshelly-fixture__shellymini1gen4_Shelly.GetStatus.json has these keys too
    for (const key of ['ble', 'cloud', 'mqtt', 'switch:0', 'sys', 'wifi', 'ws']) expect(status).toHaveProperty([key]);
    expect(status.cloud).toEqual({ connected: false });
    const config = (await getJson(`${plug.url}/rpc/Shelly.GetConfig`)).body;
    expect(config['switch:0']).toMatchObject({ id: 0, auto_on: false, auto_off: false });
    expect((config.mqtt as Record<string, unknown>).topic_prefix).toBe(plug.id);
    const methods = (await getJson(`${plug.url}/rpc/Shelly.ListMethods`)).body.methods as string[];
    expect(methods).toEqual(expect.arrayContaining(['Switch.Set', 'Switch.Toggle', 'Switch.GetStatus', 'Shelly.GetStatus']));
  });

  it('POST /rpc answers a framed result (rpc-request-frames-from-shelly-docs.jsonl, frame 2)', async () => {
    const plug = await start({ kind: 'plug' });
    const res = await getJson(`${plug.url}/rpc`, {
      method: 'POST',
      body: JSON.stringify({ id: 2, src: 'user_1', method: 'Switch.Set', params: { id: 0, on: true } }),
    });
    expect(res.body).toEqual({ id: 2, src: plug.id, dst: 'user_1', result: { was_on: false } });
  });

  it('answers bad requests with the documented error codes', async () => {
    const plug = await start({ kind: 'plug' });
    const post = (frame: unknown) => getJson(`${plug.url}/rpc`, { method: 'POST', body: JSON.stringify(frame) });
    // Shelly docs, Common Errors: -103 "Missing required 'id'" for Switch.GetStatus without params
    expect((await post({ id: 1, src: 'user_1', method: 'Switch.GetStatus' })).body).toEqual({
      id: 1,
      src: plug.id,
      dst: 'user_1',
      error: { code: -103, message: "Missing required 'id'" },
    });
    expect((await post({ id: 1, src: 'user_1', method: 'Switch.Set', params: { id: 7, on: true } })).body.error).toEqual({
      code: -105,
      message: 'Bad id=7',
    });
    expect((await post({ id: 1, src: 'user_1', method: 'Switch.Set', params: { id: 0, on: 'yes' } })).body.error).toMatchObject({
      code: -103,
    });
    expect((await post({ id: 3, src: 'user_1', method: 'Cover.Open', params: { id: 0 } })).body.error).toEqual({
      code: 404,
      message: 'No handler for Cover.Open',
    });
    const get = await getJson(`${plug.url}/rpc/Switch.Set?id=0`);
    expect(get.status).toBe(500);
    expect(get.body).toEqual({ code: -103, message: "Missing required 'on'" });
    expect((await getJson(`${plug.url}/rpc/Nope.Nothing`)).status).toBe(404);
  });

  it('pushes NotifyStatus deltas over WebSocket after the client sent a src (notify-status-examples-from-shelly-docs.jsonl)', async () => {
    const plug = await start({ kind: 'plug', loadW: 60 });
    const ws = new WsProbe(`${plug.url.replace('http', 'ws')}/rpc`);
    await ws.opened();
    ws.send({ id: 1, src: 'user_1', method: 'Shelly.GetStatus' });
    expect((await ws.next()).result).toHaveProperty(['switch:0']);

    plug.pressButton();
    const note = await ws.next<{ src: string; dst: string; method: string; params: Record<string, unknown> }>();
    expect(note).toMatchObject({ src: plug.id, dst: 'user_1', method: 'NotifyStatus' });
    expect(typeof note.params.ts).toBe('number');
    expect(note.params['switch:0']).toMatchObject({ id: 0, output: true, source: 'button', apower: 60 });
    expect(note.params['switch:0']).not.toHaveProperty('voltage'); // unchanged fields are left out

    await getJson(`${plug.url}/rpc/Switch.Set?id=0&on=false`);
    const viaHttp = await ws.next<{ params: Record<string, unknown> }>();
    expect(viaHttp.params['switch:0']).toMatchObject({ id: 0, output: false, source: 'http', apower: 0 });

    ws.send({ id: 2, src: 'user_1', method: 'Switch.Toggle', params: { id: 0 } });
    const [a, b] = [await ws.next(), await ws.next()];
    const frames = [a, b];
    expect(frames).toContainEqual({ id: 2, src: plug.id, dst: 'user_1', result: { was_on: false } });
    expect(frames.find((f) => f.method === 'NotifyStatus')).toMatchObject({
      params: { 'switch:0': { output: true, source: 'WS_in' } },
    });
    ws.close();
  });

  it('goes offline (connections refused, sockets dropped) and comes back on the same port', async () => {
    const plug = await start({ kind: 'plug' });
    const ws = new WsProbe(`${plug.url.replace('http', 'ws')}/rpc`);
    await ws.opened();
    const port = plug.port;
    await plug.setOnline(false);
    await ws.closed;
    await expect(fetch(`${plug.url}/shelly`)).rejects.toThrow();
    await plug.setOnline(true);
    expect(plug.port).toBe(port);
    expect((await getJson(`${plug.url}/shelly`)).status).toBe(200);
  });

  it('silent offline mode accepts connections but never answers', async () => {
    const plug = await start({ kind: 'plug', offlineMode: 'silent' });
    await plug.setOnline(false);
    await expect(fetch(`${plug.url}/shelly`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await plug.setOnline(true);
    expect((await getJson(`${plug.url}/shelly`)).status).toBe(200);
  });
});

describe('Shelly dimmer (Gen2, light:0)', () => {
  it('Light.Set with on and brightness, Light.GetStatus reflects it', async () => {
    const dimmer = await start({ kind: 'dimmer' });
    expect((await getJson(`${dimmer.url}/rpc/Light.Set?id=0&on=true&brightness=50`)).body).toBeNull();
    const { body } = await getJson(`${dimmer.url}/rpc/Light.GetStatus?id=0`);
    expect(body).toMatchObject({ id: 0, source: 'http', output: true, brightness: 50 });
    expect((await getJson(`${dimmer.url}/rpc/Shelly.GetStatus`)).body).toHaveProperty(['light:0']);
  });

  it('rejects brightness out of range and has no Switch methods', async () => {
    const dimmer = await start({ kind: 'dimmer' });
    expect((await getJson(`${dimmer.url}/rpc/Light.Set?id=0&brightness=150`)).body).toEqual({
      code: -103,
      message: "Invalid argument 'brightness'",
    });
    expect((await getJson(`${dimmer.url}/rpc/Light.Set?id=0`)).body).toMatchObject({ code: -103 });
    expect((await getJson(`${dimmer.url}/rpc/Switch.Set?id=0&on=true`)).body).toEqual({
      code: 404,
      message: 'No handler for Switch.Set',
    });
  });

  it('notifies brightness changes over WebSocket', async () => {
    const dimmer = await start({ kind: 'dimmer' });
    const ws = new WsProbe(`${dimmer.url.replace('http', 'ws')}/rpc`);
    await ws.opened();
    ws.send({ id: 1, src: 'hub', method: 'Light.Set', params: { id: 0, brightness: 80 } });
    const frames = [await ws.next(), await ws.next()];
    expect(frames).toContainEqual(
      expect.objectContaining({
        method: 'NotifyStatus',
        params: expect.objectContaining({ 'light:0': { id: 0, brightness: 80, source: 'WS_in' } }),
      }),
    );
    ws.close();
  });
});

describe('Shelly digest authentication', () => {
  function digestHeader(challenge: string, password: string, uri: string) {
    const f = Object.fromEntries([...challenge.matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
    const ha1 = sha256(`admin:${f.realm}:${password}`);
    const ha2 = sha256(`GET:${uri}`);
    const cnonce = 'abcdef';
    const response = sha256(`${ha1}:${f.nonce}:00000001:${cnonce}:auth:${ha2}`);
    return `Digest username="admin", realm="${f.realm}", nonce="${f.nonce}", uri="${uri}", algorithm=SHA-256, response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}"`;
  }

  it('challenges HTTP requests with WWW-Authenticate Digest SHA-256 and accepts the answer', async () => {
    const plug = await start({ kind: 'plug', password: 'secret' });
    const identity = await getJson(`${plug.url}/shelly`); // always open
    expect(identity.body).toMatchObject({ auth_en: true, auth_domain: plug.id });
    const uri = '/rpc/Switch.GetStatus?id=0';
    const denied = await fetch(`${plug.url}${uri}`);
    expect(denied.status).toBe(401);
    const challenge = denied.headers.get('www-authenticate')!;
    expect(challenge).toMatch(new RegExp(`^Digest qop="auth", realm="${plug.id}", nonce="[0-9a-f]+", algorithm=SHA-256$`));
    const ok = await getJson(`${plug.url}${uri}`, { headers: { Authorization: digestHeader(challenge, 'secret', uri) } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: 0, output: false });
    const wrong = await fetch(`${plug.url}${uri}`, { headers: { Authorization: digestHeader(challenge, 'nope', uri) } });
    expect(wrong.status).toBe(401);
  });

  it('answers unauthenticated RPC frames with error 401 like aioshelly-fixture__shellyplus2pm_Cover.Close_auth_failure.json', async () => {
    const plug = await start({ kind: 'plug', password: 'secret' });
    const ws = new WsProbe(`${plug.url.replace('http', 'ws')}/rpc`);
    await ws.opened();
    ws.send({ id: 18, src: 'aios-1', method: 'Switch.Set', params: { id: 0, on: true } });
    const denied = await ws.next<{ error: { code: number; message: string } }>();
    expect(denied).toMatchObject({ id: 18, src: plug.id, dst: 'aios-1', error: { code: 401 } });
    expect(denied.error.message).toMatch(
      /^\{"auth_type": "digest", "nonce": \d+, "nc": 1, "realm": "[^"]+", "algorithm": "SHA-256"\}$/,
    );
    const challenge = JSON.parse(denied.error.message) as { nonce: number; realm: string; nc: number };
    expect(challenge.realm).toBe(plug.id);

    const cnonce = 313273957;
    const ha1 = sha256(`admin:${challenge.realm}:secret`);
    const response = sha256(`${ha1}:${challenge.nonce}:1:${cnonce}:auth:${sha256('dummy_method:dummy_uri')}`);
    const auth = { realm: challenge.realm, username: 'admin', nonce: challenge.nonce, cnonce, response, algorithm: 'SHA-256' };
    ws.send({ id: 19, src: 'aios-1', method: 'Switch.Set', params: { id: 0, on: true }, auth });
    const frames = [await ws.next(), await ws.next()];
    expect(frames).toContainEqual({ id: 19, src: plug.id, dst: 'aios-1', result: { was_on: false } });
    ws.send({ id: 20, src: 'aios-1', method: 'Switch.GetStatus', params: { id: 0 } }); // the connection stays authenticated
    expect((await ws.next()).result).toMatchObject({ output: true });
    ws.close();
  });
});
