/**
 * A simulated Elgato Key Light: `/elgato/accessory-info`, `GET/PUT /elgato/lights`
 * (`on` is 0/1, brightness %, temperature in the device's 143–344 scale ≈ 7000–2900 K),
 * `GET/PUT /elgato/lights/settings`, `POST /elgato/identify`. The real one listens on 9123
 * and pushes nothing: clients poll. Ground truth: protocols/elgato (python-elgato fixtures).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MdnsService } from './advertiser';
import { LanDevice, type LanDeviceOptions } from './device';
import { isObject, parseJson, readBody, requestUrl, sendJson, sendText } from './http';

export interface ElgatoOptions extends LanDeviceOptions {
  /** "AA:BB:CC:DD:EE:FF". */
  macAddress?: string;
  serialNumber?: string;
  displayName?: string;
}

export interface KeyLightState {
  on: 0 | 1;
  brightness: number;
  temperature: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

export class ElgatoKeyLight extends LanDevice {
  readonly light: KeyLightState = { on: 0, brightness: 20, temperature: 213 };
  /** Template: settings-keylight.json. */
  readonly settings: Record<string, number> = {
    powerOnBehavior: 1,
    powerOnBrightness: 20,
    powerOnTemperature: 213,
    switchOnDurationMs: 100,
    switchOffDurationMs: 300,
    colorChangeDurationMs: 100,
  };
  readonly macAddress: string;
  readonly serialNumber: string;
  displayName: string;
  identifyCount = 0;

  constructor(options: ElgatoOptions = {}) {
    super(options);
    this.macAddress = options.macAddress ?? '3C:6A:9D:14:2B:7E';
    this.serialNumber = options.serialNumber ?? 'CW21K1A01234';
    this.displayName = options.displayName ?? 'Key Light';
  }

  mdnsServices(): MdnsService[] {
    // HA discovers `_elg._tcp` and reads TXT `id` (the MAC); md/dt/pv/mf as community captures report them
    return [
      {
        name: `Elgato Key Light ${this.serialNumber.slice(-4)}`,
        type: 'elg',
        port: this.port,
        txt: { mf: 'Elgato', dt: '53', id: this.macAddress, md: 'Elgato Key Light 20LAB9901', pv: '1.0' },
      },
    ];
  }

  /** The power button on the light itself. */
  pressButton(): void {
    this.light.on = this.light.on ? 0 : 1;
  }

  /** Template: info-key-light.json. */
  accessoryInfo() {
    return {
      productName: 'Elgato Key Light',
      hardwareBoardType: 53,
      hardwareRevision: 1,
      macAddress: this.macAddress,
      firmwareBuildNumber: 218,
      firmwareVersion: '1.0.3',
      serialNumber: this.serialNumber,
      displayName: this.displayName,
      features: ['lights'],
      'wifi-info': { ssid: 'Homeroom-Sim', frequencyMHz: 2400, rssi: -48 },
    };
  }

  lights() {
    return { numberOfLights: 1, lights: [{ ...this.light }] };
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname;
    const route = `${req.method} ${path}`;
    if (route === 'GET /elgato/accessory-info') return sendJson(res, 200, this.accessoryInfo());
    if (route === 'GET /elgato/lights') return sendJson(res, 200, this.lights());
    if (route === 'GET /elgato/lights/settings') return sendJson(res, 200, this.settings);
    if (route === 'POST /elgato/identify') {
      this.identifyCount++;
      return sendText(res, 200, '', 'text/plain');
    }
    if (route === 'PUT /elgato/lights' || route === 'PUT /elgato/lights/settings' || route === 'PUT /elgato/accessory-info') {
      const body = parseJson(await readBody(req));
      if (!isObject(body)) return sendText(res, 400, '', 'text/plain');
      if (path === '/elgato/lights') {
        const first = Array.isArray(body.lights) ? body.lights[0] : undefined;
        if (!isObject(first)) return sendText(res, 400, '', 'text/plain');
        this.applyLight(first);
        return sendJson(res, 200, this.lights());
      }
      if (path === '/elgato/lights/settings') {
        for (const [k, v] of Object.entries(body)) if (k in this.settings && typeof v === 'number') this.settings[k] = v;
        return sendJson(res, 200, this.settings);
      }
      if (typeof body.displayName === 'string') this.displayName = body.displayName;
      return sendJson(res, 200, this.accessoryInfo());
    }
    sendText(res, 404, '', 'text/plain');
  }

  /** Values outside the device's ranges are clamped (brightness 3–100 %, temperature 143–344). */
  private applyLight(patch: Record<string, unknown>): void {
    if (patch.on === 0 || patch.on === 1) this.light.on = patch.on;
    else if (typeof patch.on === 'boolean') this.light.on = patch.on ? 1 : 0;
    if (typeof patch.brightness === 'number') this.light.brightness = clamp(patch.brightness, 3, 100);
    if (typeof patch.temperature === 'number') this.light.temperature = clamp(patch.temperature, 143, 344);
  }
}
