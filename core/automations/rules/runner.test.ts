/**
 * The automation runner with the real registry, the real rooms runner and its arbiter, devices that echo what they
 * are told, and a ManualClock: how a rule's write meets the room's own lighting and a change by hand, and the events
 * the runner feeds the engine (rooms, people, the hub starting).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Automation, AutomationInput, Command } from '../../model';
import type { Integration, StateReport } from '../../integrations/integration';
import { Registry } from '../../registry/registry';
import { addLivingRoom } from '../rooms/test-living-room';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { InMemoryRepository } from '../rooms/repository';
import { RoomRunner } from '../rooms/runner';
import { MemoryTraces, memoryAutomations, memoryScenes } from './repository';
import { AutomationRunner, type AutomationNotification } from './runner';

const START = Date.UTC(2026, 0, 12, 18, 0); // 19:00 in Berlin
const flush = () => new Promise<void>((r) => setImmediate(r));

class EchoingDevices implements Integration {
  readonly name = 'fake';
  readonly sent: { id: string; command: Command }[] = [];
  constructor(private readonly report: (id: string, state: StateReport) => void) {}
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    this.sent.push({ id, command });
    const { power, brightness, colorTemperature } = command;
    queueMicrotask(() =>
      this.report(id, {
        ...(power !== undefined ? { power } : {}),
        ...(brightness !== undefined ? { brightness, power: true } : {}),
        ...(colorTemperature !== undefined ? { colorTemperature } : {}),
      }),
    );
  }
}

describe('AutomationRunner with the rooms', () => {
  let clock: ManualClock;
  let registry: Registry;
  let devices: EchoingDevices;
  let repository: InMemoryRepository;
  let rooms: RoomRunner;
  let runner: AutomationRunner;
  let notifications: AutomationNotification[];
  const host = () => registry.hostFor('fake');
  const motion = async (on: boolean) => {
    host().reportState('motion', { occupancy: on, illuminance: 5 });
    await flush();
  };
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 10_000) {
      clock.advance(Math.min(10_000, ms - t));
      await flush();
    }
  };
  const save = (a: Partial<AutomationInput> & Pick<AutomationInput, 'name' | 'triggers' | 'actions'>): Automation =>
    runner.save({ enabled: true, mode: 'single', max: 10, respectManual: true, conditions: [], ...a } as Automation);
  const lampSent = () => devices.sent.filter((s) => s.id === 'lamp').map((s) => s.command);

  beforeEach(async () => {
    clock = new ManualClock(START);
    registry = new Registry({ clock, logger: silentLogger });
    devices = new EchoingDevices((id, state) => host().reportState(id, state));
    registry.addIntegration(devices);
    addLivingRoom(registry, { kelvin: 2700 });
    repository = new InMemoryRepository({
      behaviours: [{ roomId: 'living', occupancy: { vacancyTimeoutS: 300, leavingGraceS: 30 } }],
      people: [{ id: 'alice', name: 'Alice', roomId: null, lighting: [] }],
    });
    rooms = new RoomRunner({ registry, clock, repository, rooms: () => [{ id: 'living', name: 'Living room' }] });
    runner = new AutomationRunner({
      registry,
      rooms,
      people: repository,
      automations: memoryAutomations(),
      scenes: memoryScenes(),
      traces: new MemoryTraces(),
      clock,
      settings: () => ({ timeZone: 'Europe/Berlin' }),
    });
    notifications = [];
    runner.events.on('automationNotification', 'test', (n) => notifications.push(n));
    runner.start();
    rooms.start();
    await flush();
  });

  afterEach(() => {
    rooms.stop();
    runner.stop();
  });

  it('names a new automation by its name, never "new" (the editor’s address)', () => {
    const named = (name: string) =>
      save({ name, triggers: [{ type: 'hubStarted' }], actions: [{ type: 'command', device: 'lamp', command: { power: true } }] })
        .id;
    expect(named('Evening lamp')).toBe('evening-lamp');
    expect(named('Evening lamp')).toBe('evening-lamp-2');
    expect(named('New')).toBe('new-2');
  });

  it("holds what it wrote against the room's own lighting until the room's occupancy changes", async () => {
    await motion(true);
    expect(lampSent()).toHaveLength(1); // the room switched the lamp on at its level
    save({
      name: 'Reading',
      triggers: [{ type: 'hubStarted' }],
      actions: [{ type: 'command', device: 'lamp', command: { brightness: 80 } }],
    });
    runner.run('reading');
    await flush();
    expect(lampSent().at(-1)).toEqual({ brightness: 80 });
    expect(rooms.arbiter.why('lamp')).toMatchObject({ writer: 'rule', automation: { id: 'reading', name: 'Reading' } });
    // Minutes of occupancy with slow follow due: the room leaves the automation's brightness alone.
    const before = lampSent().length;
    for (let i = 0; i < 4; i++) {
      await advance(60_000);
      await motion(true);
    }
    expect(
      lampSent()
        .slice(before)
        .filter((c) => c.brightness !== undefined),
    ).toEqual([]);
    // The room empties: the hold ends with that change, and the room switches the lamp off as always.
    await motion(false);
    await advance(6 * 60_000);
    expect(lampSent().at(-1)).toEqual({ power: false });
    expect(registry.get('lamp')?.capabilities.power?.value).toBe(false);
  });

  it('leaves a level set by hand alone unless the automation does not respect it', async () => {
    await motion(true);
    await registry.command('lamp', { brightness: 25 }, { kind: 'user', client: 'desktop' });
    await flush();
    save({
      name: 'Bright',
      triggers: [{ type: 'hubStarted' }],
      actions: [{ type: 'command', device: 'lamp', command: { brightness: 90 } }],
    });
    const before = lampSent().length;
    runner.run('bright');
    await flush();
    expect(lampSent().slice(before)).toEqual([]);
    const [kept] = runner.traces('bright', 1);
    expect(kept!.actions[0]).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^Living lamp → 90 % \(kept brightness: brightness set by hand from the desktop app/),
    });
    expect(rooms.arbiter.why('lamp')).toMatchObject({ writer: 'manual', overruled: [{ writer: 'rule' }] });

    save({
      name: 'Bright',
      id: 'bright',
      respectManual: false,
      triggers: [{ type: 'hubStarted' }],
      actions: [{ type: 'command', device: 'lamp', command: { brightness: 90 } }],
    });
    runner.run('bright');
    await flush();
    expect(lampSent().slice(before)).toEqual([{ brightness: 90 }]);
    expect(rooms.status('living').overrides).toEqual([]);
  });

  it('feeds room occupancy, people and the hub starting to the engine', async () => {
    save({
      name: 'Welcome',
      triggers: [
        { type: 'room', room: 'living', to: 'occupied' },
        { type: 'person', person: 'alice', room: 'living', event: 'arrives' },
        { type: 'hubStarted' },
      ],
      actions: [{ type: 'notify', text: '{{trigger.room}} {{trigger.person}}' }],
    });
    runner.hubStarted();
    await motion(true);
    repository.putPerson({ ...repository.people()[0]!, roomId: 'living' });
    expect(notifications.map((n) => n.text)).toEqual([' ', 'Living room ', 'Living room Alice']);
    expect(runner.traces('welcome', 10).map((t) => t.trigger.type)).toEqual(['person', 'room', 'hubStarted']);
  });

  it('sees every change of what a trigger reads, whatever else the same device reports in between', async () => {
    save({
      name: 'Dark',
      triggers: [{ type: 'numeric', device: 'motion', capability: 'illuminance', below: 3 }],
      actions: [{ type: 'notify', text: 'dark' }],
    });
    save({
      name: 'Arrived',
      triggers: [{ type: 'state', device: 'motion', capability: 'occupancy', from: false, to: true }],
      actions: [{ type: 'notify', text: 'arrived' }],
    });
    save({
      name: 'Offline',
      triggers: [{ type: 'availability', device: 'motion', to: 'offline' }],
      actions: [{ type: 'notify', text: 'offline' }],
    });
    // Reports of what no trigger reads (skipped before any event is made)…
    for (const battery of [89, 88, 87]) host().reportState('motion', { battery });
    await flush();
    expect(notifications).toEqual([]);
    // …do not hide a reading's change when it comes, nor the value it had before.
    host().reportState('motion', { battery: 86, occupancy: true });
    host().reportState('motion', { battery: 85, illuminance: 2 });
    host().setAvailability('motion', 'offline');
    await flush();
    expect(notifications.map((n) => n.text)).toEqual(['arrived', 'dark', 'offline']);
    expect(runner.traces('arrived', 1)[0]?.trigger.values).toMatchObject({ from: false, to: true });
    expect(runner.traces('dark', 1)[0]?.trigger.values).toMatchObject({ value: 2 });
  });
});
