/**
 * `climate` → the compound `climate` capability. HA modes map to ours (fan_only → fan,
 * heat_cool → auto; dry has no equivalent and is ignored); temperatures are °C inside,
 * converted when the device says `temperature_unit: F`.
 */
import type { ClimateAction, ClimateMode, ClimateValue, Command } from '../../model';
import { cleanText } from '../../model';
import type { StateReport } from '../integration';
import {
  invalid,
  isNone,
  notWritable,
  numberOf,
  publish,
  renderCommand,
  renderState,
  tidy,
  type MappedEntity,
  type Publish,
} from './entity';
import type { ClimateConfig } from './schemas';

const MODE_FROM_HA: Record<string, ClimateMode> = {
  off: 'off',
  heat: 'heat',
  cool: 'cool',
  auto: 'auto',
  heat_cool: 'auto',
  fan_only: 'fan',
};
const ACTION_FROM_HA: Record<string, ClimateAction> = {
  off: 'off',
  idle: 'idle',
  heating: 'heating',
  preheating: 'heating',
  cooling: 'cooling',
  fan: 'fan',
};
const EMPTY: ClimateValue = { mode: null, targetTemperature: null, currentTemperature: null, action: null, preset: null };

/** Our mode → the HA mode this device accepts (preferring an exact `auto` over `heat_cool`). */
export function haMode(mode: ClimateMode, modes: string[]): string | undefined {
  const candidates = mode === 'auto' ? ['auto', 'heat_cool'] : mode === 'fan' ? ['fan_only'] : [mode];
  return candidates.find((m) => modes.includes(m));
}

export function mapClimate(c: ClimateConfig): MappedEntity {
  const fahrenheit = c.temperature_unit === 'F';
  const toC = (v: number) => (fahrenheit ? Math.round((((v - 32) * 5) / 9) * 100) / 100 : v);
  const fromC = (v: number) => (fahrenheit ? (v * 9) / 5 + 32 : v);
  const min = c.min_temp ?? (fahrenheit ? 45 : 7);
  const max = c.max_temp ?? (fahrenheit ? 95 : 35);
  const ourModes = [...new Set(c.modes.map((m) => MODE_FROM_HA[m]).filter((m): m is ClimateMode => !!m))];
  const presets = c.preset_modes.filter((p) => p !== 'none');
  const writable = !!(c.mode_command_topic || c.temperature_command_topic || c.preset_mode_command_topic);
  const stateTopics = [
    c.mode_state_topic,
    c.temperature_state_topic,
    c.current_temperature_topic,
    c.action_topic,
    c.preset_mode_state_topic,
  ];

  return {
    capabilities: {
      climate: {
        value: EMPTY,
        writable,
        min: toC(min),
        max: toC(max),
        step: fahrenheit ? tidy((c.temp_step * 5) / 9) : c.temp_step,
        unit: '°C',
        options: ourModes,
        ...(presets.length ? { presets } : {}),
      },
    },
    stateTopics: [...new Set(stateTopics.filter((t): t is string => !!t))],
    parseState(topic, payload, previous): StateReport {
      const next: ClimateValue = { ...(previous.climate ?? EMPTY) };
      let changed = false;
      const text = (t: string | undefined) => renderState(t ?? c.value_template, payload).text;
      if (topic === c.mode_state_topic) {
        const m = text(c.mode_state_template);
        if (m !== '') [next.mode, changed] = [MODE_FROM_HA[m] ?? null, true];
      }
      if (topic === c.temperature_state_topic) {
        const n = numberOf(renderState(c.temperature_state_template ?? c.value_template, payload));
        if (n !== undefined) [next.targetTemperature, changed] = [n === null ? null : toC(n), true];
      }
      if (topic === c.current_temperature_topic) {
        const n = numberOf(renderState(c.current_temperature_template ?? c.value_template, payload));
        if (n !== undefined) [next.currentTemperature, changed] = [n === null ? null : toC(n), true];
      }
      if (topic === c.action_topic) {
        const a = text(c.action_template);
        if (a !== '') [next.action, changed] = [ACTION_FROM_HA[a] ?? null, true];
      }
      if (topic === c.preset_mode_state_topic) {
        const p = text(c.preset_mode_value_template);
        if (p !== '') [next.preset, changed] = [isNone(p) || p === 'none' ? null : cleanText(p), true];
      }
      return changed ? { climate: next } : {};
    },
    command(command: Command) {
      const cmd = command.climate;
      if (!cmd) return [];
      const out: Publish[] = [];
      if (cmd.mode !== undefined) {
        if (!c.mode_command_topic) notWritable('This thermostat does not accept mode changes');
        const mode = haMode(cmd.mode, c.modes);
        if (!mode) invalid(`Mode '${cmd.mode}' is not supported; supported: ${ourModes.join(', ')}`);
        out.push(publish(c.mode_command_topic, renderCommand(c.mode_command_template, mode), c.qos));
      }
      if (cmd.targetTemperature !== undefined) {
        if (!c.temperature_command_topic) notWritable('This thermostat does not accept a target temperature');
        const v = tidy(fromC(cmd.targetTemperature));
        const unit = fahrenheit ? '°F' : '°C';
        if (v < min || v > max) invalid(`Target temperature ${v} ${unit} is outside the range ${min}–${max} ${unit}`);
        const steps = v / c.temp_step;
        if (Math.abs(steps - Math.round(steps)) > 1e-6)
          invalid(`Target temperature ${v} ${unit} is not a multiple of the ${c.temp_step} ${unit} step`);
        out.push(publish(c.temperature_command_topic, renderCommand(c.temperature_command_template, v), c.qos));
      }
      if (cmd.preset !== undefined) {
        if (!c.preset_mode_command_topic) notWritable('This thermostat has no presets');
        if (!presets.includes(cmd.preset)) invalid(`Preset '${cmd.preset}' is not one of: ${presets.join(', ')}`);
        out.push(publish(c.preset_mode_command_topic, renderCommand(c.preset_mode_command_template, cmd.preset), c.qos));
      }
      return out;
    },
  };
}
