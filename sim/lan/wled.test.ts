import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/util/clock';
import { WledDevice } from './wled';
import { getJson, WsProbe } from './testing';

const devices: WledDevice[] = [];
async function start(options: ConstructorParameters<typeof WledDevice>[0] = {}) {
  const device = new WledDevice(options);
  devices.push(device);
  await device.start();
  return device;
}
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop()));
});

const post = (url: string, body: unknown) =>
  getJson(`${url}/json/state`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('WLED JSON API', () => {
  it('GET /json/state has the keys and values of protocols/wled/GET-json-state-0.15.3.json', async () => {
    const wled = await start();
    const { status, body } = await getJson(`${wled.url}/json/state`);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'on',
      'bri',
      'transition',
      'ps',
      'pl',
      'ledmap',
      'AudioReactive',
      'nl',
      'udpn',
      'lor',
      'mainseg',
      'seg',
    ]);
    const seg = (body.seg as Record<string, unknown>[])[0]!;
    expect(Object.keys(seg)).toEqual([
      'id',
      'start',
      'stop',
      'len',
      'grp',
      'spc',
      'of',
      'on',
      'frz',
      'bri',
      'cct',
      'set',
      'col',
      'fx',
      'sx',
      'ix',
      'pal',
      'c1',
      'c2',
      'c3',
      'sel',
      'rev',
      'mi',
      'o1',
      'o2',
      'o3',
      'si',
      'm12',
    ]);
    expect(body).toMatchObject({ on: true, bri: 128, transition: 7, ps: -1 });
    expect(seg.col).toEqual([
      [255, 160, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("GET /json/info has the keys of GET-json-info-0.15.3.json with this device's mac", async () => {
    const wled = await start({ mac: 'AABBCCDDEEFF', name: 'Desk strip', clock: new ManualClock(47_000) });
    const { body } = await getJson(`${wled.url}/json/info`);
    expect(Object.keys(body)).toEqual([
      'ver',
      'vid',
      'cn',
      'release',
      'repo',
      'deviceId',
      'leds',
      'str',
      'name',
      'udpport',
      'simplifiedui',
      'live',
      'liveseg',
      'lm',
      'lip',
      'ws',
      'fxcount',
      'palcount',
      'cpalcount',
      'maps',
      'wifi',
      'fs',
      'ndc',
      'arch',
      'core',
      'clock',
      'flash',
      'lwip',
      'bootloaderSHA256',
      'freeheap',
      'uptime',
      'time',
      'u',
      'opt',
      'brand',
      'product',
      'mac',
      'ip',
    ]);
    expect(Object.keys(body.leds as object)).toEqual([
      'count',
      'pwr',
      'fps',
      'maxpwr',
      'maxseg',
      'bootps',
      'seglc',
      'lc',
      'rgbw',
      'wv',
      'cct',
    ]);
    expect(body).toMatchObject({
      ver: '0.15.3',
      name: 'Desk strip',
      mac: 'aabbccddeeff',
      brand: 'WLED',
      fxcount: 187,
      palcount: 71,
    });
  });

  it('GET /json bundles state, info, effects and palettes (GET-json-full-0.15.3.json)', async () => {
    const wled = await start();
    const { body } = await getJson<{ state: unknown; info: unknown; effects: string[]; palettes: string[] }>(`${wled.url}/json`);
    expect(Object.keys(body)).toEqual(['state', 'info', 'effects', 'palettes']);
    expect(body.effects.slice(0, 5)).toEqual(['Solid', 'Blink', 'Breathe', 'Wipe', 'Wipe Random']);
    expect(body.palettes.slice(0, 3)).toEqual(['Default', '* Random Cycle', '* Color 1']);
    expect((await getJson(`${wled.url}/json/si`)).body).toHaveProperty('state');
  });

  it('POST /json/state answers {"success":true}, or the full state with "v":true (README: python-wled always sends v)', async () => {
    const wled = await start();
    expect((await post(wled.url, { on: true, bri: 255 })).body).toEqual({ success: true });
    // README example: {"seg":[{"col":[[0,255,200]]}]} sets the first segment to teal
    const full = await post(wled.url, { seg: [{ col: [[0, 255, 200]] }], v: true });
    expect(full.body).toMatchObject({ on: true, bri: 255 });
    expect((full.body.seg as { col: number[][] }[])[0]!.col[0]).toEqual([0, 255, 200]);
    const toggled = await post(wled.url, { on: 't', v: true });
    expect(toggled.body.on).toBe(false);
  });

  it('clamps bri, targets segments by id and accepts hex colours and kelvin cct', async () => {
    const wled = await start({ cct: true });
    const { body } = await post(wled.url, { bri: 300, seg: [{ id: 0, col: ['FF0000'], cct: 2700, fx: 9 }], v: true });
    const seg = (body.seg as Record<string, unknown>[])[0]!;
    expect(body.bri).toBe(255);
    expect(seg.col).toEqual([
      [255, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(seg.cct).toBe(25);
    expect(seg.fx).toBe(9);
    expect((await getJson(`${wled.url}/json/info`)).body.leds).toMatchObject({ lc: 5, cct: 1 });
  });

  it('answers invalid JSON with {"error":9} and unknown paths with 404', async () => {
    const wled = await start();
    const bad = await post(wled.url, '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 9 });
    expect((await fetch(`${wled.url}/json/nothing`)).status).toBe(404);
  });

  it('/ws greets with {state, info} and pushes it after every change', async () => {
    const wled = await start();
    const ws = new WsProbe(`${wled.url.replace('http', 'ws')}/ws`);
    const hello = await ws.next<{ state: { on: boolean }; info: { ws: number } }>();
    expect(Object.keys(hello)).toEqual(['state', 'info']);
    expect(hello.info.ws).toBe(1);
    await post(wled.url, { bri: 10 });
    expect((await ws.next<{ state: { bri: number } }>()).state.bri).toBe(10);
    wled.pressButton();
    expect((await ws.next<{ state: { on: boolean } }>()).state.on).toBe(false);
    ws.send({ on: true, seg: [{ col: [[1, 2, 3]] }] });
    const pushed = await ws.next<{ state: { on: boolean; seg: { col: number[][] }[] } }>();
    expect(pushed.state.on).toBe(true);
    expect(pushed.state.seg[0]!.col[0]).toEqual([1, 2, 3]);
    ws.close();
  });

  it('offline drops /ws clients and refuses requests until back online', async () => {
    const wled = await start();
    const ws = new WsProbe(`${wled.url.replace('http', 'ws')}/ws`);
    await ws.next();
    await wled.setOnline(false);
    await ws.closed;
    await expect(fetch(`${wled.url}/json/state`)).rejects.toThrow();
    await wled.setOnline(true);
    expect((await getJson(`${wled.url}/json/state`)).status).toBe(200);
  });
});
