/**
 * JSON-schema lights (zigbee2mqtt, ESPHome): one JSON state topic, one JSON command topic.
 * Commands are exactly what zigbee2mqtt expects, e.g. `{"state":"ON","brightness":102}`.
 */
import type { Command, CommandOptions, HueSaturation } from '../../model';
import type { StateReport } from '../integration';
import { hsToRgb, hsToXy, rgbToHs, xyToHs } from '../../model/color';
import { invalid, isZigbee2Mqtt, publish, type MappedEntity } from './entity';
import {
  brightnessToPercent,
  colorTempToKelvin,
  kelvinToColorTemp,
  lightCapabilities,
  percentToBrightness,
  type LightModel,
} from './light-model';
import type { LightConfig } from './schemas';
import { parseDeviceJson } from '../../util/safe-json';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A reported `color` object in any of the HA/z2m forms (h/s, hue/saturation, x/y, r/g/b) → hue/saturation. */
export function parseColor(color: unknown): HueSaturation | undefined {
  if (!isRecord(color)) return undefined;
  const h = num(color.h) ?? num(color.hue);
  const s = num(color.s) ?? num(color.saturation);
  if (h !== undefined && s !== undefined)
    return { hue: Math.min(360, Math.max(0, h)), saturation: Math.min(100, Math.max(0, s)) };
  const x = num(color.x);
  const y = num(color.y);
  if (x !== undefined && y !== undefined) return xyToHs({ x, y });
  const r = num(color.r);
  const g = num(color.g);
  const b = num(color.b);
  if (r !== undefined && g !== undefined && b !== undefined) return rgbToHs({ r, g, b });
  return undefined;
}

export function mapJsonLight(c: LightConfig, m: LightModel): MappedEntity {
  const z2m = isZigbee2Mqtt(c);
  return {
    capabilities: lightCapabilities(m),
    stateTopics: c.state_topic ? [c.state_topic] : [],
    parseState(_topic, payload): StateReport {
      let j: unknown;
      try {
        j = parseDeviceJson(payload);
      } catch {
        throw new Error('JSON light state is not valid JSON');
      }
      if (!isRecord(j)) throw new Error('JSON light state is not a JSON object');
      const report: StateReport = {};
      if (j.state === 'ON' || j.state === 'OFF') report.power = j.state === 'ON';
      else if (j.state === null) report.power = null;
      const brightness = num(j.brightness);
      if (m.brightness && brightness !== undefined) report.brightness = brightnessToPercent(brightness, c.brightness_scale);
      const ct = num(j.color_temp);
      if (m.colorTemp && ct !== undefined) report.colorTemperature = colorTempToKelvin(ct, m.range);
      const color = parseColor(j.color);
      if (m.color && color) report.color = color;
      return report;
    },
    command(command: Command, options: CommandOptions = {}) {
      const { power, brightness, colorTemperature, color } = command;
      // The JSON schema's own `transition` (seconds): zigbee2mqtt and ESPHome fade over it.
      const transition = options.transitionS !== undefined ? { transition: options.transitionS } : {};
      const attributes = brightness !== undefined || colorTemperature !== undefined || color !== undefined;
      if (power === undefined && !attributes) return [];
      const body: Record<string, unknown> = {};
      if (power === false || (brightness === 0 && power === undefined && colorTemperature === undefined && color === undefined)) {
        if (attributes && brightness !== 0) invalid('Cannot change brightness or colour while turning the light off');
        body.state = 'OFF';
        return [publish(c.command_topic, JSON.stringify({ ...body, ...transition }), c.qos)];
      }
      body.state = 'ON';
      if (brightness !== undefined) {
        if (!m.brightness) invalid('This light cannot be dimmed');
        if (brightness === 0) invalid('Brightness 0 % while turning on: use power off instead');
        body.brightness = percentToBrightness(brightness, c.brightness_scale);
      }
      if (colorTemperature !== undefined) {
        if (!m.colorTemp) invalid('This light has no adjustable colour temperature');
        body.color_temp = kelvinToColorTemp(colorTemperature, m.range);
      }
      if (color !== undefined) {
        if (!m.color) invalid('This light cannot show colours');
        body.color = jsonColor(color, m.color, z2m);
      }
      return [publish(c.command_topic, JSON.stringify({ ...body, ...transition }), c.qos)];
    },
  };
}

function jsonColor(color: HueSaturation, format: 'hs' | 'xy' | 'rgb', z2m: boolean): Record<string, number> {
  if (format === 'hs') {
    // zigbee2mqtt documents {hue, saturation}; HA's JSON schema sends {h, s}.
    return z2m ? { hue: color.hue, saturation: color.saturation } : { h: color.hue, s: color.saturation };
  }
  if (format === 'xy') return { ...hsToXy(color) };
  return { ...hsToRgb(color) };
}
