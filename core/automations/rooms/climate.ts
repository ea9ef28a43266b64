/**
 * What the room wants from one thermostat, pure: comfort while occupied, economy after a vacant
 * delay, pre-conditioning before scheduled occupancy (started early by the learned rate), heating off
 * (frost floor) or cooling off while a window is open, a manual change held until the next scheduled
 * change, minimum on/off times for the boiler or compressor, and never a target below frost protection.
 *
 * Heating and cooling are decided per device: cooling needs a room whose `mode` is `cool` or `auto`
 * and a thermostat whose supported modes (`options`) include `cool`; every other thermostat only
 * heats, as before. In `auto` the room cools once it is warmer than the cool setpoint and heats once
 * it is colder than the heat setpoint; in between (the dead band, at least 1 °C) the device keeps its
 * mode. A setpoint is always sent with the mode it belongs to when the device is in another mode, a
 * room at the frost limit always heats, and nothing ever cools a room at or below frost protection.
 */
import type { ClimateMode, ClimateSettings, OccupancyState } from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import type { Proposal } from './arbiter';
import { currentOrNext } from './schedule';

export interface ClimateView {
  id: string;
  name: string;
  mode: ClimateMode | null;
  target: number | null;
  min?: number;
  max?: number;
  step?: number;
  /** Supported modes (the capability's `options`); absent → a heating-only thermostat. */
  modes?: readonly string[];
}

/** What a plan does with the device: heat or cool toward `targetC`, or switch it off. */
export type ClimatePlanMode = 'heat' | 'cool' | 'off';

export interface ClimateContext {
  settings: ClimateSettings;
  occupancy: OccupancyState;
  occupancyFact: string;
  /** Comfort temperature in force (a present person's, else the room's) and whose it is. */
  comfortC: number;
  comfortWho: string | null;
  roomTempC: number | null;
  /** When the window that has been open longest was opened; null when all are closed. */
  windowOpenSince: number | null;
  /** A temperature set by hand; `until` Infinity: kept until someone changes it. */
  manualHold: { targetC: number; until: number; mode?: ClimateMode } | undefined;
  rateCPerHour: number;
  rateLearned: boolean;
  /** The learned cooling rate (°C/h the room drops while cooling); absent → the configured fallback. */
  coolRateCPerHour?: number;
  coolRateLearned?: boolean;
  /**
   * When our commanded demand last flipped: on = the target asks the device to run (heat: above the
   * room's temperature; cool: below it), in `mode` (absent: heat).
   */
  demand: { on: boolean; since: number; mode?: 'heat' | 'cool' } | undefined;
  /**
   * A meeting room's bookings (core/automations/meetings) in place of the weekly schedule: each is conditioned for
   * like a scheduled period, pre-conditioning at most `leadCapMs` early; released and ended ones are not listed.
   */
  periods?: readonly { start: number; end: number; label: string; leadCapMs: number }[];
  /** Start of the scheduled period pre-conditioning has already begun for (it then keeps going). */
  preheatingFor: number | null;
  now: number;
  /** Times and temperatures in the sentences, as the settings ask (default 24 h, °C). */
  format?: TextFormat;
}

export interface ClimatePlan {
  proposals: Proposal[];
  mode: ClimatePlanMode;
  targetC: number;
  /** "Pre-heating to 21 °C by 17:00, started 15:12". */
  text: string;
  next: { at: number; text: string } | null;
  /** The period start pre-conditioning is committed to (pass back as `preheatingFor`). */
  preheatingFor: number | null;
}

function roundTo(value: number, device: ClimateView): number {
  const step = device.step ?? 0.5;
  const v = Math.round(value / step) * step;
  return Math.min(device.max ?? 35, Math.max(device.min ?? 5, v));
}

/** The pre-conditioning lead for a room `needC` short of comfort (below it to heat, above it to cool). */
export function leadMs(needC: number, rateCPerHour: number): number {
  return (Math.max(0, needC) / Math.max(0.1, rateCPerHour)) * 3_600_000;
}

/** The least gap between the heat and the cool setpoint in `auto`, so the two never fight. */
export const DEAD_BAND_C = 1;

interface Side {
  target: number;
  writer: Proposal['writer'];
  text: string;
  facts: string[];
  next: ClimatePlan['next'];
  preheatingFor: number | null;
}

/** Comfort, economy or pre-conditioning for one direction (heat or cool), from occupancy and the schedule. */
function planSide(kind: 'heat' | 'cool', ctx: ClimateContext): Side {
  const { settings: s, occupancy, now } = ctx;
  const f = ctx.format ?? DEFAULT_TEXT_FORMAT;
  const heat = kind === 'heat';
  const comfort = heat ? ctx.comfortC : s.comfortCoolC;
  const economy = heat ? s.economyHeatC : s.economyCoolC;
  const who = heat && ctx.comfortWho ? ` of ${ctx.comfortWho}` : '';
  const cool = heat ? '' : 'cool ';
  const verb = heat ? 'pre-heating' : 'pre-cooling';
  const rateC = heat ? ctx.rateCPerHour : (ctx.coolRateCPerHour ?? s.fallbackRateCPerHour);
  const learned = heat ? ctx.rateLearned : (ctx.coolRateLearned ?? false);
  const vacantFor = occupancy.state === 'vacant' ? now - occupancy.since : 0;
  const booking = ctx.periods
    ? (ctx.periods.find((p) => p.start <= now && now < p.end) ?? ctx.periods.find((p) => p.start > now))
    : undefined;
  const occ = ctx.periods ? booking : currentOrNext(s.schedule, now);
  const forWhat = booking ? ` for ${booking.label}` : '';
  const facts: string[] = [];
  let next: ClimatePlan['next'] = null;
  let preheatingFor: number | null = null;

  if (occupancy.state !== 'vacant' || vacantFor < s.vacantDelayMin * 60_000) {
    facts.push(ctx.occupancyFact);
    if (occupancy.state === 'vacant')
      next = {
        at: occupancy.since + s.vacantDelayMin * 60_000,
        text: `${cool}economy ${f.temperature(economy)} unless someone comes back`,
      };
    return {
      target: comfort,
      writer: 'occupancy',
      text:
        occupancy.state === 'vacant'
          ? `${cool}comfort${who} ${f.temperature(comfort)} (vacant less than ${s.vacantDelayMin} min)`
          : `${cool}comfort${who} ${f.temperature(comfort)}`,
      facts,
      next,
      preheatingFor,
    };
  }
  const t = ctx.roomTempC;
  const need = heat ? (t === null ? comfort - economy : comfort - t) : t === null ? economy - comfort : t - comfort;
  const lead = Math.min(leadMs(need, rateC), booking?.leadCapMs ?? Infinity);
  const rate = `${f.rate(rateC)} ${learned ? 'learned' : 'configured'}`;
  // Smart away inside a scheduled period: people came and left (vacant delay), or never came (no-show).
  const leftEarly = occ !== undefined && occupancy.since > occ.start;
  const awayMs = (leftEarly ? s.vacantDelayMin : s.noShowMin) * 60_000;
  // A booking's no-show is the meeting lifecycle's to decide (it releases the booking, which leaves the list).
  const noShow = !booking && occ !== undefined && now >= occ.start + awayMs && vacantFor >= awayMs;
  // Once started, pre-conditioning keeps going: the shrinking lead must not switch it off and on.
  const committed = occ !== undefined && ctx.preheatingFor === occ.start;
  if (occ && (now >= occ.start - lead || committed) && now < occ.end && !noShow) {
    if (now < occ.start) preheatingFor = occ.start;
    return {
      target: comfort,
      writer: 'schedule',
      text:
        now < occ.start
          ? `${verb} to ${f.temperature(comfort)} by ${f.time(occ.start)}${forWhat} (${rate})`
          : booking
            ? `${booking.label} until ${f.time(occ.end)}: ${cool}comfort ${f.temperature(comfort)}`
            : `scheduled occupancy until ${f.time(occ.end)}: ${cool}comfort ${f.temperature(comfort)}`,
      facts,
      next: {
        at: occ.end,
        text: `${cool}economy ${f.temperature(economy)} after ${booking ? booking.label : 'the scheduled period'}`,
      },
      preheatingFor,
    };
  }
  if (occ && !noShow)
    next = {
      at: Math.max(now, occ.start - lead),
      text: `${verb} to ${f.temperature(comfort)} by ${f.time(occ.start)}${forWhat} (${rate})`,
    };
  return {
    target: economy,
    writer: 'schedule',
    text: noShow
      ? `${cool}economy ${f.temperature(economy)}: scheduled until ${f.time(occ!.end)}, but nobody ${leftEarly ? 'here' : 'came'} since ${f.time(occupancy.since)}`
      : `${cool}economy ${f.temperature(economy)}: vacant since ${f.time(occupancy.since)}`,
    facts,
    next,
    preheatingFor,
  };
}

/** Whether a command for `mode` toward `target` makes the device run (heat: target above the room, cool: below). */
export function demands(mode: ClimatePlanMode, target: number, roomTempC: number | null): boolean {
  if (roomTempC === null || mode === 'off') return false;
  return mode === 'heat' ? target > roomTempC : target < roomTempC;
}

export function planClimate(device: ClimateView, ctx: ClimateContext): ClimatePlan {
  const { settings: s, now } = ctx;
  const f = ctx.format ?? DEFAULT_TEXT_FORMAT;
  const frost = s.frostC;
  const t = ctx.roomTempC;
  const roomMode = s.mode ?? 'heat';
  const canCool = device.modes?.includes('cool') === true;
  const canHeat = device.modes === undefined || device.modes.includes('heat');
  const canOff = device.modes?.includes('off') === true;
  const frostDanger = t !== null && t <= frost;

  // Heat side: the room's heating (in a cool-only room, frost protection only, whatever the device).
  const heat: Side =
    roomMode === 'cool'
      ? {
          target: frost,
          writer: 'schedule',
          text: `cooling only: heating off (frost protection ${f.temperature(frost)})`,
          facts: [],
          next: null,
          preheatingFor: null,
        }
      : planSide('heat', ctx);
  heat.target = Math.max(frost, roundTo(Math.max(frost, heat.target), device));
  const coolSide = roomMode !== 'heat' && canCool ? planSide('cool', ctx) : null;
  if (coolSide) {
    coolSide.target = Math.max(frost, roundTo(coolSide.target, device));
    if (roomMode === 'auto' && coolSide.target < heat.target + DEAD_BAND_C)
      coolSide.target = roundTo(heat.target + DEAD_BAND_C, device);
  }

  let mode: 'heat' | 'cool' = 'heat';
  if (coolSide) {
    if (roomMode === 'cool' || !canHeat) mode = 'cool';
    else if (t === null) mode = device.mode === 'cool' ? 'cool' : 'heat';
    else if (t > coolSide.target) mode = 'cool';
    else if (t < heat.target) mode = 'heat';
    // In the dead band the device keeps its mode (no switching back and forth), else the nearer side.
    else if (device.mode === 'cool' || device.mode === 'heat') mode = device.mode;
    else mode = t - heat.target <= coolSide.target - t ? 'heat' : 'cool';
  }
  // Never cool a room at or below frost protection: it heats (a device that cannot heat is switched off).
  const coolBlocked = mode === 'cool' && frostDanger;
  if (coolBlocked && canHeat) mode = 'heat';
  const side = mode === 'cool' && coolSide ? coolSide : heat;
  let planMode: ClimatePlanMode = coolBlocked && !canHeat ? (canOff ? 'off' : 'cool') : mode;
  let { target, writer, text } = side;
  let next = side.next;
  const facts = side.facts;
  const preheatingFor = side.preheatingFor;
  if (coolBlocked && !canHeat) {
    target = roundTo(device.max ?? 35, device);
    writer = 'safety';
    text = `${f.temperature(t)} is at frost protection (${f.temperature(frost)}): cooling off`;
    next = null;
  }

  const windowOpen = ctx.windowOpenSince !== null && now - ctx.windowOpenSince >= s.windowOpenMin * 60_000;
  if (windowOpen) {
    writer = 'safety';
    next = null;
    if (planMode === 'heat') {
      target = frost;
      text = `window open since ${f.time(ctx.windowOpenSince!)}: heating off until it closes (frost protection ${f.temperature(frost)})`;
    } else {
      // Cooling off: the device's own off mode, else a cool setpoint nothing reaches.
      if (canOff) planMode = 'off';
      else target = roundTo(device.max ?? 35, device);
      text = `window open since ${f.time(ctx.windowOpenSince!)}: cooling off until it closes`;
    }
  }
  target = Math.max(frost, roundTo(Math.max(frost, target), device));

  const proposals: Proposal[] = [];
  if (ctx.manualHold && !windowOpen) {
    const held = ctx.manualHold.mode ? ` ${ctx.manualHold.mode}` : '';
    proposals.push({
      writer: 'manual',
      command: null,
      holds: ['climate'],
      text: `${f.temperature(ctx.manualHold.targetC)}${held} set by hand; kept ${
        Number.isFinite(ctx.manualHold.until) ? `until ${f.time(ctx.manualHold.until)}` : 'until you change it'
      }`,
      facts: [],
    });
    if (Number.isFinite(ctx.manualHold.until))
      next = {
        at: ctx.manualHold.until,
        text: `back to automatic (${f.temperature(target)}${planMode === 'heat' ? '' : ` ${planMode}`})`,
      };
    else next = null;
  }

  // Minimum cycle times: a change that would start, stop or reverse the boiler or compressor waits for them.
  const wants = demands(planMode, target, t);
  const d = ctx.demand;
  const running = d?.mode ?? 'heat';
  let guard = 0;
  let guardOn = false;
  if (d && t !== null) {
    if (d.on && (!wants || planMode !== running)) [guard, guardOn] = [s.minOnMin * 60_000 - (now - d.since), true];
    else if (!d.on && wants) guard = s.minOffMin * 60_000 - (now - d.since);
  }
  const unchanged =
    planMode === 'off'
      ? device.mode === 'off'
      : device.target !== null && Math.abs(device.target - target) < 0.05 && device.mode === planMode;
  if (!unchanged) {
    // Safety first: a room at the frost limit heats now, cycle times or not.
    if (guard > 0 && !(frostDanger && planMode === 'heat')) {
      const which = guardOn ? 'on' : 'off';
      proposals.push({
        writer,
        command: null,
        holds: ['climate'],
        text: `${text} — waiting ${Math.ceil(guard / 60_000)} min for the minimum ${which} time`,
        facts,
      });
      const what = planMode === 'off' ? 'off' : `${f.temperature(target)}${planMode === 'cool' ? ' cool' : ''}`;
      next = { at: now + guard, text: `${what} once the minimum ${which} time has passed` };
    } else {
      const climate =
        planMode === 'off'
          ? { mode: 'off' as const }
          : device.mode === planMode
            ? { targetTemperature: target }
            : { mode: planMode, targetTemperature: target };
      proposals.push({ writer, command: { climate }, text, facts });
    }
  }
  return { proposals, mode: planMode, targetC: target, text, next, preheatingFor };
}
