/**
 * The rule engine: arms every enabled automation's triggers, keeps its runs under its mode, executes actions through
 * an injected sink and records a trace for every run and for every trigger that did not lead to one.
 *
 * Time comes only from the injected clock and the world only from the injected snapshot, so a recorded sequence of
 * events replayed through a ManualClock gives the same runs (dry-run.ts relies on it). Runs are interpreted as an
 * explicit stack of action lists rather than async functions: a command's confirmation is recorded when it arrives,
 * but the run goes on at once, so a slow device never holds the next action and timing stays the clock's alone.
 */
import type { Action, Automation, Command, CommandAction, Scene, Trace, TraceAction, TraceTrigger, Trigger } from '../../model';
import { durationMs } from '../../model';
import type { Clock } from '../../util/clock';
import { evaluateConditions } from './conditions';
import type { Location } from './schedule';
import {
  IDLE,
  armTrigger,
  eventDevice,
  eventKeys,
  triggerDevice,
  triggerKeys,
  triggerReads,
  triggerOnEvent,
  triggerOnTimer,
  type Fired,
  type TriggerDecision,
  type TriggerMemory,
} from './triggers';
import { commandWords, triggerPhrase } from './describe';
import { firedDetail, substitute } from './text';
import { durationWords } from './words';
import { deviceName, roomName, type DeviceInterest, type DeviceView, type RuleEvent, type World } from './world';
import { hhmm, systemZone } from './zone';

/** Who asked for a write: handed to the sink so the arbiter can rank it and "why is it like this?" can name it. */
export interface RuleCause {
  automationId: string;
  automationName: string;
  runId: string;
  /** When the run started. */
  at: number;
  trigger: TraceTrigger;
  /** The automation leaves devices changed by hand alone. */
  respectManual: boolean;
  /** "automation 'Hallway at night', run at 22:14 after Hall motion detected motion". */
  text: string;
}

export interface CommandOutcome {
  ok: boolean;
  /** "confirmed", "Hall light did not confirm within 5 s", "kept: changed by hand". */
  detail?: string;
}

/** Where actions go. Outcomes may arrive later (a confirmation); a run never waits for them. */
export interface ActionSink {
  command(
    deviceId: string,
    command: Command,
    cause: RuleCause,
    options: { transitionS?: number },
  ): CommandOutcome | Promise<CommandOutcome>;
  applyScene(sceneId: string, cause: RuleCause, options: { transitionS?: number }): CommandOutcome | Promise<CommandOutcome>;
  notify(text: string, cause: RuleCause, options: { title?: string }): void | Promise<void>;
}

export interface RuleDiagnostic {
  automationId: string;
  at: number;
  kind: 'loop' | 'never-fires';
  text: string;
}

export interface Upcoming {
  automationId: string;
  /** trigger: an armed trigger's next occurrence or pending hold; delay / wait: a run sleeping. */
  kind: 'trigger' | 'delay' | 'wait';
  at: number;
  trigger?: Trigger;
  runId?: string;
}

export interface RuleEngineOptions {
  clock: Clock;
  sink: ActionSink;
  /** A read-only snapshot of the home, read when a trigger fires and when an action needs it. */
  world: () => World;
  automations?: readonly Automation[];
  /** Scene names, for traces ("Good night"); optional. */
  scene?: (id: string) => Pick<Scene, 'name'> | undefined;
  /** The home's IANA time zone (default: the hub's). */
  zone?: string;
  /** The home's location; without it, sun triggers never fire and sun conditions fail with a reason. */
  location?: Location;
  /** A run or a trigger that did not lead to one, final: the engine no longer changes it. */
  onTrace: (trace: Trace) => void;
  onDiagnostic?: (diagnostic: RuleDiagnostic) => void;
  /** A sink or callback that threw (the engine carries on). */
  onError?: (automationId: string, error: unknown) => void;
  /** More than `runs` run starts within `windowMs` stops the automation (default: 20 in a minute). */
  loopLimit?: { runs: number; windowMs: number };
}

/** Timers are re-armed at least this often, so a long wait survives a clock that jumps or a suspended machine. */
const MAX_TIMER_MS = 60 * 60_000;

/** A timer the engine owns; chained under the hood, cancelled through this handle. */
interface Handle {
  cancel(): void;
}

interface Instance {
  trigger: Trigger;
  memory: TriggerMemory;
  timer: Handle | null;
  active: boolean;
  onFire: (fired: Fired) => void;
}

interface Frame {
  actions: readonly Action[];
  index: number;
}

interface Run {
  id: string;
  auto: Loaded;
  trace: Trace;
  cause: RuleCause;
  fired: Fired;
  frames: Frame[];
  timer: Handle | null;
  /** When a delay ends. */
  dueAt: number | null;
  wait: { instance: Instance; timeout: Handle | null } | null;
  outstanding: number;
  ended: boolean;
}

interface Loaded {
  automation: Automation;
  json: string;
  instances: Instance[];
  runs: Run[];
  queue: Run[];
  starts: number[];
  stopped: boolean;
}

export class RuleEngine {
  private readonly zone: string;
  private readonly autos = new Map<string, Loaded>();
  /** Armed triggers by device id (`triggerDevice`), and the others by their keys (`triggerKeys`). */
  private readonly byDevice = new Map<string, Set<Instance>>();
  private readonly index = new Map<string, Set<Instance>>();
  /** `interest` by device: every device with a trigger on it, and only those. */
  private readonly interests = new Map<string, DeviceInterest>();
  private readonly queue: RuleEvent[] = [];
  private handling = false;
  private started = false;
  private seq = 0;

  constructor(private readonly options: RuleEngineOptions) {
    this.zone = options.zone ?? systemZone();
    for (const a of options.automations ?? []) this.autos.set(a.id, this.load(a));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const auto of this.autos.values()) this.arm(auto);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const auto of this.autos.values()) this.disarm(auto, 'the hub stopped');
    this.queue.length = 0;
  }

  /** Replace the automations. One whose definition did not change keeps its runs, timers and loop state. */
  setAutomations(list: readonly Automation[]): void {
    const next = new Map<string, Loaded>();
    for (const a of list) {
      const old = this.autos.get(a.id);
      // The same object (a repository hands out what it keeps) is unchanged without serialising it again.
      if (old && (old.automation === a || old.json === JSON.stringify(a))) {
        next.set(a.id, old);
        continue;
      }
      if (old) this.disarm(old, 'the automation was changed');
      const loaded = this.load(a);
      next.set(a.id, loaded);
      if (this.started) this.arm(loaded);
    }
    for (const [id, old] of this.autos) if (!next.has(id)) this.disarm(old, 'the automation was deleted');
    this.autos.clear();
    for (const [id, a] of next) this.autos.set(id, a);
  }

  /** Feed an event. Events raised while one is handled (a sink that reports synchronously) are queued, not nested. */
  handle(event: RuleEvent): void {
    if (!this.started) return;
    this.queue.push(event);
    if (this.handling) return;
    this.handling = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) this.dispatch(e);
    } finally {
      this.handling = false;
    }
  }

  /** Run an automation's actions now, skipping its conditions (its mode still applies). False if unknown or stopped. */
  runNow(automationId: string): boolean {
    const auto = this.autos.get(automationId);
    if (!auto || auto.stopped || !this.started) return false;
    const at = this.options.clock.now();
    this.fire(auto, { type: 'manual', at, values: {} }, true);
    return true;
  }

  /**
   * What the armed triggers and waiting runs on a device read from its reports, so the hub can skip a report that
   * changed nothing they read (most reports: a sensor's battery, signal or another reading) before making its events.
   * Undefined when nothing watches the device.
   */
  interest(deviceId: string): DeviceInterest | undefined {
    return this.interests.get(deviceId);
  }

  /** Whether loop detection stopped it (until `resume` or a changed definition). */
  isStopped(automationId: string): boolean {
    return this.autos.get(automationId)?.stopped ?? false;
  }

  resume(automationId: string): void {
    const auto = this.autos.get(automationId);
    if (!auto || !auto.stopped) return;
    auto.stopped = false;
    auto.starts = [];
    if (this.started) this.arm(auto);
  }

  /** Runs still going (their traces so far, `result: 'running'`). */
  inProgress(): Trace[] {
    return [...this.autos.values()].flatMap((a) => a.runs.map((r) => structuredClone(r.trace)));
  }

  /**
   * What is due next, soonest first (the timeline): armed time, cron and sun occurrences, pending `for` holds, and
   * runs sleeping in a delay or a wait whose hold is running ("Hall light off in 4 min").
   */
  upcoming(): Upcoming[] {
    const out: Upcoming[] = [];
    for (const auto of this.autos.values()) {
      const automationId = auto.automation.id;
      for (const i of auto.instances)
        if (i.active && i.memory.timerAt !== null)
          out.push({ automationId, kind: 'trigger', trigger: i.trigger, at: i.memory.timerAt });
      for (const run of auto.runs) {
        if (run.dueAt !== null) out.push({ automationId, runId: run.id, kind: 'delay', at: run.dueAt });
        const wait = run.wait?.instance;
        if (wait && wait.memory.timerAt !== null)
          out.push({ automationId, runId: run.id, kind: 'wait', trigger: wait.trigger, at: wait.memory.timerAt });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  // ── triggers ──────────────────────────────────────────────────────────────

  private load(automation: Automation): Loaded {
    return { automation, json: JSON.stringify(automation), instances: [], runs: [], queue: [], starts: [], stopped: false };
  }

  private arm(auto: Loaded): void {
    if (!auto.automation.enabled || auto.stopped) return;
    auto.instances = auto.automation.triggers.map((trigger) => this.instance(trigger, (fired) => this.fire(auto, fired, false)));
    for (const [i, instance] of auto.instances.entries()) {
      const trigger = auto.automation.triggers[i]!;
      if ((trigger.type === 'time' || trigger.type === 'cron' || trigger.type === 'sun') && instance.memory.timerAt === null)
        this.diagnose({
          automationId: auto.automation.id,
          at: this.options.clock.now(),
          kind: 'never-fires',
          text: `'${auto.automation.name}': its ${trigger.type} trigger will not fire${trigger.type === 'sun' && !this.options.location ? " (the home's location is not set)" : ''}`,
        });
    }
  }

  private disarm(auto: Loaded, reason: string): void {
    for (const i of auto.instances) this.drop(i);
    auto.instances = [];
    // Queued runs first: ending a running run would otherwise start the next queued one.
    const queued = auto.queue;
    auto.queue = [];
    for (const run of queued) {
      run.ended = true;
      this.emit({ ...run.trace, ran: false, result: 'cancelled', reason, endedAt: this.options.clock.now() });
    }
    for (const run of [...auto.runs]) this.finish(run, 'cancelled', reason);
  }

  private instance(trigger: Trigger, onFire: (fired: Fired) => void): Instance {
    const instance: Instance = { trigger, memory: IDLE, timer: null, active: true, onFire };
    for (const [map, key] of this.slots(trigger)) {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(instance);
    }
    this.refreshInterest(trigger);
    const step = armTrigger(trigger, this.options.clock.now(), this.context());
    instance.memory = step.memory;
    this.apply(instance, step.decisions);
    return instance;
  }

  private drop(instance: Instance): void {
    if (!instance.active) return; // dropped already: its watch is no longer counted
    instance.active = false;
    instance.timer?.cancel();
    instance.timer = null;
    for (const [map, key] of this.slots(instance.trigger)) {
      const set = map.get(key);
      set?.delete(instance);
      if (set?.size === 0) map.delete(key);
    }
    this.refreshInterest(instance.trigger);
  }

  /** The trigger's device gained or lost a trigger: what its triggers read, made now (it is asked on every report). */
  private refreshInterest(trigger: Trigger): void {
    const device = triggerDevice(trigger);
    if (device === undefined) return;
    const instances = this.byDevice.get(device);
    if (!instances) return void this.interests.delete(device);
    const interest = { capabilities: new Set<string>(), availability: false };
    for (const { trigger } of instances) {
      const reads = triggerReads(trigger);
      if (reads === 'availability') interest.availability = true;
      else if (reads) interest.capabilities.add(reads.capability);
    }
    this.interests.set(device, interest);
  }

  /** Where an armed trigger is indexed: under its device, else under its keys. */
  private slots(trigger: Trigger): [Map<string, Set<Instance>>, string][] {
    const device = triggerDevice(trigger);
    return device === undefined ? triggerKeys(trigger).map((key) => [this.index, key]) : [[this.byDevice, device]];
  }

  private context() {
    return { zone: this.zone, ...(this.options.location ? { location: this.options.location } : {}) };
  }

  private dispatch(event: RuleEvent): void {
    const device = eventDevice(event);
    const targets: Instance[] = [];
    if (device !== undefined) for (const i of this.byDevice.get(device) ?? []) targets.push(i);
    else for (const key of eventKeys(event)) for (const i of this.index.get(key) ?? []) targets.push(i);
    for (const instance of targets) {
      if (!instance.active) continue;
      const step = triggerOnEvent(instance.trigger, instance.memory, event);
      instance.memory = step.memory;
      this.apply(instance, step.decisions);
    }
  }

  private apply(instance: Instance, decisions: readonly TriggerDecision[]): void {
    for (const d of decisions) {
      if (!instance.active) return;
      if (d.kind === 'fire') this.guard(() => instance.onFire(d.fired));
      else if (d.kind === 'cancel') {
        instance.timer?.cancel();
        instance.timer = null;
      } else {
        instance.timer?.cancel();
        instance.timer = this.timerAt(d.at, () => {
          instance.timer = null;
          if (!instance.active) return;
          const step = triggerOnTimer(instance.trigger, instance.memory, this.options.clock.now(), this.context());
          instance.memory = step.memory;
          this.apply(instance, step.decisions);
        });
      }
    }
  }

  /** A timer due at `at`, chained in steps of at most an hour. */
  private timerAt(at: number, fn: () => void): Handle {
    const clock = this.options.clock;
    let timer = clock.setTimeout(
      function wake() {
        if (clock.now() >= at) fn();
        else timer = clock.setTimeout(wake, Math.min(MAX_TIMER_MS, at - clock.now()));
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at - clock.now())),
    );
    return { cancel: () => clock.clearTimeout(timer) };
  }

  // ── runs ──────────────────────────────────────────────────────────────────

  private fire(auto: Loaded, fired: Fired, manual: boolean): void {
    const a = auto.automation;
    const world = this.options.world();
    const trigger: TraceTrigger = {
      type: fired.type,
      detail: firedDetail(fired, world),
      values: { ...fired.values, ...this.ids(fired) },
    };
    const runId = `${a.id}#${++this.seq}`;
    const trace: Trace = {
      automationId: a.id,
      runId,
      at: fired.at,
      trigger,
      ran: false,
      result: 'running',
      conditions: [],
      actions: [],
    };
    if (!manual) {
      const checked = evaluateConditions(a.conditions, {
        now: fired.at,
        world,
        zone: this.zone,
        ...(this.options.location ? { location: this.options.location } : {}),
      });
      trace.conditions = checked.results;
      if (!checked.ok) {
        const failed = checked.results.filter((r) => !r.ok).map((r) => r.seen);
        return this.emit({
          ...trace,
          result: 'skipped',
          reason: `did not run at ${hhmm(fired.at, this.zone)}: ${failed.join('; ')}`,
          endedAt: fired.at,
        });
      }
    }
    const drop = (reason: string) => this.emit({ ...trace, result: 'dropped', reason, endedAt: fired.at });
    const active = auto.runs.length;
    if (a.mode === 'single' && active > 0) return drop('already running (mode single)');
    if (a.mode === 'parallel' && active >= a.max) return drop(`already running ${active} times (mode parallel, max ${a.max})`);
    if (a.mode === 'queued' && active > 0 && auto.queue.length >= a.max - 1)
      return drop(`the queue is full (mode queued, max ${a.max})`);
    if (this.loops(auto, fired.at)) return drop('stopped: it ran too often (it may be re-triggering itself)');
    const cause: RuleCause = {
      automationId: a.id,
      automationName: a.name,
      runId,
      at: fired.at,
      trigger,
      respectManual: a.respectManual,
      text: `automation '${a.name}', run at ${hhmm(fired.at, this.zone)} after ${trigger.detail}`,
    };
    const run: Run = {
      id: runId,
      auto,
      trace: { ...trace, ran: true },
      cause,
      fired,
      frames: [{ actions: a.actions, index: 0 }],
      timer: null,
      dueAt: null,
      wait: null,
      outstanding: 0,
      ended: false,
    };
    if (a.mode === 'restart') for (const r of [...auto.runs]) this.cancel(r, `restarted by ${trigger.detail}`);
    if (a.mode === 'queued' && auto.runs.length > 0) {
      auto.queue.push(run);
      return;
    }
    auto.runs.push(run);
    this.step(run);
  }

  /** Records a run start; true when it is one too many for the window (the automation is then stopped). */
  private loops(auto: Loaded, at: number): boolean {
    const { runs, windowMs } = this.options.loopLimit ?? { runs: 20, windowMs: 60_000 };
    auto.starts = auto.starts.filter((t) => t > at - windowMs);
    auto.starts.push(at);
    if (auto.starts.length <= runs) return false;
    auto.stopped = true;
    this.disarm(auto, 'stopped: it ran too often');
    this.diagnose({
      automationId: auto.automation.id,
      at,
      kind: 'loop',
      text: `'${auto.automation.name}' ran more than ${runs} times within ${Math.round(windowMs / 1000)} s and was stopped: it may be re-triggering itself through the devices it changes. Change it, or resume it.`,
    });
    return true;
  }

  private ids(fired: Fired): Record<string, string> {
    const out: Record<string, string> = {};
    if (fired.device) out.device = fired.device;
    if (fired.room) out.room = fired.room;
    if (fired.person) out.person = fired.person;
    return out;
  }

  /** Interpret actions until the run suspends (delay, wait) or ends. */
  private step(run: Run): void {
    while (!run.ended) {
      const frame = run.frames.at(-1);
      if (!frame) return this.finish(run, 'finished');
      const action = frame.actions[frame.index];
      if (!action) {
        run.frames.pop();
        continue;
      }
      frame.index++;
      const now = this.options.clock.now();
      switch (action.type) {
        case 'command':
          this.command(run, action, now);
          break;
        case 'notify': {
          const text = substitute(action.text, run.fired, run.auto.automation.name, this.options.world());
          const title =
            action.title === undefined
              ? undefined
              : substitute(action.title, run.fired, run.auto.automation.name, this.options.world());
          const entry: TraceAction = { type: 'notify', ok: null, detail: text, at: now };
          run.trace.actions.push(entry);
          this.outcomes(
            run,
            entry,
            [() => this.options.sink.notify(text, run.cause, title !== undefined ? { title } : {})],
            [''],
          );
          break;
        }
        case 'delay': {
          const ms = durationMs(action.for) ?? 0;
          run.trace.actions.push({ type: 'delay', ok: true, detail: `waited ${describeMs(ms)}`, at: now });
          run.dueAt = now + ms;
          run.timer = this.timerAt(now + ms, () => {
            run.timer = null;
            run.dueAt = null;
            this.step(run);
          });
          return;
        }
        case 'wait':
          return this.wait(run, action, now);
        case 'choose': {
          const world = this.options.world();
          const ctx = { now, world, zone: this.zone, ...(this.options.location ? { location: this.options.location } : {}) };
          const index = action.when.findIndex((b) => evaluateConditions(b.conditions, ctx).ok);
          const branch = index >= 0 ? action.when[index]!.actions : action.otherwise;
          run.trace.actions.push({
            type: 'choose',
            ok: true,
            detail: index >= 0 ? `option ${index + 1}` : branch ? 'otherwise' : 'no option matched',
            at: now,
          });
          if (branch) run.frames.push({ actions: branch, index: 0 });
          break;
        }
        case 'stop':
          run.trace.actions.push({ type: 'stop', ok: true, detail: action.reason ?? 'stopped', at: now });
          return this.finish(run, 'stopped', action.reason);
      }
    }
  }

  private command(run: Run, action: CommandAction, now: number): void {
    const options = action.transitionS !== undefined ? { transitionS: action.transitionS } : {};
    const sink = this.options.sink;
    if (action.scene !== undefined) {
      const entry: TraceAction = {
        type: 'scene',
        ok: null,
        detail: `scene ${this.options.scene?.(action.scene)?.name ?? action.scene}`,
        at: now,
      };
      run.trace.actions.push(entry);
      return this.outcomes(run, entry, [() => sink.applyScene(action.scene!, run.cause, options)], ['']);
    }
    const command = action.command!;
    const world = this.options.world();
    const label =
      action.device !== undefined
        ? deviceName(world, action.device)
        : `${roomName(world, action.room!)} ${action.kind ? `${action.kind}s` : action.capability ? `devices with ${action.capability}` : 'devices'}`;
    const entry: TraceAction = { type: 'command', ok: null, detail: `${label} → ${commandWords(command)}`, at: now };
    run.trace.actions.push(entry);
    if (action.device !== undefined && !world.devices.has(action.device)) {
      entry.ok = false;
      entry.detail += ': the device is not known to the hub';
      return;
    }
    const targets = action.device !== undefined ? [action.device] : this.roomTargets(world, action);
    if (targets.length === 0) {
      entry.ok = false;
      entry.detail += ': there are no such devices';
      return;
    }
    this.outcomes(
      run,
      entry,
      targets.map((id) => () => sink.command(id, command, run.cause, options)),
      targets.map((id) => (targets.length > 1 ? `${deviceName(world, id)}: ` : '')),
    );
  }

  private roomTargets(world: World, action: CommandAction): string[] {
    const keys = Object.keys(action.command ?? {});
    const fits = (d: DeviceView) =>
      d.roomId === action.room &&
      (action.kind === undefined || d.kind === action.kind) &&
      (action.capability === undefined || d.capabilities.includes(action.capability)) &&
      keys.every((k) => d.capabilities.includes(k as DeviceView['capabilities'][number]));
    return [...world.devices.values()].filter(fits).map((d) => d.id);
  }

  /**
   * Call the sink once per target and record the outcomes in the trace entry: at once when the sink answers
   * synchronously (dry runs), else when every promise settles. A throw or rejection is a failed outcome.
   */
  private outcomes(
    run: Run,
    entry: TraceAction,
    calls: (() => CommandOutcome | Promise<CommandOutcome | void> | void)[],
    labels: string[],
  ): void {
    const failed = (error: unknown): CommandOutcome => {
      this.options.onError?.(run.auto.automation.id, error);
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    };
    const results = calls.map((call) => {
      try {
        const out = call();
        return out instanceof Promise ? out.then((o) => o ?? { ok: true }, failed) : (out ?? { ok: true });
      } catch (error) {
        return failed(error);
      }
    });
    const record = (list: CommandOutcome[]) => {
      entry.ok = list.every((o) => o.ok);
      const details = list.map((o, i) => (o.detail ? `${labels[i] ?? ''}${o.detail}` : '')).filter(Boolean);
      if (details.length > 0) entry.detail += ` (${details.join('; ')})`;
    };
    if (results.every((r): r is CommandOutcome => !(r instanceof Promise))) return record(results);
    run.outstanding++;
    void Promise.all(results)
      .then(record, () => undefined)
      .finally(() => this.settled(run));
  }

  private wait(run: Run, action: Extract<Action, { type: 'wait' }>, now: number): void {
    const entry: TraceAction = {
      type: 'wait',
      ok: null,
      detail: `waiting for ${triggerPhrase(action.trigger, this.options.world(), this.zone)}`,
      at: now,
    };
    run.trace.actions.push(entry);
    const end = (ok: boolean, detail: string, goOn: boolean) => {
      if (!run.wait) return;
      const { instance, timeout } = run.wait;
      run.wait = null;
      this.drop(instance);
      timeout?.cancel();
      entry.ok = ok;
      entry.detail = detail;
      if (goOn) this.step(run);
      else this.finish(run, 'stopped', detail);
    };
    const instance = this.instance(action.trigger, (fired) =>
      end(true, `waited ${describeMs(fired.at - now)} for ${firedDetail(fired, this.options.world())}`, true),
    );
    const timeoutMs = action.timeout === undefined ? null : (durationMs(action.timeout) ?? 0);
    run.wait = { instance, timeout: null };
    if (timeoutMs !== null)
      run.wait.timeout = this.timerAt(now + timeoutMs, () =>
        end(action.continueOnTimeout, `gave up waiting after ${describeMs(timeoutMs)}`, action.continueOnTimeout),
      );
  }

  private cancel(run: Run, reason: string): void {
    this.finish(run, 'cancelled', reason);
  }

  private finish(run: Run, result: Trace['result'], reason?: string): void {
    if (run.ended) return;
    run.ended = true;
    run.timer?.cancel();
    run.timer = null;
    run.dueAt = null;
    if (run.wait) {
      this.drop(run.wait.instance);
      run.wait.timeout?.cancel();
      run.wait = null;
    }
    run.trace.result = result;
    if (reason !== undefined) run.trace.reason = reason;
    run.trace.endedAt = this.options.clock.now();
    const auto = run.auto;
    auto.runs = auto.runs.filter((r) => r !== run);
    if (run.outstanding === 0) this.emit(run.trace);
    // A queued run starts when the one before it ends (its trace already carries its trigger time).
    const next = auto.queue.shift();
    if (next) {
      auto.runs.push(next);
      this.step(next);
    }
  }

  private settled(run: Run): void {
    run.outstanding--;
    if (run.ended && run.outstanding === 0) this.emit(run.trace);
  }

  /**
   * Hands a finished trace over, uncopied: the engine never changes a trace after this (a run emits once its last
   * command has settled). A copy cost a third of a run's CPU in the engine (profiled).
   */
  private emit(trace: Trace): void {
    this.guard(() => this.options.onTrace(trace));
  }

  private diagnose(d: RuleDiagnostic): void {
    this.guard(() => this.options.onDiagnostic?.(d));
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.options.onError?.('', error);
    }
  }
}

function describeMs(ms: number): string {
  return durationWords(ms);
}
