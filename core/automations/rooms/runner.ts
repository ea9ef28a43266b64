/**
 * Runs every room's behaviours on the hub: listens to the registry, keeps per-room state, evaluates
 * the pure logic (occupancy, lighting, climate) and sends what wins through the one Arbiter.
 * Constructor + start()/stop() (DESIGN.md habit 5); time comes from the injected clock.
 */
import {
  DEFAULT_LOCATION,
  fromClient,
  type ClimateMode,
  type Command,
  type Decision,
  type Device,
  type Location,
  type ManualHold,
  type RoomStatus,
} from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import { SafeEmitter } from '../../util/events';
import type { Registry } from '../../registry/registry';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { Arbiter, describeCommand, type Proposal } from './arbiter';
import { leadMs } from './climate';
import { evaluateRoom, type EvaluationDeps, type MeetingDirective } from './evaluate';
import { isLight, isThermostat, lightDiff, lightView, roomTemperature, sourceActive, sourceKind } from './devices';
import { momentary, observe } from './occupancy';
import { applyManualChange, describeOverride, HELD_BY_OVERRIDE } from './overrides';
import { learned, observeCooling, observeHeating, rateAt, type LearnedRateRepository, type LearnedRates } from './rate';
import type { RoomBehaviourRepository } from './repository';
import { expectEcho, explainedBy, newRuntime, type RoomRuntime, type RuleClaim } from './runtime';
import { nextBoundary } from './schedule';
import { roomStatus } from './status';

export type RoomEvents = { roomStatus: RoomStatus; decision: Decision };

/** An automation's write, as the rule engine's sink hands it over (rules/engine.ts `RuleCause`). */
export interface RuleWrite {
  automation: { id: string; name: string; runId: string };
  /** "automation 'Hallway at night', run at 22:14 after Hall motion detected motion". */
  text: string;
  /** A change by hand wins over this automation (the manual writer keeps what it holds). */
  respectManual: boolean;
  /** Seconds to fade over, where the device's protocol can. */
  transitionS?: number;
}

/** What became of an automation's write (recorded in its trace). */
export interface RuleWriteOutcome {
  ok: boolean;
  detail?: string;
}

type ArbitratedAttribute = RuleClaim['attributes'][number];

const transitionOf = (cause: RuleWrite) => (cause.transitionS !== undefined ? { transitionS: cause.transitionS } : {});
const ARBITRATED: readonly ArbitratedAttribute[] = ['power', 'brightness', 'colorTemperature', 'color', 'climate'];

export interface RoomRunnerOptions {
  registry: Pick<Registry, 'list' | 'get' | 'command' | 'events'>;
  clock: Clock;
  repository: RoomBehaviourRepository;
  /** The rooms people named (the store); rooms only named by a device's roomId count too. */
  rooms?: () => readonly { id: string; name: string }[];
  /** Learned heating/cooling rates survive a restart when given (the store); otherwise they are relearned. */
  rates?: LearnedRateRepository;
  /** The home's location (the settings), read at each evaluation; unset: DEFAULT_LOCATION. */
  location?: () => Location | undefined;
  /** Times and temperatures in explanations and status text (the settings' units and time format), read when text is built. */
  format?: () => TextFormat;
  logger?: Logger;
  /** A meeting room's lifecycle, read at each evaluation (core/automations/meetings; hub.ts connects it). */
  meetings?: (roomId: string) => MeetingDirective | undefined;
}

const OWNER = 'rooms';
const HOLD_HOURS_WITHOUT_SCHEDULE = 3;

export class RoomRunner {
  readonly events: SafeEmitter<RoomEvents>;
  readonly arbiter: Arbiter;
  private readonly runtimes = new Map<string, RoomRuntime>();
  private readonly seen = new Map<string, Device>();
  /**
   * The same devices by room: a room is evaluated on every report from one of its devices, and filtering the whole
   * registry for its devices each time grew with the house (2,000 devices: ~10 µs a report).
   */
  private readonly byRoom = new Map<string, Map<string, Device>>();
  private readonly disposers: (() => void)[] = [];
  private running = false;
  private evaluating = new Set<string>();
  private dirty = new Set<string>();

  constructor(private readonly options: RoomRunnerOptions) {
    this.events = new SafeEmitter((owner, event, error) =>
      options.logger?.error(`listener "${owner}" failed on ${event}: ${String(error)}`),
    );
    this.arbiter = new Arbiter({
      now: () => options.clock.now(),
      format: () => this.format(),
      send: (id, command, source, how) => options.registry.command(id, command, source, how),
      onDecision: (decision) => this.events.emit('decision', decision),
      // Whatever was skipped while this device's command was on its way (motion during a switch-off) is decided now.
      onSettled: (roomId) => this.evaluate(roomId),
      onError: (id, error) =>
        options.logger?.warn(`rooms: command to ${id} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { registry, repository } = this.options;
    this.disposers.push(
      registry.events.on('deviceChanged', OWNER, (device) => this.onDevice(device)),
      registry.events.on('deviceRemoved', OWNER, ({ id }) => {
        const before = this.seen.get(id);
        this.seen.delete(id);
        if (before?.roomId) this.byRoom.get(before.roomId)?.delete(id);
        if (before?.roomId) this.evaluate(before.roomId);
      }),
      registry.events.on('commandUpdate', OWNER, (update) => {
        if (update.status !== 'pending' || update.source?.kind !== 'user') return;
        const { client, scene } = update.source;
        this.onUserCommand(
          update.deviceId,
          update.command,
          scene ? `with the scene “${scene}” ${fromClient(client)}` : fromClient(client),
        );
      }),
      // Settings apply at once, without a restart.
      repository.onChange(() => this.evaluateAll()),
    );
    this.byRoom.clear(); // rebuilt from the registry as it is now
    for (const device of registry.list()) this.onDevice(device, false);
    this.evaluateAll();
  }

  stop(): void {
    this.running = false;
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const rt of this.runtimes.values()) if (rt.timer !== undefined) this.options.clock.clearTimeout(rt.timer);
    this.runtimes.clear();
  }

  /** The room's devices as the registry last reported them (the registry's own when the runner is not started). */
  private devicesIn(roomId: string): Device[] {
    if (!this.running) return this.options.registry.list().filter((d) => d.roomId === roomId);
    return [...(this.byRoom.get(roomId)?.values() ?? [])];
  }

  roomIds(): string[] {
    const ids = new Set((this.options.rooms?.() ?? []).map((r) => r.id));
    for (const d of this.options.registry.list()) if (d.roomId) ids.add(d.roomId);
    return [...ids];
  }

  private location(): Location {
    return this.options.location?.() ?? DEFAULT_LOCATION;
  }

  private format(): TextFormat {
    return this.options.format?.() ?? DEFAULT_TEXT_FORMAT;
  }

  roomName(roomId: string): string {
    return this.options.rooms?.().find((r) => r.id === roomId)?.name ?? roomId;
  }

  status(roomId: string): RoomStatus {
    const devices = this.devicesIn(roomId);
    return roomStatus(
      roomId,
      this.runtime(roomId),
      this.options.repository,
      devices,
      this.options.clock.now(),
      this.location(),
      this.format(),
    );
  }

  /** "Occupied for 1 h", "vacant", "pause automations here"; `null` releases every hold (the timers restart). */
  setHold(roomId: string, kind: ManualHold['kind'] | null, minutes?: number): RoomStatus {
    const rt = this.runtime(roomId);
    const now = this.options.clock.now();
    if (kind === null) {
      if (rt.holds.some((h) => h.kind !== 'vacant'))
        rt.sources.set(
          'hold-release',
          momentary(rt.sources.get('hold-release'), { id: 'hold-release', name: 'Hold released', kind: 'light' }, now),
        );
      rt.holds = [];
    } else if (kind === 'occupied') rt.holds = [{ kind, since: now, until: now + (minutes ?? 60) * 60_000 }];
    else if (kind === 'paused') rt.holds = [{ kind, since: now, ...(minutes ? { until: now + minutes * 60_000 } : {}) }];
    else rt.holds = [{ kind, since: now }];
    this.evaluate(roomId);
    return this.status(roomId);
  }

  /** One tap "resume automatic" for a light or thermostat: its override ends and it goes to the room's level now. */
  resume(deviceId: string): RoomStatus | undefined {
    const roomId = this.options.registry.get(deviceId)?.roomId;
    if (!roomId) return undefined;
    const rt = this.runtime(roomId);
    const held = rt.overrides.has(deviceId) || rt.climateHolds.has(deviceId) || rt.ruleClaims.has(deviceId);
    rt.overrides.delete(deviceId);
    rt.climateHolds.delete(deviceId);
    rt.ruleClaims.delete(deviceId);
    // The full level in one step instead of a slow follow, and the decision says why.
    if (held) rt.resumed.set(deviceId, 'back to automatic (“Resume automatic”)');
    this.evaluate(roomId);
    return this.status(roomId);
  }

  /**
   * An automation's command, through the arbiter at the `rule` priority: for a device in a room, a change by hand wins
   * unless the automation does not respect it, the write then holds against the room's own writers (RuleClaim), and
   * the decision names the automation and its run. A device in no room, and what the rooms never write (a speaker's
   * playback and volume), go straight to the registry with the same decision recorded. Resolves with what happened.
   */
  async ruleWrite(deviceId: string, command: Command, cause: RuleWrite): Promise<RuleWriteOutcome> {
    const { registry, clock } = this.options;
    const device = registry.get(deviceId);
    if (!device) return { ok: false, detail: 'the device is not known to the hub' };
    const now = clock.now();
    const arbitrated: Record<string, unknown> = {};
    const direct: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(command))
      (device.roomId && ARBITRATED.includes(key as ArbitratedAttribute) ? arbitrated : direct)[key] = value;
    const outcomes: Promise<RuleWriteOutcome>[] = [];
    if (Object.keys(direct).length > 0) outcomes.push(this.directRule(device, direct as Command, cause, now));
    if (Object.keys(arbitrated).length > 0) outcomes.push(this.arbitrateRule(device, arbitrated as Command, cause, now));
    const results = await Promise.all(outcomes);
    const details = results.map((r) => r.detail).filter((d): d is string => d !== undefined);
    return { ok: results.every((r) => r.ok), ...(details.length > 0 ? { detail: details.join('; ') } : {}) };
  }

  private directRule(device: Device, command: Command, cause: RuleWrite, now: number): Promise<RuleWriteOutcome> {
    this.arbiter.recordDirect({
      deviceId: device.id,
      roomId: device.roomId ?? '',
      at: now,
      writer: 'rule',
      command,
      text: `${device.name} → ${describeCommand(command, this.options.format?.(), true)}: ${cause.text}`,
      facts: [],
      overruled: [],
      automation: cause.automation,
    });
    return settle(
      this.options.registry.command(device.id, command, { kind: 'automation', rule: cause.automation.name }, transitionOf(cause)),
    );
  }

  private async arbitrateRule(device: Device, command: Command, cause: RuleWrite, now: number): Promise<RuleWriteOutcome> {
    const roomId = device.roomId!;
    const rt = this.runtime(roomId);
    const proposals: Proposal[] = [{ writer: 'rule', command, text: cause.text, facts: [], automation: cause.automation }];
    const override = rt.overrides.get(device.id);
    const climateHold = rt.climateHolds.get(device.id);
    let manualText: string | undefined;
    if (cause.respectManual) {
      const holds: ArbitratedAttribute[] = [
        ...(override ? (override.keptOff ? (['power'] as const) : HELD_BY_OVERRIDE) : []),
        ...(climateHold && climateHold.until > now ? (['climate'] as const) : []),
      ];
      const policy = this.options.repository.get(roomId).lighting.overridePolicy;
      manualText = override ? describeOverride(override, policy) : 'temperature set by hand';
      if (holds.length > 0) proposals.push({ writer: 'manual', command: null, holds, text: manualText, facts: [] });
    } else {
      // The automation takes the device over: the change by hand no longer holds it.
      rt.overrides.delete(device.id);
      rt.climateHolds.delete(device.id);
    }
    const { decision, sent, alreadySending } = this.arbiter.decideAndSend(
      roomId,
      this.roomName(roomId),
      device.id,
      device.name,
      proposals,
      transitionOf(cause),
    );
    if (alreadySending) return { ok: true, detail: 'already on its way' };
    const written = decision?.command ?? null;
    const attributes = Object.keys(command) as ArbitratedAttribute[];
    const kept = attributes.filter((k) => written?.[k] === undefined);
    const claimed = attributes.filter((k) => !kept.includes(k));
    if (written) {
      expectEcho(rt, device.id, written, now);
      rt.dimmed.delete(device.id);
      rt.resumed.delete(device.id);
    }
    if (claimed.length > 0)
      rt.ruleClaims.set(device.id, { attributes: claimed, text: cause.text, automation: cause.automation, since: now });
    const keptWords = kept.length > 0 ? `kept ${kept.join(', ')}: ${manualText ?? 'changed by hand'}` : undefined;
    if (!sent) return { ok: true, detail: keptWords ?? 'nothing to change' };
    const outcome = await settle(sent);
    return keptWords ? { ok: outcome.ok, detail: [outcome.detail, keptWords].filter(Boolean).join('; ') } : outcome;
  }

  evaluateAll(): void {
    for (const id of this.roomIds()) this.evaluate(id);
  }

  /** Evaluate one room now; re-entrant calls (a device echoing synchronously) run once more afterwards. */
  evaluate(roomId: string): void {
    if (!this.running) return;
    if (this.evaluating.has(roomId)) return void this.dirty.add(roomId);
    this.evaluating.add(roomId);
    try {
      do {
        this.dirty.delete(roomId);
        this.evaluateOnce(roomId);
      } while (this.dirty.has(roomId));
    } finally {
      this.evaluating.delete(roomId);
    }
  }

  private evaluateOnce(roomId: string): void {
    const { clock, repository } = this.options;
    const rt = this.runtime(roomId);
    const deps: EvaluationDeps = {
      arbiter: this.arbiter,
      repository,
      roomName: this.roomName(roomId),
      now: clock.now(),
      location: this.location(),
      format: this.format(),
    };
    const meeting = this.options.meetings?.(roomId);
    if (meeting) deps.meeting = meeting;
    const devices = this.devicesIn(roomId);
    const { nextAt, changed } = evaluateRoom(roomId, rt, devices, deps);
    if (changed) this.events.emit('roomStatus', this.status(roomId));
    if (rt.timer !== undefined) clock.clearTimeout(rt.timer);
    const now = clock.now();
    const wait = Math.max(1_000, Math.min(60_000, (nextAt ?? Infinity) - now));
    rt.timer = clock.setTimeout(() => {
      rt.timer = undefined;
      this.evaluate(roomId);
    }, wait);
  }

  /**
   * How long the room needs to reach comfort for a start around `at`: the gap between its temperature and comfort
   * (heating, or cooling in a room set to cool) over its learned rate for that part of the day, else the configured one.
   */
  preconditionLeadMs(roomId: string, at: number): number {
    const rt = this.runtime(roomId);
    const climate = this.options.repository.get(roomId).climate;
    const temp = roomTemperature(this.devicesIn(roomId));
    if (temp === null) return 0;
    const cooling = climate.mode === 'cool' || (climate.mode === 'auto' && temp > climate.comfortCoolC);
    const need = cooling ? temp - climate.comfortCoolC : climate.comfortHeatC - temp;
    const rate = rateAt(cooling ? rt.coolRate : rt.rate, at) ?? climate.fallbackRateCPerHour;
    return leadMs(need, rate);
  }

  /** The room's measured temperature (its sensors, else its thermostats'), null without either. */
  temperature(roomId: string): number | null {
    return roomTemperature(this.devicesIn(roomId));
  }

  /** What the room has learned about how fast it heats and cools. */
  learnedRates(roomId: string): LearnedRates {
    const rt = this.runtime(roomId);
    return { heat: learned(rt.rate), cool: learned(rt.coolRate) };
  }

  private runtime(roomId: string): RoomRuntime {
    let rt = this.runtimes.get(roomId);
    if (!rt) {
      this.runtimes.set(roomId, (rt = newRuntime()));
      const stored = this.options.rates?.get(roomId);
      if (stored) {
        rt.rate = { ...stored.heat, run: null };
        rt.coolRate = { ...stored.cool, run: null };
      }
    }
    return rt;
  }

  private onDevice(device: Device, evaluate = true): void {
    const before = this.seen.get(device.id);
    this.seen.set(device.id, device);
    if (before?.roomId && before.roomId !== device.roomId) {
      this.byRoom.get(before.roomId)?.delete(device.id);
      this.runtime(before.roomId).sources.delete(device.id);
      if (evaluate) this.evaluate(before.roomId);
    }
    const roomId = device.roomId;
    if (!roomId) return;
    let inRoom = this.byRoom.get(roomId);
    if (!inRoom) this.byRoom.set(roomId, (inRoom = new Map()));
    inRoom.set(device.id, device);
    const rt = this.runtime(roomId);
    const now = this.options.clock.now();
    const settings = this.options.repository.get(roomId);
    const kind = sourceKind(device, settings.occupancy);
    const active = kind ? sourceActive(device, kind) : null;
    if (kind === 'window') {
      if (active && !rt.windowsOpen.has(device.id)) rt.windowsOpen.set(device.id, now);
      if (active === false) rt.windowsOpen.delete(device.id);
    } else if (kind && active !== null) {
      rt.sources.set(device.id, observe(rt.sources.get(device.id), { id: device.id, name: device.name, kind }, active, now));
    }
    if (isLight(device) && before && before.roomId === roomId) this.detectManualLight(rt, before, device, now);
    if (isThermostat(device)) this.observeThermostat(rt, before, device, now, roomId);
    if (evaluate) this.evaluate(roomId);
  }

  /** A change nobody asked us for, and no app command explains: a hand on a switch. */
  private detectManualLight(rt: RoomRuntime, before: Device, after: Device, now: number): void {
    const a = lightView(after);
    const diff = lightDiff(lightView(before), a);
    const expected = rt.expected.get(after.id);
    if (diff.power !== undefined && explainedBy(expected, 'power', diff.power, now)) delete diff.power;
    if (diff.brightness && explainedBy(expected, 'brightness', a.brightness, now)) delete diff.brightness;
    if (diff.color && explainedBy(expected, 'color', a.kelvin, now)) delete diff.color;
    // While our command is on its way, a report of what it sets is the device answering it (a bulb clamps
    // a colour temperature outside its range), not a hand.
    const sending = this.arbiter.sending(after.id);
    if (sending?.power !== undefined || sending?.brightness !== undefined) delete diff.power;
    if (sending?.brightness !== undefined) delete diff.brightness;
    if (sending?.colorTemperature !== undefined || sending?.color !== undefined) delete diff.color;
    if (Object.keys(diff).length === 0) return;
    const command: Command = {};
    if (diff.power !== undefined) command.power = diff.power;
    if (diff.brightness && a.brightness !== null) command.brightness = a.brightness;
    if (diff.color && a.kelvin !== null) command.colorTemperature = a.kelvin;
    this.manualChange(rt, after, diff, now, 'at the device', command);
    // Operating a light by hand is a sign of life in the room.
    const id = `light:${after.id}`;
    rt.sources.set(id, momentary(rt.sources.get(id), { id, name: `${after.name} (by hand)`, kind: 'light' }, now));
  }

  private onUserCommand(deviceId: string, command: Record<string, unknown>, by: string): void {
    const device = this.options.registry.get(deviceId);
    if (!device?.roomId) return;
    const rt = this.runtime(device.roomId);
    const now = this.options.clock.now();
    // The app's command explains the echo that follows (it is not mistaken for a second, physical change).
    expectEcho(rt, deviceId, command as Command, now);
    if (isLight(device)) {
      const change = {
        ...(typeof command.power === 'boolean' ? { power: command.power } : {}),
        brightness: command.brightness !== undefined,
        color: command.colorTemperature !== undefined || command.color !== undefined,
      };
      this.manualChange(rt, device, change, now, by, command as Command);
      // Switching a light on (from anywhere) counts as activity, so the room does not switch it straight off again.
      if (command.power === true || (command.power === undefined && command.brightness !== undefined)) {
        const id = `light:${deviceId}`;
        rt.sources.set(id, momentary(rt.sources.get(id), { id, name: `${device.name} (by hand)`, kind: 'light' }, now));
      }
    } else if (isThermostat(device)) {
      const climate = command.climate as { targetTemperature?: number; mode?: ClimateMode } | undefined;
      const target = climate?.targetTemperature ?? device.capabilities.climate?.value.targetTemperature ?? null;
      if (climate && (climate.targetTemperature !== undefined || climate.mode !== undefined) && target !== null)
        this.holdClimate(rt, device, target, now, by, climate.mode);
    }
    this.evaluate(device.roomId);
  }

  /** A change by hand: the override it starts (or ends), recorded as the manual writer's decision for "why?". */
  private manualChange(
    rt: RoomRuntime,
    device: Device,
    change: { power?: boolean; brightness?: boolean; color?: boolean },
    now: number,
    by: string,
    command: Command,
  ): void {
    const roomId = device.roomId!;
    const policy = this.options.repository.get(roomId).lighting.overridePolicy;
    const occupancy = rt.occupancy?.state ?? 'vacant';
    const next = applyManualChange(rt.overrides.get(device.id), device.id, change, occupancy, policy, now, by);
    if (next) rt.overrides.set(device.id, next);
    else rt.overrides.delete(device.id);
    rt.dimmed.delete(device.id);
    rt.resumed.delete(device.id);
    // A hand on the device ends what an automation held there.
    rt.ruleClaims.delete(device.id);
    if (Object.keys(command).length === 0) return;
    const text = next
      ? describeOverride(next, policy, this.format())
      : change.power === false
        ? `switched off by hand ${by}`
        : `switched on by hand ${by}; the room adapts its level`;
    this.arbiter.recordManual(roomId, device.id, device.name, command, text);
  }

  private holdClimate(rt: RoomRuntime, device: Device, targetC: number, now: number, by: string, mode?: ClimateMode): void {
    const climate = this.options.repository.get(device.roomId!).climate;
    const until = nextBoundary(climate.schedule, now) ?? now + HOLD_HOURS_WITHOUT_SCHEDULE * 3_600_000;
    rt.climateHolds.set(device.id, { targetC, until, ...(mode ? { mode } : {}) });
    const kept = climate.manualHold === 'untilChanged' ? 'until you change it' : `until ${this.format().time(until)}`;
    const command: Command = { climate: { targetTemperature: targetC, ...(mode ? { mode } : {}) } };
    this.arbiter.recordManual(device.roomId!, device.id, device.name, command, `set by hand ${by}; kept ${kept}`);
  }

  private keepRates(roomId: string, rt: RoomRuntime): void {
    try {
      this.options.rates?.put(roomId, { heat: learned(rt.rate), cool: learned(rt.coolRate) });
    } catch (error) {
      // Still used from memory; only a restart would relearn it.
      this.options.logger?.warn(`rooms: could not store the learned rates of ${roomId}: ${String(error)}`);
    }
  }

  private observeThermostat(rt: RoomRuntime, before: Device | undefined, after: Device, now: number, roomId: string): void {
    const value = after.capabilities.climate!.value;
    const temp = roomTemperature(this.devicesIn(roomId));
    const samples = rt.rate.samples + rt.coolRate.samples;
    rt.rate = observeHeating(rt.rate, value.action === 'heating', temp ?? value.currentTemperature, now);
    rt.coolRate = observeCooling(rt.coolRate, value.action === 'cooling', temp ?? value.currentTemperature, now);
    if (rt.rate.samples + rt.coolRate.samples !== samples) this.keepRates(roomId, rt);
    const previous = before?.capabilities.climate?.value;
    const target = value.targetTemperature;
    const expected = (rt.expected.get(after.id) ?? []).filter((e) => now - e.at <= 30_000).map((e) => e.command.climate);
    // A mode switched at the thermostat itself (not the echo of ours) is a manual change too.
    const modeByHand =
      previous?.mode != null &&
      value.mode !== null &&
      previous.mode !== value.mode &&
      !expected.some((c) => c?.mode === value.mode);
    const targetByHand =
      previous?.targetTemperature != null &&
      target !== null &&
      Math.abs(previous.targetTemperature - target) >= 0.05 &&
      !expected.some((c) => c?.targetTemperature !== undefined && Math.abs(c.targetTemperature - target) < 0.3);
    if (!modeByHand && !targetByHand) return;
    // Turned at the thermostat itself.
    const targetC = target ?? previous?.targetTemperature ?? 0;
    this.holdClimate(rt, after, targetC, now, 'at the device', modeByHand ? value.mode! : undefined);
  }
}

/** A send's end as an outcome: confirmed, or the registry's reason it was not. */
function settle(sent: Promise<unknown>): Promise<RuleWriteOutcome> {
  return sent.then(
    () => ({ ok: true, detail: 'confirmed' }),
    (error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }),
  );
}
