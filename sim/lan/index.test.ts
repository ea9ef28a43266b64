import { describe, expect, it } from 'vitest';
import { startLanDevices } from './index';

describe('startLanDevices', () => {
  it('starts one of each device on its own 127.0.0.1 port without advertising', async () => {
    const lan = await startLanDevices({ advertise: false, host: '127.0.0.1' });
    try {
      const { shellyPlug, shellyDimmer, wled, hue, elgato, sonos } = lan.devices;
      const ports = new Set([shellyPlug, shellyDimmer, wled, hue, elgato, sonos].map((d) => d.port));
      expect(ports.size).toBe(6);
      expect((await fetch(`${shellyPlug.url}/shelly`)).status).toBe(200);
      expect((await fetch(`${shellyDimmer.url}/rpc/Light.GetStatus?id=0`)).status).toBe(200);
      expect((await fetch(`${wled.url}/json/info`)).status).toBe(200);
      expect((await fetch(`${elgato.url}/elgato/lights`)).status).toBe(200);
      expect((await fetch(`${sonos.url}/xml/device_description.xml`)).status).toBe(200);
      expect(hue.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    } finally {
      await lan.stop();
    }
  });
});
