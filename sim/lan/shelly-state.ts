/**
 * State of a simulated Shelly Gen2 device, shaped like the real component statuses
 * (protocols/shelly: aioshelly fixtures, Shelly API docs Switch/Light/Sys).
 * A plug has `switch:0` with metering; a dimmer has `light:0` with brightness.
 */
import { hhmm } from '../../core/model/time';
import type { Clock } from '../../core/util/clock';

export type ShellyKind = 'plug' | 'dimmer';

export interface ShellyIdentity {
  name: string | null;
  id: string;
  mac: string;
  slot: number;
  model: string;
  gen: 2;
  fw_id: string;
  ver: string;
  app: string;
  auth_en: boolean;
  auth_domain: string | null;
}

/** Model/app pairs of real products (Plus Plug S, Plus Wall Dimmer) running firmware 1.4.4. */
const PRODUCTS: Record<ShellyKind, { prefix: string; model: string; app: string; name: string }> = {
  plug: { prefix: 'shellyplusplugs', model: 'SNPL-00112EU', app: 'PlusPlugS', name: 'Shelly Plus Plug S' },
  dimmer: { prefix: 'shellywalldimmer', model: 'SNDM-0013US', app: 'PlusWallDimmer', name: 'Shelly Plus Wall Dimmer' },
};
const FW = { fw_id: '20241011-114455/1.4.4-g6d2a586', ver: '1.4.4' };
const VOLTAGE = 230.4;

export interface SwitchStatus {
  id: 0;
  source: string;
  output: boolean;
  apower: number;
  voltage: number;
  current: number;
  aenergy: { total: number; by_minute: [number, number, number]; minute_ts: number };
  temperature: { tC: number; tF: number };
}

export interface LightStatus {
  id: 0;
  source: string;
  output: boolean;
  brightness: number;
  temperature: { tC: number; tF: number };
}

export interface ShellyStateOptions {
  kind: ShellyKind;
  /** 12 upper-case hex digits. */
  mac?: string;
  name?: string | null;
  /** Digest auth as `Shelly.SetAuth` would enable it (user is always `admin`). */
  password?: string;
  /** Watts drawn by what is plugged in while the plug is on. */
  loadW?: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export class ShellyState {
  readonly kind: ShellyKind;
  readonly identity: ShellyIdentity;
  readonly password: string | undefined;
  readonly bootedAt: number;
  loadW: number;
  output = false;
  brightness = 50;
  source = 'init';
  private energyWh = 0;
  private byMinute: [number, number, number] = [0, 0, 0];
  private minute: number;

  constructor(
    options: ShellyStateOptions,
    private readonly clock: Clock,
  ) {
    this.kind = options.kind;
    const product = PRODUCTS[options.kind];
    const mac = (options.mac ?? (options.kind === 'plug' ? 'A8032AB1C2D3' : 'A8032AB1C2E4')).toUpperCase();
    const id = `${product.prefix}-${mac.toLowerCase()}`;
    this.password = options.password;
    this.identity = {
      name: options.name ?? null,
      id,
      mac,
      slot: 0,
      model: product.model,
      gen: 2,
      ...FW,
      app: product.app,
      auth_en: options.password !== undefined,
      auth_domain: options.password !== undefined ? id : null,
    };
    this.loadW = options.loadW ?? 60;
    this.bootedAt = clock.now();
    this.minute = Math.floor(this.bootedAt / 60_000);
  }

  get componentKey(): 'switch:0' | 'light:0' {
    return this.kind === 'plug' ? 'switch:0' : 'light:0';
  }

  /** Energy counters advance once per whole minute, as the device's `by_minute` does. */
  accrue(): void {
    const minute = Math.floor(this.clock.now() / 60_000);
    const passed = minute - this.minute;
    if (passed <= 0) return;
    const mWhPerMinute = (this.apower() * 1000) / 60;
    this.energyWh += (this.apower() / 60) * passed;
    for (let i = 0; i < Math.min(passed, 3); i++) this.byMinute = [round(mWhPerMinute, 3), this.byMinute[0], this.byMinute[1]];
    this.minute = minute;
  }

  apower(): number {
    return this.output ? this.loadW : 0;
  }

  switchStatus(): SwitchStatus {
    this.accrue();
    const apower = this.apower();
    return {
      id: 0,
      source: this.source,
      output: this.output,
      apower: round(apower, 1),
      voltage: VOLTAGE,
      current: round(apower / VOLTAGE, 3),
      aenergy: { total: round(this.energyWh, 3), by_minute: [...this.byMinute], minute_ts: this.minute * 60 },
      temperature: this.temperature(),
    };
  }

  lightStatus(): LightStatus {
    return { id: 0, source: this.source, output: this.output, brightness: this.brightness, temperature: this.temperature() };
  }

  componentStatus(): SwitchStatus | LightStatus {
    return this.kind === 'plug' ? this.switchStatus() : this.lightStatus();
  }

  private temperature() {
    const tC = this.output ? 41.3 : 36.8;
    return { tC, tF: round((tC * 9) / 5 + 32, 1) };
  }

  sysStatus() {
    const now = this.clock.now();
    return {
      mac: this.identity.mac,
      restart_required: false,
      time: hhmm(now),
      unixtime: Math.floor(now / 1000),
      uptime: Math.floor((now - this.bootedAt) / 1000),
      ram_size: 246_620,
      ram_free: 143_044,
      fs_size: 458_752,
      fs_free: 155_648,
      cfg_rev: 10,
      kvs_rev: 0,
      schedule_rev: 0,
      webhook_rev: 0,
      available_updates: {},
      reset_reason: 3,
    };
  }

  /** `Shelly.GetStatus`: every component keyed `<type>:<id>`, plus the system services. */
  fullStatus(): Record<string, unknown> {
    const inputs = this.kind === 'dimmer' ? { 'input:0': { id: 0, state: false }, 'input:1': { id: 1, state: false } } : {};
    return {
      ble: {},
      cloud: { connected: false },
      ...inputs,
      [this.componentKey]: this.componentStatus(),
      mqtt: { connected: false },
      sys: this.sysStatus(),
      wifi: { sta_ip: '127.0.0.1', status: 'got ip', ssid: 'Homeroom-Sim', rssi: -52 },
      ws: { connected: false },
    };
  }

  componentConfig(): Record<string, unknown> {
    if (this.kind === 'plug') {
      return {
        id: 0,
        name: this.identity.name,
        initial_state: 'restore_last',
        auto_on: false,
        auto_on_delay: 60,
        auto_off: false,
        auto_off_delay: 60,
        power_limit: 2500,
        voltage_limit: 280,
        current_limit: 12,
      };
    }
    return {
      id: 0,
      name: this.identity.name,
      initial_state: 'restore_last',
      auto_on: false,
      auto_on_delay: 60,
      auto_off: false,
      auto_off_delay: 60,
      transition_duration: 3,
      min_brightness_on_toggle: 3,
      night_mode: { enable: false, brightness: 50, active_between: [] },
    };
  }

  /** `Shelly.GetConfig` (template: aioshelly shellymini1gen4 Shelly.GetConfig fixture). */
  fullConfig(): Record<string, unknown> {
    const id = this.identity.id;
    return {
      ble: { enable: true, rpc: { enable: true } },
      cloud: { enable: false, server: 'iot.shelly.cloud:6012/jrpc' },
      mqtt: {
        enable: false,
        server: null,
        client_id: id,
        user: null,
        ssl_ca: null,
        topic_prefix: id,
        rpc_ntf: true,
        status_ntf: false,
        use_client_cert: false,
        enable_rpc: true,
        enable_control: true,
      },
      [this.componentKey]: this.componentConfig(),
      sys: {
        device: {
          name: this.identity.name,
          mac: this.identity.mac,
          fw_id: this.identity.fw_id,
          discoverable: true,
          eco_mode: false,
        },
        location: { tz: 'Europe/Amsterdam', lat: 52.37, lon: 4.89 },
        debug: { level: 2, file_level: null, mqtt: { enable: false }, websocket: { enable: false }, udp: { addr: null } },
        ui_data: {},
        rpc_udp: { dst_addr: null, listen_port: null },
        sntp: { server: 'time.google.com' },
        cfg_rev: 10,
      },
      wifi: {
        sta: {
          ssid: 'Homeroom-Sim',
          is_open: false,
          enable: true,
          ipv4mode: 'dhcp',
          ip: null,
          netmask: null,
          gw: null,
          nameserver: null,
        },
        roam: { rssi_thr: -80, interval: 60 },
      },
      ws: { enable: false, server: null, ssl_ca: 'ca.pem' },
    };
  }
}
