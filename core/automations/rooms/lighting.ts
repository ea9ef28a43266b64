/**
 * What the room wants from one light, pure: proposals for the arbiter. On at the adapted level in
 * one command (no flash) when occupied and dark enough; slow follow of the curve while on; dim before
 * off while the room clears; off when vacant; manual overrides held; a light switched off by hand
 * stays off.
 */
import type { Command, LightingSettings, LightOverride, OccupancyState } from '../../model';
import type { Proposal } from './arbiter';
import { describeOverride } from './overrides';
import type { ActivePreference } from './preferences';

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

export interface LightContext {
  settings: LightingSettings;
  occupancy: OccupancyState;
  /** "occupied since 19:02 by Office motion". */
  occupancyFact: string;
  /** Ambient light (lux) measured in the room; null when it has no sensor. */
  lux: number | null;
  preference: ActivePreference;
  /** A manual override that still holds. */
  override: LightOverride | undefined;
  /** We dimmed this light because the room is clearing. */
  dimmed: boolean;
  /** Slow follow may take its next step (the runner allows one a minute). */
  adaptDue: boolean;
}

/** Per slow-follow step: small enough that nobody notices the light changing. */
export const FOLLOW_STEP = { brightness: 5, kelvin: 150 };
const TOLERANCE = { brightness: 2, kelvin: 60 };

const clampKelvin = (k: number, light: LightView) =>
  Math.round(Math.min(light.maxKelvin ?? 6500, Math.max(light.minKelvin ?? 1500, k)));
const toward = (from: number, to: number, step: number) =>
  Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step;

/** The full adapted level for switching on, as one command. */
export function onCommand(light: LightView, pref: ActivePreference, override?: LightOverride): Command {
  const c: Command = { power: true };
  if (light.canDim && !override?.brightness) c.brightness = pref.level.brightness;
  if (light.canKelvin && !override?.color) c.colorTemperature = clampKelvin(pref.level.kelvin, light);
  return c;
}

export function proposeLight(light: LightView, ctx: LightContext): Proposal[] {
  const { settings, occupancy, override, preference } = ctx;
  if (settings.mode === 'off' || occupancy.paused) return [];
  const out: Proposal[] = [];
  const facts = [ctx.occupancyFact];
  if (override) {
    const holds = override.keptOff
      ? (['power'] as const)
      : ([...(override.brightness ? ['brightness'] : []), ...(override.color ? ['colorTemperature', 'color'] : [])] as const);
    out.push({
      writer: 'manual',
      command: null,
      holds: [...holds] as Proposal['holds'],
      text: describeOverride(override, settings.overridePolicy),
      facts: [],
    });
  }

  if (occupancy.state === 'vacant') {
    if (light.on) out.push({ writer: 'occupancy', command: { power: false }, text: 'room vacant', facts });
    return out;
  }
  if (occupancy.state === 'leaving') {
    if (
      light.on &&
      !ctx.dimmed &&
      light.canDim &&
      settings.dimPercent > 0 &&
      !override?.brightness &&
      light.brightness !== null
    ) {
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
    if (ctx.lux !== null && ctx.lux >= settings.luxThreshold) return out;
    const dark = ctx.lux === null ? 'no light sensor' : `${Math.round(ctx.lux)} lx < ${settings.luxThreshold} lx`;
    out.push({
      writer: 'occupancy',
      command: onCommand(light, preference, override),
      text: preference.text,
      facts: [...facts, dark],
    });
    return out;
  }
  if (ctx.dimmed) {
    const restore: Command = {};
    if (light.canDim && !override?.brightness) restore.brightness = preference.level.brightness;
    if (Object.keys(restore).length > 0)
      out.push({ writer: 'occupancy', command: restore, text: `activity again: ${preference.text}`, facts });
    return out;
  }
  if (!ctx.adaptDue) return out;
  const follow: Command = {};
  if (
    light.canDim &&
    light.brightness !== null &&
    Math.abs(light.brightness - preference.level.brightness) > TOLERANCE.brightness
  )
    follow.brightness = toward(light.brightness, preference.level.brightness, FOLLOW_STEP.brightness);
  const kelvin = clampKelvin(preference.level.kelvin, light);
  if (light.canKelvin && light.kelvin !== null && Math.abs(light.kelvin - kelvin) > TOLERANCE.kelvin)
    follow.colorTemperature = Math.round(toward(light.kelvin, kelvin, FOLLOW_STEP.kelvin));
  if (Object.keys(follow).length > 0)
    out.push({ writer: 'circadian', command: follow, text: `following ${preference.text}`, facts: [] });
  return out;
}
