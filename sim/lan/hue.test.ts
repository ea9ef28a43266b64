import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/util/clock';
import { HueBridge, type HueOptions } from './hue';
import { openStream, request } from './testing';

const KEY = 'test-app-key-0123456789abcdefghijklmnop';
const bridges: HueBridge[] = [];
async function start(options: HueOptions = {}) {
  const bridge = new HueBridge({ appKeys: [KEY], ...options });
  bridges.push(bridge);
  await bridge.start();
  return bridge;
}
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.stop()));
});

const call = (bridge: HueBridge, path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) =>
  request(`${bridge.url}${path}`, {
    method: init.method,
    ca: bridge.certificate?.cert,
    headers: init.key === null ? {} : { 'hue-application-key': init.key ?? KEY },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });

describe('Hue bridge (CLIP v2)', () => {
  it('serves HTTPS with a self-signed certificate naming the bridge id', async () => {
    const bridge = await start();
    expect(bridge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = new X509Certificate(bridge.certificate!.cert);
    expect(cert.subject).toBe('CN=001788fffe6a6c72');
    expect(cert.verify(cert.publicKey)).toBe(true);
    const config = (await call(bridge, '/api/config', { key: null })).json();
    expect(config).toMatchObject({ bridgeid: '001788FFFE6A6C72', modelid: 'BSB002', factorynew: false });
  });

  it('pairs only while the link button is pressed (pairing-POST-api.txt)', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const bridge = await start({ clock });
    const pair = () =>
      call(bridge, '/api', { method: 'POST', key: null, body: { devicetype: 'homeroom#pc', generateclientkey: true } });
    expect((await pair()).json()).toEqual([{ error: { type: 101, address: '', description: 'link button not pressed' } }]);
    bridge.pressLinkButton();
    const [ok] = (await pair()).json<[{ success: { username: string; clientkey: string } }]>();
    expect(ok.success.username).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(ok.success.clientkey).toMatch(/^[0-9A-F]{32}$/);
    // the new key opens CLIP v2
    expect((await call(bridge, '/clip/v2/resource/light', { key: ok.success.username })).status).toBe(200);
    clock.advance(30_001);
    expect((await pair()).json<[{ error: { type: number } }]>()[0].error.type).toBe(101);
    expect(
      (await call(bridge, '/api', { method: 'POST', key: null, body: '{oops' })).json<[{ error: { type: number } }]>()[0].error
        .type,
    ).toBe(2);
  });

  it('answers 403 without a valid hue-application-key', async () => {
    const bridge = await start();
    for (const key of [null, 'wrong']) {
      const res = await call(bridge, '/clip/v2/resource/light', { key });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ errors: [{ description: 'unauthorized user' }], data: [] });
    }
    expect((await call(bridge, '/eventstream/clip/v2', { key: null })).status).toBe(403);
  });

  it('lists lights in the {"errors":[],"data":[…]} envelope with the keys of GET-clip-v2-resource-light-color-bulb.json', async () => {
    const bridge = await start();
    const res = (await call(bridge, '/clip/v2/resource/light')).json<{ errors: unknown[]; data: Record<string, unknown>[] }>();
    expect(res.errors).toEqual([]);
    expect(res.data).toHaveLength(2);
    const color = res.data.find((l) => 'color' in l)!;
    for (const key of [
      'alert',
      'color',
      'color_temperature',
      'dimming',
      'dynamics',
      'effects',
      'id',
      'id_v1',
      'identify',
      'metadata',
      'mode',
      'on',
      'owner',
      'powerup',
      'signaling',
      'type',
    ]) {
      expect(color).toHaveProperty([key]);
    }
    expect(color.color_temperature).toMatchObject({ mirek_schema: { mirek_maximum: 500, mirek_minimum: 153 } });
    expect(color.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const one = (await call(bridge, `/clip/v2/resource/light/${String(color.id)}`)).json<{ data: unknown[] }>();
    expect(one.data).toEqual([color]);
  });

  it('serves grouped_light, room, device, motion, light_level, temperature and bridge', async () => {
    const bridge = await start();
    for (const type of [
      'grouped_light',
      'room',
      'device',
      'motion',
      'light_level',
      'temperature',
      'bridge',
      'zigbee_connectivity',
    ]) {
      const res = (await call(bridge, `/clip/v2/resource/${type}`)).json<{ data: { type: string }[] }>();
      expect(res.data.length, type).toBeGreaterThan(0);
      expect(res.data.every((r) => r.type === type)).toBe(true);
    }
    // GET-clip-v2-resource-motion.json shape
    const motion = (await call(bridge, '/clip/v2/resource/motion')).json<{ data: Record<string, unknown>[] }>().data[0]!;
    expect(Object.keys(motion).sort()).toEqual(['enabled', 'id', 'id_v1', 'motion', 'owner', 'sensitivity', 'type']);
    expect(Object.keys(motion.motion as object)).toEqual(['motion', 'motion_report', 'motion_valid']);
    const all = (await call(bridge, '/clip/v2/resource')).json<{ data: unknown[] }>();
    expect(all.data.length).toBeGreaterThan(10);
  });

  it('PUT light applies on, dimming, mirek and xy and answers {"data":[{"rid","rtype"}],"errors":[]}', async () => {
    const bridge = await start();
    const [lamp, ceiling] = bridge.resourcesOf('light');
    const res = await call(bridge, `/clip/v2/resource/light/${lamp!.id}`, {
      method: 'PUT',
      body: { on: { on: true }, dimming: { brightness: 75.0 }, color: { xy: { x: 0.3, y: 0.3 } } },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ data: [{ rid: lamp!.id, rtype: 'light' }], errors: [] });
    expect(bridge.resource(lamp!.id)).toMatchObject({
      on: { on: true },
      dimming: { brightness: 75 },
      color: { xy: { x: 0.3, y: 0.3 } },
      color_temperature: { mirek: null, mirek_valid: false },
    });
    await call(bridge, `/clip/v2/resource/light/${ceiling!.id}`, { method: 'PUT', body: { color_temperature: { mirek: 300 } } });
    expect(bridge.resource(ceiling!.id)).toMatchObject({ color_temperature: { mirek: 300, mirek_valid: true } });
  });

  it('rejects bad bodies with 400 and unknown ids with 404, changing nothing', async () => {
    const bridge = await start();
    const lamp = bridge.resourcesOf('light')[0]!;
    const bad = await call(bridge, `/clip/v2/resource/light/${lamp.id}`, {
      method: 'PUT',
      body: { on: { on: true }, color_temperature: { mirek: 20 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ data: [], errors: [{ description: expect.stringContaining('mirek') }] });
    expect(bridge.resource(lamp.id)).toMatchObject({ on: { on: false } });
    expect((await call(bridge, `/clip/v2/resource/light/${lamp.id}`, { method: 'PUT', body: '{nope' })).status).toBe(400);
    const missing = await call(bridge, '/clip/v2/resource/light/00000000-0000-0000-0000-000000000000', {
      method: 'PUT',
      body: { on: { on: true } },
    });
    expect(missing.status).toBe(404);
    expect((await call(bridge, '/clip/v2/resource/light/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('streams update events in the format of eventstream-sse-real-capture.txt', async () => {
    const clock = new ManualClock(Date.parse('2021-12-28T13:39:03Z'));
    const bridge = await start({ clock });
    const stream = openStream(`${bridge.url}/eventstream/clip/v2`, {
      ca: bridge.certificate!.cert,
      headers: { 'hue-application-key': KEY, Accept: 'text/event-stream' },
    });
    const res = await stream.ready;
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(await stream.until(/^: hi$/)).toBe(': hi');

    const lamp = bridge.resourcesOf('light')[0]!;
    await call(bridge, `/clip/v2/resource/light/${lamp.id}`, { method: 'PUT', body: { on: { on: true } } });
    const block = await stream.until(/"type":"light"/);
    const [idLine, dataLine] = block.split('\n');
    expect(idLine).toBe('id: 1640698743:0');
    const events = JSON.parse(dataLine!.replace(/^data: /, '')) as Record<string, unknown>[];
    expect(events).toEqual([
      {
        creationtime: '2021-12-28T13:39:03Z',
        data: [{ id: lamp.id, id_v1: lamp.id_v1, on: { on: true }, owner: lamp.owner, type: 'light' }],
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'update',
      },
    ]);
    // keys in the order the bridge prints them (alphabetical), as in the capture
    expect(dataLine).toMatch(
      /^data: \[\{"creationtime":"[^"]+","data":\[\{"id":"[^"]+","id_v1":"\/lights\/\d+","on":\{"on":true\},"owner":\{"rid":"[^"]+","rtype":"device"\},"type":"light"\}\],"id":"[^"]+","type":"update"\}\]$/,
    );
    // the room's grouped_light follows
    expect(await stream.until(/"type":"grouped_light"/)).toMatch(/^id: 1640698743:1\n/);

    bridge.setMotion(true);
    expect(await stream.until(/"type":"motion"/)).toContain('"motion":{"motion":true');
    bridge.setTemperature(23.5);
    expect(await stream.until(/"type":"temperature"/)).toContain('"temperature":23.5');
    stream.close();
  });

  it('PUT grouped_light switches the whole room', async () => {
    const bridge = await start();
    const group = bridge.resourcesOf('grouped_light')[0]!;
    const res = await call(bridge, `/clip/v2/resource/grouped_light/${group.id}`, {
      method: 'PUT',
      body: { on: { on: true }, dimming: { brightness: 40 } },
    });
    expect(res.json()).toEqual({ data: [{ rid: group.id, rtype: 'grouped_light' }], errors: [] });
    for (const light of bridge.resourcesOf('light'))
      expect(light).toMatchObject({ on: { on: true }, dimming: { brightness: 40 } });
    expect(bridge.resource(group.id)).toMatchObject({ on: { on: true }, dimming: { brightness: 40 } });
  });

  it('can serve plain HTTP with tls:false, and goes offline dropping the eventstream', async () => {
    const bridge = await start({ tls: false });
    expect(bridge.url).toMatch(/^http:\/\//);
    const stream = openStream(`${bridge.url}/eventstream/clip/v2`, { headers: { 'hue-application-key': KEY } });
    const res = await stream.ready;
    const ended = new Promise((resolve) => res.on('close', resolve));
    await bridge.setOnline(false);
    await ended;
    await expect(call(bridge, '/api/config')).rejects.toThrow();
    await bridge.setOnline(true);
    expect((await call(bridge, '/api/config')).status).toBe(200);
  });
});
