/**
 * mDNS advertisements of the virtual home's devices. Multicast: run only with
 * `scripts/netns.sh npx vitest run --config vitest.mdns.config.ts sim/lan/mdns.test.ts`.
 */
import { Bonjour, type Service } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertIsolatedNetwork } from '../../core/util/netns';
import { startLanDevices, type LanDevices } from './index';

let lan: LanDevices;
let browser: Bonjour;

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  browser = new Bonjour();
  lan = await startLanDevices({ advertise: true, host: '127.0.0.1' });
});

afterAll(async () => {
  await lan?.stop();
  await new Promise<void>((resolve) => (browser ? browser.destroy(() => resolve()) : resolve()));
});

/** Browses `type` until a service matching `match` is up. */
function find(type: string, match: (s: Service) => boolean, timeoutMs = 5000): Promise<Service> {
  return new Promise((resolve, reject) => {
    const b = browser.find({ type, protocol: 'tcp' });
    const timer = setTimeout(() => {
      b.stop();
      reject(new Error(`no _${type}._tcp service`));
    }, timeoutMs);
    const check = (s: Service) => {
      if (!match(s)) return;
      clearTimeout(timer);
      b.stop();
      resolve(s);
    };
    b.on('up', check);
    b.services.forEach(check);
  });
}

describe('mDNS advertisements (inside a loopback-only namespace)', () => {
  it('Shelly: _shelly._tcp and _http._tcp with TXT gen, app, ver, id', async () => {
    const plug = lan.devices.shellyPlug;
    for (const type of ['shelly', 'http']) {
      const s = await find(type, (x) => x.name === plug.id);
      expect(s.port).toBe(plug.port);
      expect(s.txt).toMatchObject({ gen: '2', app: 'PlusPlugS', ver: '1.4.4', id: plug.id });
    }
  });

  it('WLED: _wled._tcp with TXT mac (12 lower-case hex)', async () => {
    const s = await find('wled', () => true);
    expect(s.port).toBe(lan.devices.wled.port);
    expect(s.txt).toEqual({ mac: '8813bf0455f0' });
  });

  it('Hue: _hue._tcp with TXT bridgeid and modelid', async () => {
    const s = await find('hue', () => true);
    expect(s.port).toBe(lan.devices.hue.port);
    expect(s.txt).toEqual({ bridgeid: '001788fffe6a6c72', modelid: 'BSB002' });
  });

  it('Elgato: _elg._tcp with TXT id = MAC', async () => {
    const s = await find('elg', () => true);
    expect(s.port).toBe(lan.devices.elgato.port);
    expect(s.txt).toMatchObject({ id: lan.devices.elgato.macAddress });
  });

  it('Sonos: _sonos._tcp named RINCON_…@Room', async () => {
    const s = await find('sonos', () => true);
    expect(s.name).toBe(`${lan.devices.sonos.udn}@Living Room`);
    expect(s.port).toBe(lan.devices.sonos.port);
  });

  it('unadvertise sends goodbye: the browser sees the service go down', async () => {
    const elgato = lan.devices.elgato;
    const b = browser.find({ type: 'elg', protocol: 'tcp' });
    await new Promise<void>((resolve) => (b.services.length ? resolve() : b.once('up', () => resolve())));
    const down = new Promise<Service>((resolve) => b.once('down', resolve));
    await elgato.unadvertise();
    expect((await down).txt).toMatchObject({ id: elgato.macAddress });
    b.stop();
    elgato.advertise(); // and back
    expect((await find('elg', () => true)).port).toBe(elgato.port);
  });
});
