/**
 * Runs people's automations on the hub: keeps the rule engine's world as a snapshot updated incrementally from the
 * registry, the rooms runner and the people; feeds it the events those changes mean; writes through the rooms'
 * arbiter at the `rule` priority (RoomRunner.ruleWrite); stores every trace; reports loops in diagnostics; and serves
 * what the API asks of automations and scenes. Constructor + start()/stop() (DESIGN.md habit 5).
 */
import {
  Automation,
  AutomationDraft,
  DEFAULT_LOCATION,
  HISTORY_CAPABILITIES,
  Scene,
  type ClientKind,
  type Command,
  type Device,
  type HistoryCapability,
  type LogbookEntry,
  type Person,
  type PlannedChange,
  type Trace,
  type Trigger,
} from '../../model';
import type { Registry } from '../../registry/registry';
import type { Clock } from '../../util/clock';
import { SafeEmitter } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { RoomRunner, RuleWrite } from '../rooms/runner';
import { triggerPhrase } from './describe';
import { dryRun, type DryRun, type RecordedSeries } from './dry-run';
import { RuleEngine, type ActionSink, type CommandOutcome, type RuleCause, type Upcoming } from './engine';
import type { AutomationRepository, SceneRepository, TraceRepository } from './repository';
import { captureState, expandScene } from './scenes';
import type { Location } from './schedule';
import { automationProblems, sceneProblems, type Known, type Problem } from './validate';
import { deviceView, reportEvents, type DeviceView, type PersonView, type RoomView, type World } from './world';
import { hhmm, systemZone } from './zone';

export interface AutomationNotification {
  automationId: string;
  automationName: string;
  title?: string;
  text: string;
  at: number;
}

export type AutomationEvents = {
  automationRun: Trace;
  automationsChanged: { automations: Automation[] };
  scenesChanged: { scenes: Scene[] };
  automationNotification: AutomationNotification;
};

export interface TimelineEntry {
  at: number;
  text: string;
  source: 'automation' | 'room';
  deviceId?: string;
  roomId?: string;
  automationId?: string;
}

/** Input that refers to what the hub does not have; each problem names its field. */
export class RuleInputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'RuleInputError';
  }
}

export interface AutomationRunnerOptions {
  registry: Pick<Registry, 'list' | 'get' | 'events' | 'command' | 'addDiagnostic'>;
  rooms: Pick<RoomRunner, 'ruleWrite' | 'events' | 'roomIds' | 'roomName' | 'status'>;
  people: { people(): Person[]; onChange(listener: () => void): () => void };
  automations: AutomationRepository;
  scenes: SceneRepository;
  traces: TraceRepository;
  clock: Clock;
  /** The home's location and time zone (settings), read at start and when `settingsChanged()` is called. */
  settings: () => { location?: Location; timeZone?: string };
  /** Recorded series for dry runs (the history store); without it a dry run sees only the current state. */
  history?: (deviceId: string, capability: HistoryCapability, from: number, to: number) => RecordedSeries['points'];
  /** A notification's logbook entry. */
  log?: (entry: Omit<LogbookEntry, 'id' | 'at'>) => void;
  logger?: Logger;
  loopLimit?: { runs: number; windowMs: number };
  /** More of what happens next: the meeting rooms' bookings (core/automations/meetings), in [from, until). */
  upcoming?: (from: number, until: number) => readonly { at: number; roomId: string; text: string }[];
}

const OWNER = 'automations';
/** A dry run covers at most a week of history. */
export const DRY_RUN_MAX_MS = 7 * 86_400_000;

export class AutomationRunner {
  readonly events: SafeEmitter<AutomationEvents>;
  private engine: RuleEngine;
  private readonly devices = new DeviceViews();
  private readonly roomViews = new Map<string, RoomView>();
  private readonly peopleViews = new Map<string, PersonView>();
  private readonly world: World = { devices: this.devices, rooms: this.roomViews, people: this.peopleViews };
  private readonly disposers: (() => void)[] = [];
  private placeKey = '';
  private running = false;

  constructor(private readonly options: AutomationRunnerOptions) {
    this.events = new SafeEmitter((owner, event, error) =>
      options.logger?.error(`listener "${owner}" failed on ${event}: ${String(error)}`),
    );
    this.engine = this.createEngine();
  }

  /** Subscribe before the rooms runner does: an automation's write then holds before the room evaluates the same report. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const { registry, rooms, people, automations, scenes } = this.options;
    for (const device of registry.list()) this.devices.put(device);
    this.refreshRooms();
    this.readPeople(false);
    this.disposers.push(
      registry.events.on('deviceChanged', OWNER, (device) => this.onDevice(device)),
      registry.events.on('deviceRemoved', OWNER, ({ id }) => void this.devices.delete(id)),
      rooms.events.on('roomStatus', OWNER, (status) => {
        const before = this.roomViews.get(status.roomId);
        const from = before?.occupancy ?? 'unknown';
        const to = status.occupancy.state;
        this.roomViews.set(status.roomId, { id: status.roomId, name: rooms.roomName(status.roomId), occupancy: to });
        if (from !== to) this.engine.handle({ type: 'room', at: this.now(), room: status.roomId, from, to });
      }),
      people.onChange(() => this.readPeople(true)),
      automations.onChange(() => {
        this.engine.setAutomations(automations.list());
        this.events.emit('automationsChanged', { automations: automations.list() });
      }),
      scenes.onChange(() => this.events.emit('scenesChanged', { scenes: scenes.list() })),
    );
    this.engine.setAutomations(automations.list());
    this.engine.start();
  }

  stop(): void {
    this.running = false;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.engine.stop();
  }

  /** The hub finished starting (integrations up): `hubStarted` triggers fire. */
  hubStarted(): void {
    this.engine.handle({ type: 'hubStarted', at: this.now() });
  }

  /** Settings changed: a new location or time zone re-arms every automation (their times move). */
  settingsChanged(): void {
    if (this.place().key === this.placeKey) return;
    this.engine.stop();
    this.engine = this.createEngine();
    this.engine.setAutomations(this.options.automations.list());
    if (this.running) this.engine.start();
  }

  /** Rooms were created, renamed or deleted. */
  refreshRooms(): void {
    const { rooms } = this.options;
    const ids = new Set(rooms.roomIds());
    for (const id of [...this.roomViews.keys()]) if (!ids.has(id)) this.roomViews.delete(id);
    for (const id of ids) {
      const before = this.roomViews.get(id);
      this.roomViews.set(id, { id, name: rooms.roomName(id), occupancy: before?.occupancy ?? 'unknown' });
    }
  }

  // ── automations ───────────────────────────────────────────────────────────

  list(): Automation[] {
    return this.options.automations.list();
  }

  get(id: string): Automation | undefined {
    return this.options.automations.get(id);
  }

  /** Validates against what the hub has and saves (a new one gets an id from its name). Resumes one stopped as a loop. */
  save(draft: AutomationDraft, id?: string): Automation {
    const problems = automationProblems(draft, this.known());
    if (problems.length > 0) throw new RuleInputError(problems);
    const automation = Automation.parse({ ...draft, id: id ?? draft.id ?? this.newId(draft.name) });
    const saved = this.options.automations.put(automation);
    this.engine.resume(saved.id);
    return saved;
  }

  remove(id: string): boolean {
    const removed = this.options.automations.delete(id);
    if (removed) this.options.traces.deleteFor(id);
    return removed;
  }

  /** Runs its actions now (its conditions skipped, its mode kept); false when it is disabled, stopped or unknown. */
  run(id: string): boolean {
    return this.engine.runNow(id);
  }

  isStopped(id: string): boolean {
    return this.engine.isStopped(id);
  }

  /** Newest first, runs still going included. */
  traces(id: string, limit: number): Trace[] {
    const running = this.engine.inProgress().filter((t) => t.automationId === id);
    return [...running.reverse(), ...this.options.traces.list(id, limit)].slice(0, limit);
  }

  /** What a draft would have done over the recorded window, sending nothing. */
  dryRun(draft: AutomationDraft, from: number, to: number): DryRun {
    const problems = automationProblems(draft, this.known());
    if (problems.length > 0) throw new RuleInputError(problems);
    const history: RecordedSeries[] = [];
    const read = this.options.history;
    if (read)
      for (const [deviceId, capabilities] of watchedSeries(draft))
        for (const capability of capabilities)
          history.push({ deviceId, capability, points: read(deviceId, capability, from, to) });
    const { zone, location } = this.place();
    return dryRun({
      automation: draft,
      from,
      to,
      world: this.world,
      history,
      zone,
      ...(location ? { location } : {}),
    });
  }

  // ── scenes ────────────────────────────────────────────────────────────────

  scenes(): Scene[] {
    return this.options.scenes.list();
  }

  scene(id: string): Scene | undefined {
    return this.options.scenes.get(id);
  }

  /** Captures the current state of devices (and every device of the rooms given), or takes the states given. */
  createScene(input: {
    id?: string;
    name: string;
    devices?: string[];
    rooms?: string[];
    states?: Scene['states'];
    transitionS?: number;
  }): Scene {
    const problems: Problem[] = [];
    const states: Scene['states'] = [...(input.states ?? [])];
    const captured = new Set<string>();
    const capture = (device: Device | undefined, id: string, path: string) => {
      if (!device) return void problems.push({ path, message: `no device with id "${id}"` });
      if (captured.has(device.id)) return;
      const command = captureState(device);
      if (command) {
        captured.add(device.id);
        states.push({ device: device.id, command });
      } else if (path.startsWith('devices')) problems.push({ path, message: `${device.name} has nothing a scene can set` });
    };
    input.devices?.forEach((id, i) => capture(this.options.registry.get(id), id, `devices.${i}`));
    input.rooms?.forEach((roomId, i) => {
      if (!this.options.rooms.roomIds().includes(roomId))
        return void problems.push({ path: `rooms.${i}`, message: `no room with id "${roomId}"` });
      for (const device of this.options.registry.list().filter((d) => d.roomId === roomId))
        capture(device, device.id, `rooms.${i}`);
    });
    if (problems.length > 0) throw new RuleInputError(problems);
    if (states.length === 0)
      throw new RuleInputError([
        { path: input.rooms ? 'rooms' : 'devices', message: 'a scene needs at least one device to set' },
      ]);
    return this.saveScene({
      id: input.id ?? this.newSceneId(input.name),
      name: input.name,
      states,
      ...(input.transitionS !== undefined ? { transitionS: input.transitionS } : {}),
    });
  }

  /** Validates (devices, what they can take, includes and their cycles) and saves. */
  saveScene(scene: Scene): Scene {
    const parsed = Scene.safeParse(scene);
    if (!parsed.success)
      throw new RuleInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const all = new Map(this.options.scenes.list().map((s) => [s.id, s]));
    const problems = sceneProblems(parsed.data, this.known(), all);
    if (problems.length > 0) throw new RuleInputError(problems);
    return this.options.scenes.put(parsed.data);
  }

  /** Scenes included by others, and automations that apply it, keep their reference (it then does nothing). */
  removeScene(id: string): boolean {
    return this.options.scenes.delete(id);
  }

  /**
   * Applies a scene by hand: each state is the person's own command (`source.scene` names the scene), so the rooms
   * count it as a change by hand and the logbook names who did it. Resolves when every device confirmed or failed.
   */
  async applySceneByHand(id: string, client: ClientKind): Promise<{ deviceId: string; ok: boolean; detail: string }[]> {
    const scene = this.options.scenes.get(id);
    if (!scene) return [];
    const states = expandScene(this.sceneMap(), id);
    const options = scene.transitionS !== undefined ? { transitionS: scene.transitionS } : {};
    return Promise.all(
      states.map(({ device, command }) =>
        this.options.registry.command(device, command, { kind: 'user', client, scene: scene.name }, options).then(
          () => ({ deviceId: device, ok: true, detail: 'confirmed' }),
          (error: unknown) => ({ deviceId: device, ok: false, detail: error instanceof Error ? error.message : String(error) }),
        ),
      ),
    );
  }

  // ── what happens next ─────────────────────────────────────────────────────

  /** The next `hours`: armed triggers, sleeping runs and the rooms' planned changes, soonest first. */
  timeline(hours: number): TimelineEntry[] {
    const now = this.now();
    const until = now + hours * 3_600_000;
    const { zone } = this.place();
    const out: TimelineEntry[] = [];
    for (const u of this.engine.upcoming()) {
      if (u.at > until) break;
      const automation = this.options.automations.get(u.automationId);
      if (!automation) continue;
      out.push(this.upcomingEntry(u, automation, zone));
    }
    for (const roomId of this.options.rooms.roomIds())
      for (const change of this.options.rooms.status(roomId).next)
        if (change.at >= now && change.at <= until) out.push(roomEntry(change));
    for (const u of this.options.upcoming?.(now, until) ?? [])
      out.push({ at: u.at, text: u.text, source: 'room', roomId: u.roomId });
    return out.sort((a, b) => a.at - b.at);
  }

  private upcomingEntry(u: Upcoming, automation: Automation, zone: string): TimelineEntry {
    const name = `'${automation.name}'`;
    // A time or sun trigger has no room: the room it changes (its first command's) puts it on that room's page.
    const where = { ...actionRoom(automation, this.world), ...(u.trigger ? targetOf(u.trigger, this.world) : {}) };
    const phrase = u.trigger ? triggerPhrase(u.trigger, this.world, zone) : '';
    const text =
      u.kind === 'trigger'
        ? `${name} runs at ${hhmm(u.at, zone)}: when ${phrase}`
        : u.kind === 'delay'
          ? `${name} goes on at ${hhmm(u.at, zone)} after its delay`
          : `${name} goes on at ${hhmm(u.at, zone)} if ${phrase}`;
    return { at: u.at, text, source: 'automation', automationId: automation.id, ...where };
  }

  // ── the world and the sink ────────────────────────────────────────────────

  /**
   * Most reports concern devices no automation watches: those only replace the device (its view is made when read).
   * A watched device's report becomes events straight from the registry's two devices.
   */
  private onDevice(device: Device): void {
    const interest = this.engine.interest(device.id);
    const held = interest ? this.devices.device(device.id) : undefined;
    this.devices.put(device);
    if (!interest || !held) return;
    for (const event of reportEvents(held, device, interest, this.now())) this.engine.handle(event);
  }

  private readPeople(announce: boolean): void {
    const people = this.options.people.people();
    const ids = new Set(people.map((p) => p.id));
    for (const id of [...this.peopleViews.keys()]) if (!ids.has(id)) this.peopleViews.delete(id);
    for (const p of people) {
      const before = this.peopleViews.get(p.id);
      this.peopleViews.set(p.id, { id: p.id, name: p.name, roomId: p.roomId });
      if (announce && before && before.roomId !== p.roomId)
        this.engine.handle({ type: 'person', at: this.now(), person: p.id, from: before.roomId, to: p.roomId });
    }
  }

  private createEngine(): RuleEngine {
    const place = this.place();
    this.placeKey = place.key;
    return new RuleEngine({
      clock: this.options.clock,
      sink: this.sink(),
      world: () => this.world,
      scene: (id) => this.options.scenes.get(id),
      zone: place.zone,
      ...(place.location ? { location: place.location } : {}),
      ...(this.options.loopLimit ? { loopLimit: this.options.loopLimit } : {}),
      onTrace: (trace) => {
        this.options.traces.add(trace);
        this.events.emit('automationRun', trace);
      },
      onDiagnostic: (d) => {
        const name = this.options.automations.get(d.automationId)?.name ?? d.automationId;
        this.options.registry.addDiagnostic({
          level: d.kind === 'loop' ? 'error' : 'warning',
          subject: `Automation “${name}”`,
          message: d.text,
        });
      },
      onError: (automationId, error) =>
        this.options.logger?.warn(
          `automation ${automationId || '(engine)'}: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
  }

  private sink(): ActionSink {
    const write = (cause: RuleCause, text = cause.text): RuleWrite => ({
      automation: { id: cause.automationId, name: cause.automationName, runId: cause.runId },
      text,
      respectManual: cause.respectManual,
    });
    return {
      command: (deviceId: string, command: Command, cause: RuleCause, options: { transitionS?: number }) =>
        this.options.rooms.ruleWrite(deviceId, command, { ...write(cause), ...options }),
      applyScene: async (sceneId: string, cause: RuleCause, options: { transitionS?: number }): Promise<CommandOutcome> => {
        const scene = this.options.scenes.get(sceneId);
        if (!scene) return { ok: false, detail: 'the scene is not known to the hub' };
        // The action's own transition, else the scene's.
        const transitionS = options.transitionS ?? scene.transitionS;
        const how = transitionS !== undefined ? { transitionS } : {};
        const states = expandScene(this.sceneMap(), sceneId);
        const results = await Promise.all(
          states.map(async ({ device, command }) => ({
            name: this.devices.get(device)?.name ?? device,
            ...(await this.options.rooms.ruleWrite(device, command, {
              ...write(cause, `${cause.text}; scene “${scene.name}”`),
              ...how,
            })),
          })),
        );
        const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail ?? 'failed'}`);
        if (failed.length > 0) return { ok: false, detail: failed.join('; ') };
        // What a device kept (changed by hand) is said; a plain confirmation is not repeated per device.
        const notes = results.filter((r) => r.detail && r.detail !== 'confirmed').map((r) => `${r.name}: ${r.detail}`);
        return { ok: true, detail: [`${results.length} devices set`, ...notes].join('; ') };
      },
      notify: (text: string, cause: RuleCause, options: { title?: string }) => {
        const at = this.now();
        this.events.emit('automationNotification', {
          automationId: cause.automationId,
          automationName: cause.automationName,
          ...(options.title !== undefined ? { title: options.title } : {}),
          text,
          at,
        });
        this.options.log?.({
          message: options.title ? `${options.title}: ${text}` : text,
          cause: { kind: 'automation', rule: cause.automationName },
        });
      },
    };
  }

  private known(): Known {
    const { registry, rooms, people, scenes } = this.options;
    return {
      device: (id) => registry.get(id),
      roomExists: (id) => rooms.roomIds().includes(id),
      personExists: (id) => people.people().some((p) => p.id === id),
      scene: (id) => scenes.get(id),
    };
  }

  private sceneMap(): Map<string, Scene> {
    return new Map(this.options.scenes.list().map((s) => [s.id, s]));
  }

  private place(): { zone: string; location?: Location; key: string } {
    const { location, timeZone } = this.options.settings();
    const zone = timeZone ?? systemZone();
    return { zone, location: location ?? DEFAULT_LOCATION, key: JSON.stringify([zone, location ?? null]) };
  }

  private newId(name: string): string {
    // `new` is the editor's address (/automations/new), never an automation's.
    return uniqueId(slug(name) || 'automation', (id) => id === 'new' || this.options.automations.get(id) !== undefined);
  }

  private newSceneId(name: string): string {
    return uniqueId(slug(name) || 'scene', (id) => this.options.scenes.get(id) !== undefined);
  }

  private now(): number {
    return this.options.clock.now();
  }
}

/**
 * The world's devices: the registry's devices, each turned into the engine's view when first read after a change
 * (a report about a device no automation reads costs a map write). A view is kept by the device object it was made
 * from, so a report replaces the device and nothing else.
 */
class DeviceViews implements ReadonlyMap<string, DeviceView> {
  private readonly raw = new Map<string, Device>();
  private readonly views = new WeakMap<Device, DeviceView>();

  /** The registry's device as last set. */
  device(id: string): Device | undefined {
    return this.raw.get(id);
  }

  get(id: string): DeviceView | undefined {
    const device = this.raw.get(id);
    if (!device) return undefined;
    let view = this.views.get(device);
    if (!view) this.views.set(device, (view = deviceView(device)));
    return view;
  }

  has(id: string): boolean {
    return this.raw.has(id);
  }

  get size(): number {
    return this.raw.size;
  }

  put(device: Device): void {
    this.raw.set(device.id, device);
  }

  delete(id: string): boolean {
    return this.raw.delete(id);
  }

  *values(): MapIterator<DeviceView> {
    for (const id of this.raw.keys()) yield this.get(id)!;
  }

  *keys(): MapIterator<string> {
    yield* this.raw.keys();
  }

  *entries(): MapIterator<[string, DeviceView]> {
    for (const id of this.raw.keys()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, DeviceView]> {
    return this.entries();
  }

  forEach(fn: (value: DeviceView, key: string, map: ReadonlyMap<string, DeviceView>) => void): void {
    for (const [id, view] of this.entries()) fn(view, id, this);
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

function roomEntry(change: PlannedChange): TimelineEntry {
  return {
    at: change.at,
    text: change.text,
    source: 'room',
    roomId: change.roomId,
    ...(change.deviceId ? { deviceId: change.deviceId } : {}),
  };
}

function targetOf(trigger: Trigger, world: World): { deviceId?: string; roomId?: string } {
  if ('device' in trigger) {
    const roomId = world.devices.get(trigger.device)?.roomId;
    return { deviceId: trigger.device, ...(roomId ? { roomId } : {}) };
  }
  if ('room' in trigger && trigger.room) return { roomId: trigger.room };
  return {};
}

/** The room of an automation's first command to a device or a room, if any. */
function actionRoom(automation: Automation, world: World): { roomId?: string } {
  for (const a of automation.actions) {
    if (a.type !== 'command') continue;
    const roomId = a.room ?? (a.device !== undefined ? world.devices.get(a.device)?.roomId : undefined);
    if (roomId) return { roomId };
  }
  return {};
}

const RECORDED = new Set<string>(HISTORY_CAPABILITIES);

/** The recorded series a dry run needs: every device and field its triggers, conditions and waits watch. */
export function watchedSeries(draft: AutomationDraft): Map<string, Set<HistoryCapability>> {
  const out = new Map<string, Set<HistoryCapability>>();
  const add = (device: string, field: string) => {
    if (!RECORDED.has(field)) return;
    const set = out.get(device) ?? new Set();
    set.add(field as HistoryCapability);
    out.set(device, set);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.device === 'string' && typeof record.capability === 'string' && record.type !== 'command')
      add(record.device, record.capability);
    if (typeof record.device === 'string' && record.type === 'availability') add(record.device, 'availability');
    for (const value of Object.values(record)) if (typeof value === 'object') visit(value);
  };
  visit([draft.triggers, draft.conditions, draft.actions]);
  return out;
}
