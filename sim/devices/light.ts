import type { Random } from '../random';
import { hexToRgb } from '../../core/model/color';
import { herdsmanRgbToXy } from '../z2m/herdsman-color';
import type { JsonObject } from '../z2m/json';
import { SimDevice, toNumber, type DeviceInfo, type DeviceKind } from './device';
import { linkquality, type Expose } from './exposes';

interface LightProfile {
  kind: Extract<DeviceKind, 'color_light' | 'ct_light' | 'dimmable_light'>;
  info: DeviceInfo;
  colorModes: ('xy' | 'color_temp' | 'brightness')[];
  mireds?: { min: number; max: number };
  effects?: string[];
  /** Lux this bulb adds to its room at full brightness (roughly lumens / room area). */
  luxAtFull: number;
}

const HUE_EFFECTS = [
  'blink',
  'breathe',
  'okay',
  'channel_change',
  'candle',
  'fireplace',
  'colorloop',
  'sunset',
  'sunrise',
  'sparkle',
  'opal',
  'glisten',
  'underwater',
  'cosmos',
  'sunbeam',
  'enchant',
  'none',
  'finish_effect',
  'stop_effect',
  'stop_hue_effect',
];
const IKEA_EFFECTS = ['blink', 'breathe', 'okay', 'channel_change', 'finish_effect', 'stop_effect'];

// Definitions from the fixtures (bridge-devices-full.txt, ha-discovery-light-*.txt).
export const LIGHT_PROFILES = {
  color: {
    kind: 'color_light',
    info: { manufacturer: 'Philips', model: 'Hue Go', modelId: '7146060PH', ieeePrefix: '00178801' },
    colorModes: ['xy', 'color_temp'],
    mireds: { min: 150, max: 500 },
    effects: HUE_EFFECTS,
    luxAtFull: 250,
  },
  colorTemp: {
    kind: 'ct_light',
    info: {
      manufacturer: 'IKEA',
      model: 'TRADFRI bulb E26/E27, white spectrum, globe, opal, 980 lm',
      modelId: 'LED1545G12',
      ieeePrefix: '000b57fffe',
    },
    colorModes: ['color_temp'],
    mireds: { min: 250, max: 454 },
    effects: IKEA_EFFECTS,
    luxAtFull: 300,
  },
  dimmable: {
    kind: 'dimmable_light',
    info: { manufacturer: 'Sengled', model: 'Element classic (A19)', modelId: 'E11-G13', ieeePrefix: '00178801' },
    colorModes: ['brightness'],
    luxAtFull: 250,
  },
} satisfies Record<string, LightProfile>;

type Color = { mode: 'xy'; x: number; y: number } | { mode: 'hs'; hue: number; saturation: number };

export class Light extends SimDevice {
  readonly kind: LightProfile['kind'];
  readonly info: DeviceInfo;
  on = false;
  brightness = 254;
  colorTemp?: number;
  color?: Color;
  /** Which of colour/colour temperature was set last (z2m's color_mode). */
  colorMode?: 'xy' | 'hs' | 'color_temp';

  constructor(
    name: string,
    roomId: string,
    rng: Random,
    readonly profile: LightProfile,
  ) {
    super(name, roomId, rng);
    this.kind = profile.kind;
    this.info = profile.info;
    if (profile.mireds) {
      this.colorTemp = Math.round((profile.mireds.min + profile.mireds.max) / 2);
      this.colorMode = 'color_temp';
    }
  }

  get supportsColor(): boolean {
    return this.profile.colorModes.includes('xy');
  }

  exposes(): Expose[] {
    return [
      { type: 'light', colorModes: this.profile.colorModes, mireds: this.profile.mireds, effects: this.profile.effects },
      linkquality(),
    ];
  }

  /** Light added to the room, for illuminance sensors. */
  lux(): number {
    return this.on ? (this.profile.luxAtFull * this.brightness) / 254 : 0;
  }

  state(): JsonObject {
    const s: JsonObject = { brightness: this.brightness, linkquality: this.linkquality, state: this.on ? 'ON' : 'OFF' };
    if (this.colorTemp !== undefined) s.color_temp = this.colorTemp;
    if (this.colorMode) s.color_mode = this.colorMode;
    if (this.color?.mode === 'xy') s.color = { x: this.color.x, y: this.color.y };
    // z2m reports hs with both the short and long keys (fixture state-light-hs-report.txt).
    if (this.color?.mode === 'hs')
      s.color = { h: this.color.hue, hue: this.color.hue, s: this.color.saturation, saturation: this.color.saturation };
    return s;
  }

  override set(cmd: Record<string, unknown>): boolean {
    const state = typeof cmd.state === 'string' ? cmd.state.toUpperCase() : undefined;
    if (state === 'ON') this.on = true;
    else if (state === 'OFF') this.on = false;
    else if (state === 'TOGGLE') this.on = !this.on;

    const brightness = toNumber(cmd.brightness);
    if (brightness !== undefined) {
      const b = Math.round(Math.min(254, Math.max(0, brightness)));
      // Like z2m: brightness 0 turns the light off and keeps the last level; any other level turns it on.
      if (b === 0) this.on = false;
      else {
        this.brightness = b;
        if (state !== 'OFF') this.on = true;
      }
    }

    const mireds = toNumber(cmd.color_temp);
    if (mireds !== undefined && this.profile.mireds) {
      this.colorTemp = Math.round(Math.min(this.profile.mireds.max, Math.max(this.profile.mireds.min, mireds)));
      this.colorMode = 'color_temp';
    }

    if (cmd.color !== undefined && this.supportsColor) {
      const color = parseColor(cmd.color);
      if (color) {
        this.color = color;
        this.colorMode = color.mode;
      }
    }
    // `transition` and `effect` are accepted; the simulator applies changes at once.
    this.markChanged();
    return true;
  }
}

/** Accepts {x,y}, {hue,saturation}/{h,s}, {r,g,b}, {hex} and "#rrggbb" as zigbee2mqtt does. */
export function parseColor(value: unknown): Color | undefined {
  if (typeof value === 'string') {
    const rgb = hexToRgb(value);
    return rgb ? { mode: 'xy', ...herdsmanRgbToXy(rgb) } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  const x = toNumber(c.x);
  const y = toNumber(c.y);
  if (x !== undefined && y !== undefined) return { mode: 'xy', x, y };
  const hue = toNumber(c.hue ?? c.h);
  const saturation = toNumber(c.saturation ?? c.s);
  if (hue !== undefined && saturation !== undefined) return { mode: 'hs', hue, saturation };
  if (hue !== undefined) return { mode: 'hs', hue, saturation: 100 };
  if (typeof c.hex === 'string') return parseColor(c.hex);
  if (typeof c.rgb === 'string') {
    const [r, g, b] = c.rgb.split(',').map(Number);
    if ([r, g, b].every((n) => Number.isFinite(n))) return { mode: 'xy', ...herdsmanRgbToXy({ r: r!, g: g!, b: b! }) };
  }
  const r = toNumber(c.r);
  const g = toNumber(c.g);
  const b = toNumber(c.b);
  if (r !== undefined && g !== undefined && b !== undefined) return { mode: 'xy', ...herdsmanRgbToXy({ r, g, b }) };
  return undefined;
}
