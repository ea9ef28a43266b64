import { afterEach, describe, expect, it } from 'vitest';
import { ElgatoKeyLight } from './elgato';
import { getJson } from './testing';

const lights: ElgatoKeyLight[] = [];
async function start(options: ConstructorParameters<typeof ElgatoKeyLight>[0] = {}) {
  const light = new ElgatoKeyLight(options);
  lights.push(light);
  await light.start();
  return light;
}
afterEach(async () => {
  await Promise.all(lights.splice(0).map((l) => l.stop()));
});
const put = (url: string, body: unknown) =>
  getJson(url, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('Elgato Key Light', () => {
  it('GET /elgato/accessory-info has the keys of protocols/elgato/info-key-light.json', async () => {
    const light = await start({ macAddress: 'AA:BB:CC:DD:EE:FF', displayName: 'Desk' });
    const { status, body } = await getJson(`${light.url}/elgato/accessory-info`);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'productName',
      'hardwareBoardType',
      'hardwareRevision',
      'macAddress',
      'firmwareBuildNumber',
      'firmwareVersion',
      'serialNumber',
      'displayName',
      'features',
      'wifi-info',
    ]);
    expect(body).toMatchObject({
      productName: 'Elgato Key Light',
      hardwareBoardType: 53,
      macAddress: 'AA:BB:CC:DD:EE:FF',
      displayName: 'Desk',
      features: ['lights'],
    });
    expect(Object.keys(body['wifi-info'] as object)).toEqual(['ssid', 'frequencyMHz', 'rssi']);
  });

  it('GET /elgato/lights has the shape of state-temperature.json (on as 0/1)', async () => {
    const light = await start();
    expect((await getJson(`${light.url}/elgato/lights`)).body).toEqual({
      numberOfLights: 1,
      lights: [{ on: 0, brightness: 20, temperature: 213 }],
    });
  });

  it('PUT /elgato/lights changes the light and returns the updated lights object', async () => {
    const light = await start();
    const res = await put(`${light.url}/elgato/lights`, {
      numberOfLights: 1,
      lights: [{ on: 1, brightness: 50, temperature: 297 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ numberOfLights: 1, lights: [{ on: 1, brightness: 50, temperature: 297 }] });
    const partial = await put(`${light.url}/elgato/lights`, {
      numberOfLights: 1,
      lights: [{ brightness: 500, temperature: 100 }],
    });
    expect(partial.body).toEqual({ numberOfLights: 1, lights: [{ on: 1, brightness: 100, temperature: 143 }] });
    light.pressButton();
    expect((await getJson(`${light.url}/elgato/lights`)).body).toMatchObject({ lights: [{ on: 0 }] });
  });

  it('GET/PUT /elgato/lights/settings follow settings-keylight.json', async () => {
    const light = await start();
    expect((await getJson(`${light.url}/elgato/lights/settings`)).body).toEqual({
      powerOnBehavior: 1,
      powerOnBrightness: 20,
      powerOnTemperature: 213,
      switchOnDurationMs: 100,
      switchOffDurationMs: 300,
      colorChangeDurationMs: 100,
    });
    expect((await put(`${light.url}/elgato/lights/settings`, { powerOnBrightness: 60 })).body).toMatchObject({
      powerOnBrightness: 60,
    });
  });

  it('rejects malformed bodies and unknown paths; identify answers empty', async () => {
    const light = await start();
    expect((await fetch(`${light.url}/elgato/lights`, { method: 'PUT', body: '{bad' })).status).toBe(400);
    expect((await fetch(`${light.url}/elgato/lights`, { method: 'PUT', body: '{"lights":[]}' })).status).toBe(400);
    expect((await fetch(`${light.url}/elgato/nothing`)).status).toBe(404);
    const identify = await fetch(`${light.url}/elgato/identify`, { method: 'POST' });
    expect(identify.status).toBe(200);
    expect(await identify.text()).toBe('');
    expect(light.identifyCount).toBe(1);
  });

  it('goes offline and back on the same port', async () => {
    const light = await start();
    await light.setOnline(false);
    await expect(fetch(`${light.url}/elgato/lights`)).rejects.toThrow();
    await light.setOnline(true);
    expect((await fetch(`${light.url}/elgato/lights`)).status).toBe(200);
  });
});
