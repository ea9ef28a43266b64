/**
 * One environment for all specs: a real mosquitto, the virtual home's zigbee2mqtt devices
 * on it, and the headless hub started as `npm run hub` would start it.
 */
import { startMosquitto } from '../../core/test-support/mosquitto';
import { startVirtualHome } from '../../sim/virtual-home';
import { startHubProcess } from './hub-process';

export const E2E_TOKEN = 'e2e-token-0123456789abcdef';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const broker = await startMosquitto();
  // speed 1 and a fixed start keep the home calm and reproducible while the specs run.
  const home = await startVirtualHome({ mqttUrl: broker.url, scenario: 'home', speed: 1, seed: 7 });
  const hub = await startHubProcess(['--mqtt', broker.url], E2E_TOKEN);
  process.env.HOMEROOM_E2E_URL = hub.url;
  process.env.HOMEROOM_E2E_TOKEN = hub.token;
  process.env.HOMEROOM_E2E_MQTT = broker.url;
  process.env.HOMEROOM_E2E_SIM_DEVICES = JSON.stringify(
    home.devices.map((d) => ({ ieee: d.ieee, name: d.name, kind: d.kind, roomId: d.roomId })),
  );
  return async () => {
    await hub.stop();
    await home.stop();
    await broker.stop();
  };
}
