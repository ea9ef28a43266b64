/**
 * What the room wants from one light, pure: proposals for the arbiter. On at the adapted level in
 * one command (no flash) when occupied and dark enough; slow follow of the curve while on; dim before
 * off while the room clears; off when vacant; manual overrides held; a light switched off by hand
 * stays off.
 */
import type { Command, LightingSettings, LightOverride, OccupancyState } from '../../model';
import type { Proposal } from './arbiter';
import { describeOverride, HELD_BY_OVERRIDE } from './overrides';
import type { ActivePreference } from './preferences';
import type { TextFormat } from '../../model/format';

export interface LightView {
  id: string;
  name: string;
  on: boolean | null;
  brightness: number | null;
  kelvin: number | null;
  canDim: boolean;
  canKelvin: boolean;
  minKelvin?: number;
  maxKelvin?: number;
}

export interface RoomLight {
  /** The darkest reading (lights add to it; the darkest is nearest ambient); null when none has reported. */
  lux: number | null;
  /** The sensor that reported it. */
  sensor: string | null;
  /** Devices in the room that measure light at all (a motion sensor often does). */
  sensors: string[];
}

export interface LightContext {
  settings: LightingSettings;
  occupancy: OccupancyState;
  /** "occupied since 19:02 by Office motion". */
  occupancyFact: string;
  /** Ambient light measured in the room, and by which sensors. */
  light: RoomLight;
  preference: ActivePreference;
  /** A manual override that still holds. */
  override: LightOverride | undefined;
  /** We dimmed this light because the room is clearing, or "Resume automatic" asks for the full level at once. */
  dimmed: boolean;
  /** The override that just ended, in words ("manual hold ended: switched off"), for the next decision. */
  resumedBecause?: string;
  /** Slow follow may take its next step (the runner allows one a minute). */
  adaptDue: boolean;
  /**
   * Whose preference applies changed since the last evaluation (someone arrived or left): the lights
   * move to the new level in one go — slow follow is for the curve drifting, not for a person walking in.
   */
  preferenceChanged?: boolean;
  /** Times and temperatures in the sentences, as the settings ask (default 24 h, °C). */
  format?: TextFormat;
}

/** Per slow-follow step: small enough that nobody notices the light changing. */
export const FOLLOW_STEP = { brightness: 5, kelvin: 150 };
const TOLERANCE = { brightness: 2, kelvin: 60 };

const clampKelvin = (k: number, light: LightView) =>
  Math.round(Math.min(light.maxKelvin ?? 6500, Math.max(light.minKelvin ?? 1500, k)));
const toward = (from: number, to: number, step: number) =>
  Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step;

/** The full adapted level for switching on, as one command (a held level stays as the person set it). */
export function onCommand(light: LightView, pref: ActivePreference, override?: LightOverride): Command {
  const c: Command = { power: true };
  if (override && !override.keptOff) return c;
  if (light.canDim) c.brightness = pref.level.brightness;
  if (light.canKelvin) c.colorTemperature = clampKelvin(pref.level.kelvin, light);
  return c;
}

/** "5 lx at Hallway motion < 60 lx"; never claims a sensor is missing when the room has one. */
export function darkFact(light: RoomLight, threshold: number): string {
  if (light.lux !== null) return `${Math.round(light.lux)} lx at ${light.sensor} < ${threshold} lx`;
  if (light.sensors.length > 0) return `light level not reported yet by ${light.sensors.join(', ')}`;
  return 'no light sensor';
}

export function proposeLight(light: LightView, ctx: LightContext): Proposal[] {
  const { settings, occupancy, override, preference } = ctx;
  if (settings.mode === 'off' || occupancy.paused) return [];
  const out: Proposal[] = [];
  const facts = [ctx.occupancyFact];
  const held = override !== undefined && !override.keptOff;
  if (override) {
    out.push({
      writer: 'manual',
      command: null,
      holds: override.keptOff ? ['power'] : [...HELD_BY_OVERRIDE],
      text: describeOverride(override, settings.overridePolicy, ctx.format),
      facts: [],
    });
  }
  const again = ctx.resumedBecause ? `${ctx.resumedBecause}; ` : '';

  if (occupancy.state === 'vacant') {
    if (light.on) out.push({ writer: 'occupancy', command: { power: false }, text: 'room vacant', facts });
    return out;
  }
  if (occupancy.state === 'leaving') {
    if (light.on && !ctx.dimmed && light.canDim && settings.dimPercent > 0 && !held && light.brightness !== null) {
      const dim = Math.max(1, Math.round((light.brightness * settings.dimPercent) / 100));
      out.push({
        writer: 'occupancy',
        command: { brightness: dim },
        text: 'room clearing: dimmed before off, any motion restores it',
        facts,
      });
    }
    return out;
  }

  // Occupied.
  if (!light.on) {
    if (override?.keptOff || settings.mode !== 'auto') return out;
    if (ctx.light.lux !== null && ctx.light.lux >= settings.luxThreshold) return out;
    out.push({
      writer: 'occupancy',
      command: onCommand(light, preference, override),
      text: `${again}${preference.text}`,
      facts: [...facts, darkFact(ctx.light, settings.luxThreshold)],
    });
    return out;
  }
  if (held) return out;
  if (ctx.dimmed || ctx.resumedBecause || ctx.preferenceChanged) {
    const restore = levelChange(light, preference, 0);
    if (Object.keys(restore).length > 0)
      out.push({
        writer: 'occupancy',
        command: restore,
        text: ctx.resumedBecause || ctx.preferenceChanged ? `${again}${preference.text}` : `activity again: ${preference.text}`,
        facts,
      });
    return out;
  }
  if (!ctx.adaptDue) return out;
  const follow = levelChange(light, preference, 1);
  if (Object.keys(follow).length > 0)
    out.push({ writer: 'circadian', command: follow, text: `following ${preference.text}`, facts: [] });
  return out;
}

/** Toward the preferred level: in one go (`steps` 0) or by one unnoticeable slow-follow step. */
function levelChange(light: LightView, preference: ActivePreference, steps: 0 | 1): Command {
  const c: Command = {};
  const target = preference.level.brightness;
  if (light.canDim && light.brightness !== null && Math.abs(light.brightness - target) > TOLERANCE.brightness)
    c.brightness = steps === 0 ? target : toward(light.brightness, target, FOLLOW_STEP.brightness);
  const kelvin = clampKelvin(preference.level.kelvin, light);
  if (light.canKelvin && light.kelvin !== null && Math.abs(light.kelvin - kelvin) > TOLERANCE.kelvin)
    c.colorTemperature = steps === 0 ? kelvin : Math.round(toward(light.kelvin, kelvin, FOLLOW_STEP.kelvin));
  return c;
}
