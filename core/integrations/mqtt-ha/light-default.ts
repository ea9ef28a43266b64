/**
 * Default-schema lights (Tasmota legacy, hand-written configs): one topic per attribute,
 * plain-text payloads (`ON`, `128`, `300`, `h,s`, `x,y`, `r,g,b`).
 */
import type { Command } from '../../model';
import type { StateReport } from '../integration';
import { hsToRgb, hsToXy, rgbToHs, xyToHs } from '../../model/color';
import {
  invalid,
  isNone,
  numberOf,
  payloadMatches,
  publish,
  renderCommand,
  renderState,
  type MappedEntity,
  type Publish,
} from './entity';
import {
  brightnessToPercent,
  colorTempToKelvin,
  kelvinToColorTemp,
  lightCapabilities,
  percentToBrightness,
  type LightModel,
} from './light-model';
import type { LightConfig } from './schemas';

function numbers(text: string, count: number): number[] | undefined {
  const parts = text.split(',').map((p) => Number(p.trim()));
  return parts.length === count && parts.every(Number.isFinite) ? parts : undefined;
}

export function mapDefaultLight(c: LightConfig, m: LightModel): MappedEntity {
  const stateTopics = [
    c.state_topic,
    c.brightness_state_topic,
    c.color_temp_state_topic,
    c.hs_state_topic,
    c.xy_state_topic,
    c.rgb_state_topic,
  ];
  return {
    capabilities: lightCapabilities(m),
    stateTopics: [...new Set(stateTopics.filter((t): t is string => !!t))],
    parseState(topic, payload): StateReport {
      const report: StateReport = {};
      if (topic === c.state_topic) {
        const { text } = renderState(c.state_value_template, payload);
        if (payloadMatches(text, c.payload_on)) report.power = true;
        else if (payloadMatches(text, c.payload_off)) report.power = false;
        else if (isNone(text)) report.power = null;
      }
      if (m.brightness && topic === c.brightness_state_topic) {
        const n = numberOf(renderState(c.brightness_value_template, payload));
        if (n !== undefined) report.brightness = n === null ? null : brightnessToPercent(n, c.brightness_scale);
      }
      if (m.colorTemp && topic === c.color_temp_state_topic) {
        const n = numberOf(renderState(c.color_temp_value_template, payload));
        if (n !== undefined) report.colorTemperature = n === null ? null : colorTempToKelvin(n, m.range);
      }
      if (topic === c.hs_state_topic) {
        const hs = numbers(renderState(c.hs_value_template, payload).text, 2);
        if (hs) report.color = { hue: Math.min(360, Math.max(0, hs[0]!)), saturation: Math.min(100, Math.max(0, hs[1]!)) };
      }
      if (topic === c.xy_state_topic) {
        const xy = numbers(renderState(c.xy_value_template, payload).text, 2);
        if (xy) report.color = xyToHs({ x: xy[0]!, y: xy[1]! });
      }
      if (topic === c.rgb_state_topic) {
        const rgb = numbers(renderState(c.rgb_value_template, payload).text, 3);
        if (rgb) report.color = rgbToHs({ r: rgb[0]!, g: rgb[1]!, b: rgb[2]! });
      }
      return report;
    },
    command(command: Command) {
      const { power, brightness, colorTemperature, color } = command;
      const attributes = brightness !== undefined || colorTemperature !== undefined || color !== undefined;
      if (power === undefined && !attributes) return [];
      if (power === false || (brightness === 0 && power === undefined && colorTemperature === undefined && color === undefined)) {
        if (attributes && brightness !== 0) invalid('Cannot change brightness or colour while turning the light off');
        return [publish(c.command_topic, c.payload_off, c.qos)];
      }
      if (brightness === 0) invalid('Brightness 0 % while turning on: use power off instead');
      const out: Publish[] = [];
      if (brightness !== undefined) {
        if (!m.brightness || !c.brightness_command_topic) invalid('This light cannot be dimmed');
        const value = percentToBrightness(brightness, c.brightness_scale);
        out.push(publish(c.brightness_command_topic, renderCommand(c.brightness_command_template, value), c.qos));
      }
      if (colorTemperature !== undefined) {
        if (!m.colorTemp || !c.color_temp_command_topic) invalid('This light has no adjustable colour temperature');
        const value = kelvinToColorTemp(colorTemperature, m.range);
        out.push(publish(c.color_temp_command_topic, renderCommand(c.color_temp_command_template, value), c.qos));
      }
      if (color !== undefined) {
        if (m.color === 'hs' && c.hs_command_topic) {
          const text = `${color.hue},${color.saturation}`;
          out.push(
            publish(
              c.hs_command_topic,
              renderCommand(c.hs_command_template, text, { hue: color.hue, sat: color.saturation }),
              c.qos,
            ),
          );
        } else if (m.color === 'xy' && c.xy_command_topic) {
          const { x, y } = hsToXy(color);
          out.push(publish(c.xy_command_topic, renderCommand(c.xy_command_template, `${x},${y}`, { x, y }), c.qos));
        } else if (m.color === 'rgb' && c.rgb_command_topic) {
          const { r, g, b } = hsToRgb(color);
          out.push(
            publish(
              c.rgb_command_topic,
              renderCommand(c.rgb_command_template, `${r},${g},${b}`, { red: r, green: g, blue: b }),
              c.qos,
            ),
          );
        } else invalid('This light cannot show colours');
      }
      // HA's on_command_type: 'first' sends ON before the attributes, 'last' after, 'brightness' never
      // (the brightness command turns the light on; plain "on" becomes full brightness).
      const on = publish(c.command_topic, c.payload_on, c.qos);
      if (c.on_command_type === 'brightness' && c.brightness_command_topic) {
        if (brightness === undefined)
          out.unshift(
            publish(c.brightness_command_topic, renderCommand(c.brightness_command_template, c.brightness_scale), c.qos),
          );
        return out;
      }
      return c.on_command_type === 'first' ? [on, ...out] : [...out, on];
    },
  };
}
