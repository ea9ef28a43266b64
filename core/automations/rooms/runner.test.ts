import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../model';
import type { Integration, StateReport } from '../../integrations/integration';
import { Registry } from '../../registry/registry';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { InMemoryRepository } from './repository';
import { RoomRunner } from './runner';

const START = new Date(2026, 0, 12, 19, 0).getTime();
const flush = () => new Promise<void>((r) => setImmediate(r));

/** Devices that do what they are told and echo it, like a well-behaved bulb. */
class FakeIntegration implements Integration {
  readonly name = 'fake';
  readonly sent: { id: string; command: Command }[] = [];
  constructor(private readonly report: (id: string, state: StateReport) => void) {}
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    this.sent.push({ id, command });
    const state: StateReport = {};
    if (command.power !== undefined) state.power = command.power;
    if (command.brightness !== undefined) state.brightness = command.brightness;
    if (command.colorTemperature !== undefined) state.colorTemperature = command.colorTemperature;
    queueMicrotask(() => this.report(id, state));
  }
}

describe('RoomRunner (registry + fake devices + manual clock)', () => {
  let clock: ManualClock;
  let registry: Registry;
  let fake: FakeIntegration;
  let repository: InMemoryRepository;
  let runner: RoomRunner;
  const host = () => registry.hostFor('fake');
  const motion = async (on: boolean, lux = 5) => {
    host().reportState('motion', { occupancy: on, illuminance: lux });
    await flush();
  };
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 10_000) {
      clock.advance(Math.min(10_000, ms - t));
      await flush();
    }
  };

  beforeEach(async () => {
    clock = new ManualClock(START);
    registry = new Registry({ clock, logger: silentLogger });
    fake = new FakeIntegration((id, state) => host().reportState(id, state));
    registry.addIntegration(fake);
    registry.setOverrides([
      ['lamp', { roomId: 'living' }],
      ['motion', { roomId: 'living' }],
    ]);
    host().upsertDevice({
      id: 'lamp',
      name: 'Living lamp',
      kind: 'light',
      integration: 'fake',
      availability: 'online',
      capabilities: {
        power: { value: false, writable: true },
        brightness: { value: 100, writable: true },
        colorTemperature: { value: 4000, writable: true, min: 2200, max: 6500 },
      },
    });
    host().upsertDevice({
      id: 'motion',
      name: 'Living motion',
      kind: 'sensor',
      integration: 'fake',
      availability: 'online',
      capabilities: {
        occupancy: { value: false, writable: false },
        illuminance: { value: 5, writable: false },
        battery: { value: 90, writable: false },
      },
    });
    repository = new InMemoryRepository({
      behaviours: [{ roomId: 'living', occupancy: { vacancyTimeoutS: 300, leavingGraceS: 30 } }],
      people: [
        {
          id: 'alice',
          name: 'Alice',
          roomId: 'living',
          lighting: [{ at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' }],
        },
      ],
    });
    runner = new RoomRunner({ registry, clock, repository, rooms: () => [{ id: 'living', name: 'Living room' }] });
    runner.start();
    await flush();
  });

  afterEach(() => runner.stop());

  it('motion → lights on at the evening preference of the person present, in one command, with the reason', async () => {
    clock.advance(2 * 60_000);
    await motion(true);
    expect(fake.sent).toEqual([{ id: 'lamp', command: { power: true, brightness: 40, colorTemperature: 2700 } }]);
    expect(runner.arbiter.why('lamp')?.text).toBe(
      'Living lamp → 40 % 2700 K: evening preference of Alice; occupied since 19:02 by Living motion; 5 lx < 60 lx',
    );
    const status = runner.status('living');
    expect(status).toMatchObject({
      occupancy: { state: 'occupied', source: { name: 'Living motion' } },
      preference: 'evening preference of Alice',
      people: ['Alice'],
    });
    expect(status.next[0]?.text).toMatch(/^Lights dim, then off in \d+ min unless there is activity$/);
  });

  it('dims before off when the room clears, restores on motion, then switches off when vacant', async () => {
    await motion(true);
    await motion(false);
    await advance(5 * 60_000 + 10_000);
    expect(fake.sent.at(-1)?.command).toEqual({ brightness: 16 });
    await motion(true);
    expect(fake.sent.at(-1)?.command).toEqual({ brightness: 40 });
    await motion(false);
    await advance(6 * 60_000);
    expect(fake.sent.at(-1)?.command).toEqual({ power: false });
    expect(registry.get('lamp')?.capabilities.power?.value).toBe(false);
  });

  it('a light switched off by hand while occupied stays off, and comes back after the room has emptied', async () => {
    await motion(true);
    host().reportState('lamp', { power: false }); // the wall switch
    await flush();
    await motion(false);
    await motion(true);
    await advance(60_000);
    expect(fake.sent.filter((s) => s.command.power === true)).toHaveLength(1);
    expect(runner.arbiter.why('lamp')?.writer).toBe('manual');
    await motion(false);
    await advance(6 * 60_000);
    expect(runner.status('living').occupancy.state).toBe('vacant');
    await motion(true);
    expect(fake.sent.filter((s) => s.command.power === true)).toHaveLength(2);
  });

  it('an app change is a manual override: brightness held, "resume automatic" takes it back', async () => {
    await motion(true);
    await registry.command('lamp', { brightness: 90 }, { kind: 'user', client: 'browser' });
    await advance(3 * 60_000);
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(90);
    expect(runner.status('living').overrides).toMatchObject([{ deviceId: 'lamp', brightness: true, color: false }]);
    runner.resume('lamp');
    await flush();
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(40);
  });

  it('settings apply at once: a higher lux threshold switches on where the old one did not', async () => {
    await motion(true, 100);
    expect(fake.sent).toHaveLength(0);
    repository.put({ roomId: 'living', lighting: { luxThreshold: 200 } });
    await flush();
    expect(fake.sent.at(-1)?.command).toMatchObject({ power: true });
  });

  it('a light switched on from the app in an empty room stays on (it counts as activity) until the timeout', async () => {
    await registry.command('lamp', { power: true }, { kind: 'user', client: 'desktop' });
    await advance(2 * 60_000);
    expect(registry.get('lamp')?.capabilities.power?.value).toBe(true);
    await advance(6 * 60_000);
    expect(registry.get('lamp')?.capabilities.power?.value).toBe(false);
  });

  it('a room without any occupancy sensor is left alone', async () => {
    registry.setOverride('motion', undefined);
    await registry.command('lamp', { power: true }, { kind: 'user', client: 'desktop' });
    await advance(30 * 60_000);
    expect(registry.get('lamp')?.capabilities.power?.value).toBe(true);
    expect(fake.sent.filter((s) => s.command.power === false)).toHaveLength(0);
  });

  it('holds from the UI: vacant now switches off; occupied for an hour keeps the room without sensors', async () => {
    await motion(true);
    await motion(false);
    runner.setHold('living', 'vacant');
    await flush();
    expect(fake.sent.at(-1)?.command).toEqual({ power: false });
    runner.setHold('living', 'occupied', 60);
    await flush();
    expect(runner.status('living').occupancy).toMatchObject({ state: 'occupied', source: { kind: 'hold' } });
    expect(fake.sent.at(-1)?.command).toMatchObject({ power: true });
  });
});
