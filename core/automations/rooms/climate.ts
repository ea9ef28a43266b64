/**
 * What the room wants from one thermostat, pure: comfort while occupied, economy after a vacant
 * delay, pre-conditioning before scheduled occupancy (started early by the learned rate), heating off
 * (frost floor) while a window is open, a manual change held until the next scheduled change,
 * minimum on/off times for the boiler or compressor, and never a target below frost protection.
 */
import type { ClimateMode, ClimateSettings, OccupancyState } from '../../model';
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
}

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
  manualHold: { targetC: number; until: number } | undefined;
  rateCPerHour: number;
  rateLearned: boolean;
  /** When our commanded demand (target above room temperature) last flipped. */
  demand: { on: boolean; since: number } | undefined;
  /** Start of the scheduled period pre-conditioning has already begun for (it then keeps going). */
  preheatingFor: number | null;
  now: number;
}

export interface ClimatePlan {
  proposals: Proposal[];
  targetC: number;
  /** "Pre-heating to 21 °C by 17:00, started 15:12". */
  text: string;
  next: { at: number; text: string } | null;
  /** The period start pre-conditioning is committed to (pass back as `preheatingFor`). */
  preheatingFor: number | null;
}

export const hhmm = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

function roundTo(value: number, device: ClimateView): number {
  const step = device.step ?? 0.5;
  const v = Math.round(value / step) * step;
  return Math.min(device.max ?? 35, Math.max(device.min ?? 5, v));
}

/** The pre-conditioning lead for a room `needC` below comfort. */
export function leadMs(needC: number, rateCPerHour: number): number {
  return (Math.max(0, needC) / Math.max(0.1, rateCPerHour)) * 3_600_000;
}

export function planClimate(device: ClimateView, ctx: ClimateContext): ClimatePlan {
  const { settings: s, occupancy, now } = ctx;
  const frost = s.frostC;
  const comfort = ctx.comfortC;
  const who = ctx.comfortWho ? ` of ${ctx.comfortWho}` : '';
  const vacantFor = occupancy.state === 'vacant' ? now - occupancy.since : 0;
  const occ = currentOrNext(s.schedule, now);
  let target: number;
  let writer: Proposal['writer'];
  let text: string;
  const facts: string[] = [];
  let next: ClimatePlan['next'] = null;
  let preheatingFor: number | null = null;

  const windowOpen = ctx.windowOpenSince !== null && now - ctx.windowOpenSince >= s.windowOpenMin * 60_000;
  if (windowOpen) {
    target = frost;
    writer = 'safety';
    text = `window open since ${hhmm(ctx.windowOpenSince!)}: heating off until it closes (frost protection ${frost} °C)`;
  } else if (occupancy.state !== 'vacant' || vacantFor < s.vacantDelayMin * 60_000) {
    target = comfort;
    writer = 'occupancy';
    text =
      occupancy.state === 'vacant'
        ? `comfort${who} ${comfort} °C (vacant less than ${s.vacantDelayMin} min)`
        : `comfort${who} ${comfort} °C`;
    facts.push(ctx.occupancyFact);
    if (occupancy.state === 'vacant')
      next = { at: occupancy.since + s.vacantDelayMin * 60_000, text: `economy ${s.economyHeatC} °C unless someone comes back` };
  } else {
    const need = ctx.roomTempC === null ? comfort - s.economyHeatC : comfort - ctx.roomTempC;
    const lead = leadMs(need, ctx.rateCPerHour);
    const rate = `${ctx.rateCPerHour.toFixed(1)} °C/h ${ctx.rateLearned ? 'learned' : 'configured'}`;
    // Smart away inside a scheduled period: people came and left (vacant delay), or never came (no-show).
    const leftEarly = occ !== undefined && occupancy.since > occ.start;
    const awayMs = (leftEarly ? s.vacantDelayMin : s.noShowMin) * 60_000;
    const noShow = occ !== undefined && now >= occ.start + awayMs && vacantFor >= awayMs;
    // Once started, pre-conditioning keeps going: the shrinking lead must not switch it off and on.
    const committed = occ !== undefined && ctx.preheatingFor === occ.start;
    if (occ && (now >= occ.start - lead || committed) && now < occ.end && !noShow) {
      if (now < occ.start) preheatingFor = occ.start;
      target = comfort;
      writer = 'schedule';
      text =
        now < occ.start
          ? `pre-heating to ${comfort} °C by ${hhmm(occ.start)} (${rate})`
          : `scheduled occupancy until ${hhmm(occ.end)}: comfort ${comfort} °C`;
      next = { at: occ.end, text: `economy ${s.economyHeatC} °C after the scheduled period` };
    } else {
      target = s.economyHeatC;
      writer = 'schedule';
      text = noShow
        ? `economy ${s.economyHeatC} °C: scheduled until ${hhmm(occ!.end)}, but nobody ${leftEarly ? 'here' : 'came'} since ${hhmm(occupancy.since)}`
        : `economy ${s.economyHeatC} °C: vacant since ${hhmm(occupancy.since)}`;
      if (occ && !noShow)
        next = { at: Math.max(now, occ.start - lead), text: `pre-heating to ${comfort} °C by ${hhmm(occ.start)} (${rate})` };
    }
  }
  if (target < frost) target = frost;
  target = Math.max(frost, roundTo(target, device));

  const proposals: Proposal[] = [];
  if (ctx.manualHold && !windowOpen) {
    proposals.push({
      writer: 'manual',
      command: null,
      holds: ['climate'],
      text: `${ctx.manualHold.targetC} °C set by hand; kept until ${hhmm(ctx.manualHold.until)}`,
      facts: [],
    });
    next = { at: ctx.manualHold.until, text: `back to automatic (${target} °C)` };
  }

  // Minimum cycle times: a change that would start or stop the heat waits for them.
  const t = ctx.roomTempC;
  const wants = t !== null && target > t;
  const d = ctx.demand;
  const guard = d && t !== null && wants !== d.on ? (d.on ? s.minOnMin : s.minOffMin) * 60_000 - (now - d.since) : 0;
  const unchanged = device.target !== null && Math.abs(device.target - target) < 0.05 && device.mode === 'heat';
  if (!unchanged) {
    // Safety first: a room at the frost limit heats now, cycle times or not.
    const frostDanger = t !== null && t <= frost;
    if (guard > 0 && !frostDanger) {
      proposals.push({
        writer,
        command: null,
        holds: ['climate'],
        text: `${text} — waiting ${Math.ceil(guard / 60_000)} min for the minimum ${d!.on ? 'on' : 'off'} time`,
        facts,
      });
      next = { at: now + guard, text: `${target} °C once the minimum ${d!.on ? 'on' : 'off'} time has passed` };
    } else {
      const climate =
        device.mode === 'heat' ? { targetTemperature: target } : { mode: 'heat' as const, targetTemperature: target };
      proposals.push({ writer, command: { climate }, text, facts });
    }
  }
  return { proposals, targetC: target, text, next, preheatingFor };
}
