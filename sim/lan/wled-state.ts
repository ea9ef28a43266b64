/**
 * State of a simulated WLED strip (firmware 0.15.3), in the JSON API's own shape: the
 * `state` and `info` objects of protocols/wled/GET-json-*-0.15.3.json, and the partial-merge
 * rules of `POST /json/state` (kno.wled.ge JSON API).
 */
import type { Clock } from '../../core/util/clock';
import catalog from './wled-catalog.json' with { type: 'json' };

export const EFFECTS: readonly string[] = catalog.effects;
export const PALETTES: readonly string[] = catalog.palettes;

export type Rgb = number[];

export interface WledSegment {
  id: number;
  start: number;
  stop: number;
  len: number;
  grp: number;
  spc: number;
  of: number;
  on: boolean;
  frz: boolean;
  bri: number;
  cct: number;
  set: number;
  col: Rgb[];
  fx: number;
  sx: number;
  ix: number;
  pal: number;
  c1: number;
  c2: number;
  c3: number;
  sel: boolean;
  rev: boolean;
  mi: boolean;
  o1: boolean;
  o2: boolean;
  o3: boolean;
  si: number;
  m12: number;
}

export interface WledStateOptions {
  name?: string;
  /** 12 lower-case hex digits, no colons (as `info.mac` and the mDNS TXT carry it). */
  mac?: string;
  ledCount?: number;
  /** White-balance (CCT) capable strip: `seg[].cct` then changes the light. */
  cct?: boolean;
}

const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
const KELVIN_MIN = 1900;
const KELVIN_MAX = 10091;

export class WledState {
  readonly name: string;
  readonly mac: string;
  readonly ledCount: number;
  readonly cctCapable: boolean;
  on = true;
  bri = 128;
  transition = 7;
  readonly seg: WledSegment[];
  wsClients = 0;
  private readonly bootedAt: number;

  constructor(
    options: WledStateOptions,
    private readonly clock: Clock,
  ) {
    this.name = options.name ?? 'WLED';
    this.mac = (options.mac ?? '8813bf0455f0').toLowerCase();
    this.ledCount = options.ledCount ?? 30;
    this.cctCapable = options.cct ?? false;
    this.bootedAt = clock.now();
    this.seg = [
      {
        id: 0,
        start: 0,
        stop: this.ledCount,
        len: this.ledCount,
        grp: 1,
        spc: 0,
        of: 0,
        on: true,
        frz: false,
        bri: 255,
        cct: 127,
        set: 0,
        col: [
          [255, 160, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        fx: 0,
        sx: 128,
        ix: 128,
        pal: 0,
        c1: 128,
        c2: 128,
        c3: 16,
        sel: true,
        rev: false,
        mi: false,
        o1: false,
        o2: false,
        o3: false,
        si: 0,
        m12: 0,
      },
    ];
  }

  /** Template: GET-json-state-0.15.3.json. */
  state() {
    return {
      on: this.on,
      bri: this.bri,
      transition: this.transition,
      ps: -1,
      pl: -1,
      ledmap: 0,
      AudioReactive: { on: false }, // usermod present in the recorded firmware build
      nl: { on: false, dur: 60, mode: 1, tbri: 0, rem: -1 },
      udpn: { send: false, recv: true, sgrp: 1, rgrp: 1 },
      lor: 0,
      mainseg: 0,
      seg: this.seg.map((s) => ({ ...s, col: s.col.map((c) => [...c]) })),
    };
  }

  /** Template: GET-json-info-0.15.3.json (this device's name, MAC, LED count and uptime). */
  info() {
    const uptime = Math.floor((this.clock.now() - this.bootedAt) / 1000);
    const lc = this.cctCapable ? 5 : 1; // light capabilities: bit 0 RGB, bit 2 CCT
    return {
      ver: '0.15.3',
      vid: 2508020,
      cn: 'Kōsen',
      release: 'ESP32',
      repo: 'wled/WLED',
      deviceId: 'd2b68f59f7def477776e4345f7d39a5c7218d3dd77',
      leds: {
        count: this.ledCount,
        pwr: this.on ? 470 : 0,
        fps: 2,
        maxpwr: 850,
        maxseg: 32,
        bootps: 0,
        seglc: [lc],
        lc,
        rgbw: false,
        wv: 0,
        cct: this.cctCapable ? 1 : 0,
      },
      str: false,
      name: this.name,
      udpport: 21324,
      simplifiedui: false,
      live: false,
      liveseg: -1,
      lm: '',
      lip: '',
      ws: this.wsClients,
      fxcount: EFFECTS.length,
      palcount: PALETTES.length,
      cpalcount: 0,
      maps: [{ id: 0 }],
      wifi: { bssid: '82:22:1D:9A:7F:66', rssi: -55, signal: 90, channel: 6, ap: false },
      fs: { u: 12, t: 983, pmt: 0 },
      ndc: 0,
      arch: 'esp32',
      core: 'v3.3.6-16-gcc5440f6a2',
      clock: 240,
      flash: 4,
      lwip: 0,
      bootloaderSHA256: '90812e373703241fe800e0ec567d273f201bf88d3a434dd13042e3d8d08cf603',
      freeheap: 182612,
      uptime,
      time: wledTime(this.clock.now()),
      u: {},
      opt: 79,
      brand: 'WLED',
      product: 'FOSS',
      mac: this.mac,
      ip: '127.0.0.1',
    };
  }

  /** Merges a partial state as WLED does: unknown keys are ignored, `"t"` toggles booleans. */
  apply(patch: Record<string, unknown>): void {
    if (patch.on === 't') this.on = !this.on;
    else if (typeof patch.on === 'boolean') this.on = patch.on;
    if (typeof patch.bri === 'number') this.bri = clampInt(patch.bri, 0, 255);
    if (typeof patch.transition === 'number') this.transition = clampInt(patch.transition, 0, 65535);
    if (Array.isArray(patch.seg)) patch.seg.forEach((s, i) => this.applySegment(s, i));
    else if (patch.seg && typeof patch.seg === 'object') this.applySegment(patch.seg, 0);
  }

  private applySegment(raw: unknown, index: number): void {
    if (!raw || typeof raw !== 'object') return;
    const patch = raw as Record<string, unknown>;
    const id = typeof patch.id === 'number' ? patch.id : index;
    const seg = this.seg[id];
    if (!seg) return; // WLED would create a segment; this strip has only one
    if (patch.on === 't') seg.on = !seg.on;
    else if (typeof patch.on === 'boolean') seg.on = patch.on;
    if (typeof patch.bri === 'number') seg.bri = clampInt(patch.bri, 0, 255);
    if (typeof patch.cct === 'number') {
      // 0 (warm) … 255 (cold), or a kelvin value 1900–10091
      seg.cct =
        patch.cct >= KELVIN_MIN
          ? clampInt(((patch.cct - KELVIN_MIN) / (KELVIN_MAX - KELVIN_MIN)) * 255, 0, 255)
          : clampInt(patch.cct, 0, 255);
    }
    for (const key of ['fx', 'sx', 'ix', 'pal', 'c1', 'c2', 'c3'] as const) {
      const value = patch[key];
      if (typeof value !== 'number') continue;
      const max = key === 'fx' ? EFFECTS.length - 1 : key === 'pal' ? PALETTES.length - 1 : key === 'c3' ? 31 : 255;
      seg[key] = clampInt(value, 0, max);
    }
    for (const key of ['sel', 'rev', 'mi', 'frz'] as const) if (typeof patch[key] === 'boolean') seg[key] = patch[key];
    if (Array.isArray(patch.col)) {
      patch.col.forEach((c, i) => {
        const rgb = parseColor(c);
        if (rgb && i < 3) seg.col[i] = rgb;
      });
    }
  }

  /** Colour temperature in kelvin the strip shows (CCT strips only). */
  kelvin(): number | undefined {
    const cct = this.seg[0]?.cct;
    if (!this.cctCapable || cct === undefined) return undefined;
    return Math.round(KELVIN_MIN + (cct / 255) * (KELVIN_MAX - KELVIN_MIN));
  }
}

/** WLED prints local time unpadded by date: "1970-1-1, 00:00:47". */
function wledTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}, ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `[r,g,b]`, `[r,g,b,w]` or a hex string `"FF0000"`; the strip is RGB, so white is dropped. */
function parseColor(value: unknown): Rgb | undefined {
  if (typeof value === 'string' && /^[0-9a-f]{6}([0-9a-f]{2})?$/i.test(value)) {
    return [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16));
  }
  if (Array.isArray(value) && value.length >= 3 && value.every((v) => typeof v === 'number')) {
    return (value as number[]).slice(0, 3).map((v) => clampInt(v, 0, 255));
  }
  return undefined;
}
