/**
 * Dry run: what an automation (saved, or a draft in the editor) would have done over a recorded window. The recorded
 * samples become the same events the hub feeds the engine live, and the same engine runs them through a ManualClock
 * with a sink that sends nothing — so a dry run and live evaluation cannot disagree about when it runs.
 */
import {
  CLIMATE_ACTION_CODES,
  type Automation,
  type AutomationDraft,
  type HistoryCapability,
  type OccupancyKind,
  type Scalar,
  type StateField,
  type Trace,
} from '../../model';
import { ManualClock } from '../../util/clock';
import { RuleEngine, type ActionSink, type RuleDiagnostic } from './engine';
import type { Location } from './schedule';
import { applyEvent, cloneWorld, type RuleEvent, type StateChange, type World } from './world';

/** One recorded series, as the history store answers it (raw resolution). */
export interface RecordedSeries {
  deviceId: string;
  capability: HistoryCapability;
  /** Time-ordered; a point at or before `from` is the value in effect when the window starts. */
  points: readonly { at: number; value: number }[];
}

export interface DryRunInput {
  automation: Automation | AutomationDraft;
  from: number;
  to: number;
  /** The home now: names, rooms, kinds and capabilities. Recorded values replace its values over the window. */
  world: World;
  history: readonly RecordedSeries[];
  /** Room occupancy over the window, when recorded. */
  rooms?: readonly { roomId: string; points: readonly { at: number; value: OccupancyKind }[] }[];
  /** Where people were over the window, when recorded. */
  people?: readonly { personId: string; points: readonly { at: number; roomId: string | null }[] }[];
  zone?: string;
  location?: Location;
  /** At most this many traces are kept (default 500). */
  limit?: number;
}

export interface DryRun {
  runs: { at: number; trace: Trace }[];
  /** Triggers that fired but did not lead to a run (conditions failed, mode refused), with their traces. */
  notRun: { at: number; trace: Trace }[];
  diagnostics: RuleDiagnostic[];
}

const ACTION_NAMES = Object.fromEntries(Object.entries(CLIMATE_ACTION_CODES).map(([k, v]) => [v, k])) as Record<number, string>;
const BOOLEAN_SERIES = new Set<HistoryCapability>(['power', 'occupancy', 'motion', 'contact']);

/** A recorded number back as the value the registry reported. */
function decode(capability: HistoryCapability, value: number): Scalar {
  if (BOOLEAN_SERIES.has(capability)) return value !== 0;
  if (capability === 'climate.action') return ACTION_NAMES[value] ?? null;
  return value;
}

/** The world at `from` and the events of (from, to], in the order the engine sees them live. */
export function eventsFromHistory(input: Pick<DryRunInput, 'from' | 'to' | 'world' | 'history' | 'rooms' | 'people'>): {
  world: World;
  events: RuleEvent[];
} {
  const world = cloneWorld(input.world);
  type Sample = {
    at: number;
    order: number;
    apply: (w: typeof world) => RuleEvent | null;
    device?: string;
    change?: StateChange;
  };
  const samples: Sample[] = [];
  let order = 0;
  for (const series of input.history) {
    const device = world.devices.get(series.deviceId);
    if (!device) continue;
    const initial = series.points.filter((p) => p.at <= input.from).at(-1);
    if (series.capability === 'availability') {
      if (initial)
        world.devices.set(device.id, { ...world.devices.get(device.id)!, availability: initial.value ? 'online' : 'offline' });
    } else {
      const field = series.capability as StateField;
      world.devices.set(device.id, {
        ...world.devices.get(device.id)!,
        values: { ...world.devices.get(device.id)!.values, [field]: initial ? decode(series.capability, initial.value) : null },
      });
    }
    let previous: Scalar | undefined = initial
      ? series.capability === 'availability'
        ? initial.value
        : decode(series.capability, initial.value)
      : undefined;
    for (const p of series.points) {
      if (p.at <= input.from || p.at > input.to) continue;
      const value = series.capability === 'availability' ? p.value : decode(series.capability, p.value);
      if (value === previous) continue;
      const from = previous;
      previous = value;
      if (series.capability === 'availability') {
        const to = p.value ? 'online' : 'offline';
        samples.push({
          at: p.at,
          order: order++,
          device: device.id,
          apply: (w) => {
            const d = w.devices.get(device.id)!;
            return d.availability === to ? null : { type: 'availability', at: p.at, device: device.id, from: d.availability, to };
          },
        });
      } else
        samples.push({
          at: p.at,
          order: order++,
          device: device.id,
          change: { field: series.capability as StateField, from: from === undefined ? null : from, to: value },
          apply: () => null,
        });
    }
  }
  for (const room of input.rooms ?? []) {
    const r = world.rooms.get(room.roomId);
    if (!r) continue;
    const initial = room.points.filter((p) => p.at <= input.from).at(-1);
    world.rooms.set(r.id, { ...r, occupancy: initial?.value ?? 'unknown' });
    for (const p of room.points)
      if (p.at > input.from && p.at <= input.to)
        samples.push({
          at: p.at,
          order: order++,
          apply: (w) => {
            const now = w.rooms.get(r.id)!.occupancy;
            return now === p.value ? null : { type: 'room', at: p.at, room: r.id, from: now, to: p.value };
          },
        });
  }
  for (const person of input.people ?? []) {
    const x = world.people.get(person.personId);
    if (!x) continue;
    const initial = person.points.filter((p) => p.at <= input.from).at(-1);
    world.people.set(x.id, { ...x, roomId: initial?.roomId ?? null });
    for (const p of person.points)
      if (p.at > input.from && p.at <= input.to)
        samples.push({
          at: p.at,
          order: order++,
          apply: (w) => {
            const now = w.people.get(x.id)!.roomId;
            return now === p.roomId ? null : { type: 'person', at: p.at, person: x.id, from: now, to: p.roomId };
          },
        });
  }
  samples.sort((a, b) => a.at - b.at || a.order - b.order);
  // Values of one device recorded at the same instant came from one report: one state event, as live.
  const events: RuleEvent[] = [];
  const replay = cloneWorld(world);
  for (let i = 0; i < samples.length;) {
    const s = samples[i]!;
    if (s.change) {
      const changes: StateChange[] = [];
      let j = i;
      while (j < samples.length && samples[j]!.change && samples[j]!.at === s.at && samples[j]!.device === s.device)
        changes.push(samples[j++]!.change!);
      const event: RuleEvent = { type: 'state', at: s.at, device: s.device!, changes };
      events.push(event);
      applyEvent(replay, event);
      i = j;
      continue;
    }
    const event = s.apply(replay);
    if (event) {
      events.push(event);
      applyEvent(replay, event);
    }
    i++;
  }
  return { world, events };
}

const runSeq = (t: Trace) => Number(t.runId.slice(t.runId.lastIndexOf('#') + 1));

const NOT_SENT = { ok: true, detail: 'not sent: dry run' } as const;

/** What the automation would have done between `from` and `to`, sending nothing. */
export function dryRun(input: DryRunInput): DryRun {
  const automation: Automation = { ...input.automation, id: input.automation.id ?? 'draft', enabled: true };
  const { world: start, events } = eventsFromHistory(input);
  const world = cloneWorld(start);
  const clock = new ManualClock(input.from);
  const traces: Trace[] = [];
  const diagnostics: RuleDiagnostic[] = [];
  const sink: ActionSink = { command: () => NOT_SENT, applyScene: () => NOT_SENT, notify: () => undefined };
  const engine = new RuleEngine({
    clock,
    sink,
    world: () => world,
    automations: [automation],
    ...(input.zone ? { zone: input.zone } : {}),
    ...(input.location ? { location: input.location } : {}),
    onTrace: (t) => traces.push(t),
    onDiagnostic: (d) => diagnostics.push(d),
  });
  engine.start();
  const limit = input.limit ?? 500;
  for (const event of events) {
    if (traces.length >= limit) break;
    clock.advance(event.at - clock.now());
    applyEvent(world, event);
    engine.handle(event);
  }
  if (traces.length < limit) clock.advance(Math.max(0, input.to - clock.now()));
  const all = [...traces, ...engine.inProgress()].sort((a, b) => a.at - b.at || runSeq(a) - runSeq(b)).slice(0, limit);
  engine.stop();
  return {
    runs: all.filter((t) => t.ran).map((trace) => ({ at: trace.at, trace })),
    notRun: all.filter((t) => !t.ran).map((trace) => ({ at: trace.at, trace })),
    diagnostics,
  };
}
