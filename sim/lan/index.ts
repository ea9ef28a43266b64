/**
 * The virtual home's LAN: one of each simulated device on 127.0.0.1, each on its own free
 * port. With `advertise: true` they announce themselves over mDNS through one shared
 * responder — allowed only inside scripts/netns.sh (the advertiser checks).
 */
import { Bonjour } from 'bonjour-service';
import { ElgatoKeyLight } from './elgato';
import { HueBridge } from './hue';
import { ShellyDevice } from './shelly';
import { SonosSpeaker } from './sonos';
import { WledDevice } from './wled';
import type { Clock } from '../../core/util/clock';

export { ElgatoKeyLight, HueBridge, ShellyDevice, SonosSpeaker, WledDevice };

export interface LanDevicesOptions {
  advertise: boolean;
  /** Where the devices listen (default 127.0.0.1). Another address exposes them to that network: only for test hosts. */
  host?: string;
  clock?: Clock;
  /** Hue app keys that are already paired (so a hub can connect without pressing the button). */
  hueAppKeys?: string[];
}

export interface LanDevices {
  devices: {
    shellyPlug: ShellyDevice;
    shellyDimmer: ShellyDevice;
    wled: WledDevice;
    hue: HueBridge;
    elgato: ElgatoKeyLight;
    sonos: SonosSpeaker;
  };
  stop(): Promise<void>;
}

export async function startLanDevices(options: LanDevicesOptions): Promise<LanDevices> {
  const bonjour = options.advertise ? new Bonjour() : undefined;
  const common = { host: options.host ?? '127.0.0.1', clock: options.clock, bonjour, advertise: options.advertise };
  const devices = {
    shellyPlug: new ShellyDevice({ ...common, kind: 'plug', name: 'Desk lamp plug' }),
    shellyDimmer: new ShellyDevice({ ...common, kind: 'dimmer', name: 'Hallway dimmer' }),
    wled: new WledDevice({ ...common, name: 'TV backlight', mac: '8813bf0455f0' }),
    hue: new HueBridge({ ...common, appKeys: options.hueAppKeys }),
    elgato: new ElgatoKeyLight({ ...common, displayName: 'Office key light' }),
    sonos: new SonosSpeaker({ ...common, roomName: 'Living Room' }),
  };
  const all = Object.values(devices);
  const stop = async () => {
    await Promise.all(all.map((d) => d.stop()));
    if (bonjour) await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
  };
  try {
    await Promise.all(all.map((d) => d.start()));
  } catch (err) {
    await stop();
    throw err;
  }
  return { devices, stop };
}
