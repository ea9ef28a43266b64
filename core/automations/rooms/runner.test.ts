import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, Device, MediaValue } from '../../model';
import type { Integration, StateReport } from '../../integrations/integration';
import { Registry } from '../../registry/registry';
import { addLivingRoom } from './test-living-room';
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
  devices?: (id: string) => Device | undefined;
  constructor(private readonly report: (id: string, state: StateReport) => void) {}
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    this.sent.push({ id, command });
    const state: StateReport = {};
    if (command.power !== undefined) state.power = command.power;
    if (command.brightness !== undefined) state.brightness = command.brightness;
    if (command.colorTemperature !== undefined) state.colorTemperature = command.colorTemperature;
    const device = this.devices?.(id);
    if (command.media?.action && device?.capabilities.media) {
      const playback = { play: 'playing', pause: 'paused', stop: 'stopped' } as const;
      const action = command.media.action;
      if (action === 'play' || action === 'pause' || action === 'stop')
        state.media = { ...device.capabilities.media.value, state: playback[action] };
    }
    if (command.climate && device?.capabilities.climate)
      state.climate = {
        ...device.capabilities.climate.value,
        ...(command.climate.mode ? { mode: command.climate.mode } : {}),
        ...(command.climate.targetTemperature !== undefined ? { targetTemperature: command.climate.targetTemperature } : {}),
      };
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
    fake.devices = (id) => registry.get(id);
    registry.addIntegration(fake);
    addLivingRoom(registry, { kelvin: 4000 });
    repository = new InMemoryRepository({
      behaviours: [{ roomId: 'living', occupancy: { vacancyTimeoutS: 300, leavingGraceS: 30 } }],
      people: [
        {
          id: 'alice',
          name: 'Alice',
          roomId: null,
          lighting: [{ at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' }],
        },
      ],
    });
    runner = new RoomRunner({ registry, clock, repository, rooms: () => [{ id: 'living', name: 'Living room' }] });
    runner.start();
    await flush();
  });

  afterEach(() => runner.stop());

  it('motion → lights on at the room’s level in one command, with the reason and the sensor that measured the dark', async () => {
    clock.advance(2 * 60_000);
    await motion(true);
    expect(fake.sent).toEqual([{ id: 'lamp', command: { power: true, brightness: 60, colorTemperature: 2700 } }]);
    expect(runner.arbiter.why('lamp')?.text).toBe(
      "Living lamp → 60 % 2700 K: the room's evening setting; occupied since 19:02 by Living motion; 5 lx at Living motion < 60 lx",
    );
    const status = runner.status('living');
    expect(status.occupancy).toMatchObject({ state: 'occupied', source: { name: 'Living motion' } });
    expect(status.heldBy).toMatchObject([{ source: { name: 'Living motion' }, change: null }]);
    expect(status.next[0]?.text).toMatch(/^Lights dim, then off in \d+ min unless there is activity$/);
  });

  it('marking a person present occupies the room: lights on at her preference, and she holds it until marked gone', async () => {
    clock.advance(2 * 60_000);
    repository.putPerson({ ...repository.people()[0]!, roomId: 'living' });
    await flush();
    expect(fake.sent).toEqual([{ id: 'lamp', command: { power: true, brightness: 40, colorTemperature: 2700 } }]);
    expect(runner.arbiter.why('lamp')?.text).toBe(
      'Living lamp → 40 % 2700 K: evening preference of Alice; occupied since 19:02 by Alice (marked present); 5 lx at Living motion < 60 lx',
    );
    await advance(60 * 60_000);
    const status = runner.status('living');
    expect(status).toMatchObject({
      occupancy: { state: 'occupied', source: { kind: 'person' } },
      preference: 'evening preference of Alice',
      people: ['Alice'],
      heldBy: [{ source: { name: 'Alice (marked present)' }, change: 'markGone' }],
    });
    repository.putPerson({ ...repository.people()[0]!, roomId: null });
    await advance(60_000);
    expect(runner.status('living').occupancy.state).toBe('vacant');
  });

  it('dims before off when the room clears, restores on motion, then switches off when vacant', async () => {
    await motion(true);
    await motion(false);
    await advance(4 * 60_000 + 40_000);
    expect(fake.sent.at(-1)?.command).toEqual({ brightness: 24 });
    await motion(true);
    expect(fake.sent.at(-1)?.command).toEqual({ brightness: 60 });
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

  it('an app change is a manual override: brightness and colour held, "resume automatic" takes both back', async () => {
    host().reportState('lamp', { power: true, brightness: 60, colorTemperature: 4000 });
    await motion(true);
    await registry.command('lamp', { brightness: 90 }, { kind: 'user', client: 'browser' });
    await advance(3 * 60_000);
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(90);
    expect(registry.get('lamp')?.capabilities.colorTemperature?.value).toBe(4000);
    expect(runner.status('living').overrides).toMatchObject([{ deviceId: 'lamp', brightness: true, color: false }]);
    expect(runner.arbiter.why('lamp')?.text).toMatch(
      /^Living lamp → kept as it is: brightness set by hand from a browser at 19:00 \(its colour is kept with it\); kept until it is switched off$/,
    );
    runner.resume('lamp');
    await flush();
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(60);
    expect(registry.get('lamp')?.capabilities.colorTemperature?.value).toBe(2700);
    expect(runner.arbiter.why('lamp')?.text).toMatch(/back to automatic \(“Resume automatic”\); the room's evening setting/);
    // Dimmed by hand again after resuming: held again.
    await registry.command('lamp', { brightness: 30 }, { kind: 'user', client: 'browser' });
    await advance(60_000);
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(30);
    expect(runner.status('living').overrides).toMatchObject([{ deviceId: 'lamp', brightness: true }]);
  });

  // KNOWN BUG, reproduced in the demo home: a light switched on by hand *from off* at a chosen level loses its hold,
  // and slow follow walks it to the room's level (30 → 35 → 40 … %, one step a minute). A dim of a light that is
  // already on holds (the tests above). Marked `fails` so it turns red the moment the hold is fixed.
  it('switched on by hand from off at a chosen level: the level holds, minute after minute', async () => {
    await motion(true);
    await registry.command('lamp', { power: false }, { kind: 'user', client: 'api' });
    fake.sent.length = 0;
    await registry.command('lamp', { power: true, brightness: 30, colorTemperature: 3000 }, { kind: 'user', client: 'api' });
    // The person's command is the only one: the room does not send its own "on" beside it.
    expect(fake.sent).toEqual([{ id: 'lamp', command: { power: true, brightness: 30, colorTemperature: 3000 } }]);
    // Within the room's 5 minutes of activity: slow follow would have taken three steps toward the evening level.
    await advance(4 * 60_000);
    expect(registry.get('lamp')?.capabilities.brightness?.value).toBe(30);
    expect(registry.get('lamp')?.capabilities.colorTemperature?.value).toBe(3000);
    expect(runner.status('living').overrides).toMatchObject([{ deviceId: 'lamp', brightness: true, color: true }]);
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

  it('follows devices moved to another room and back, and removed', async () => {
    registry.setOverrides([
      ['lamp', { roomId: 'hall' }],
      ['motion', { roomId: 'living' }],
    ]);
    await motion(true);
    expect(fake.sent).toEqual([]); // the lamp is the hall's now
    expect(runner.status('living').heldBy).toMatchObject([{ source: { name: 'Living motion' } }]);
    registry.setOverrides([
      ['lamp', { roomId: 'living' }],
      ['motion', { roomId: 'living' }],
    ]);
    await motion(true);
    expect(fake.sent.map((s) => s.command.power)).toEqual([true]); // back in the occupied, dark room
    host().removeDevice('motion');
    await flush();
    expect(runner.status('living').occupancy.state).not.toBe('occupied');
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

  describe('speakers follow the room (media.pauseWhenVacant)', () => {
    const media = (state: MediaValue['state']): MediaValue => ({ state, volume: 30, muted: false, track: null, source: null });
    const speaker = (id: string, name: string, state: MediaValue['state']) => {
      registry.setOverride(id, { roomId: 'living' });
      host().upsertDevice({
        id,
        name,
        kind: 'speaker',
        integration: 'fake',
        availability: 'online',
        capabilities: { media: { value: media(state), writable: true } },
      });
    };
    const speakerCommands = () => fake.sent.filter((s) => s.command.media);
    const mediaState = (id: string) => registry.get(id)?.capabilities.media?.value.state;
    const vacate = async () => {
      await motion(false);
      await advance(6 * 60_000);
      expect(runner.status('living').occupancy.state).toBe('vacant');
    };

    beforeEach(async () => {
      repository.put({
        roomId: 'living',
        occupancy: { vacancyTimeoutS: 300, leavingGraceS: 30 },
        media: { pauseWhenVacant: true },
      });
      await motion(true);
      speaker('kitchen-speaker', 'Kitchen speaker', 'playing');
      speaker('radio', 'Radio', 'stopped');
      await flush();
      expect(speakerCommands()).toEqual([]);
    });

    it('pauses the playing speakers when the room goes vacant, with the reason, and resumes them when it is occupied again', async () => {
      await vacate();
      expect(speakerCommands()).toEqual([{ id: 'kitchen-speaker', command: { media: { action: 'pause' } } }]);
      expect(mediaState('kitchen-speaker')).toBe('paused');
      expect(runner.arbiter.why('kitchen-speaker')?.text).toMatch(
        /^Kitchen speaker → paused: Living room vacant since \d\d:\d\d$/,
      );
      await advance(10 * 60_000);
      expect(speakerCommands()).toHaveLength(1);
      await motion(true);
      expect(speakerCommands().at(-1)).toEqual({ id: 'kitchen-speaker', command: { media: { action: 'play' } } });
      expect(mediaState('kitchen-speaker')).toBe('playing');
      expect(mediaState('radio')).toBe('stopped');
      expect(runner.arbiter.why('kitchen-speaker')?.text).toMatch(
        /^Kitchen speaker → resumed: Living room occupied again since \d\d:\d\d by Living motion$/,
      );
    });

    it('a playing speaker does not hold the room occupied when it follows the room', async () => {
      await vacate();
    });

    it('resumes only what it paused, and only if it is still paused', async () => {
      await vacate();
      host().reportState('kitchen-speaker', { media: media('stopped') }); // someone stopped it meanwhile
      host().reportState('radio', { media: media('paused') });
      await flush();
      await motion(true);
      expect(speakerCommands()).toHaveLength(1);
      expect(mediaState('kitchen-speaker')).toBe('stopped');
      expect(mediaState('radio')).toBe('paused');
    });

    it('is off by default: speakers keep playing (and hold the room)', async () => {
      repository.put({ roomId: 'living', occupancy: { vacancyTimeoutS: 300, leavingGraceS: 30 } });
      await flush();
      await motion(false);
      await advance(20 * 60_000);
      expect(speakerCommands()).toHaveLength(0);
      expect(runner.status('living').occupancy).toMatchObject({ state: 'occupied', source: { kind: 'media' } });
    });
  });

  describe('a heat pump that can cool', () => {
    const heatPump = (mode: 'heat' | 'cool', target: number, current: number) => {
      registry.setOverride('hp', { roomId: 'living' });
      host().upsertDevice({
        id: 'hp',
        name: 'Living heat pump',
        kind: 'thermostat',
        integration: 'fake',
        availability: 'online',
        capabilities: {
          climate: {
            value: { mode, targetTemperature: target, currentTemperature: current, action: 'idle', preset: null },
            writable: true,
            min: 7,
            max: 30,
            step: 0.5,
            options: ['off', 'heat', 'cool', 'auto'],
          },
        },
      });
    };
    const climateCommands = () => fake.sent.filter((s) => s.command.climate).map((s) => s.command.climate);

    it('in auto, a warm occupied room is cooled (mode and setpoint in one command)', async () => {
      repository.put({ roomId: 'living', climate: { mode: 'auto', comfortCoolC: 24, minOnMin: 0, minOffMin: 0 } });
      heatPump('heat', 21, 27);
      await motion(true);
      expect(climateCommands()).toEqual([{ mode: 'cool', targetTemperature: 24 }]);
      expect(runner.status('living').climate?.text).toBe('cool comfort 24 °C');
    });

    it('a room left at heat only never switches the heat pump to cool', async () => {
      heatPump('cool', 25, 27);
      await motion(true);
      expect(climateCommands()).toEqual([{ mode: 'heat', targetTemperature: 21 }]);
    });

    it('a mode switched at the thermostat itself is kept as a temporary hold', async () => {
      repository.put({ roomId: 'living', climate: { mode: 'auto', comfortCoolC: 24, minOnMin: 0, minOffMin: 0 } });
      heatPump('cool', 24, 23);
      await motion(true);
      expect(climateCommands()).toEqual([]);
      host().reportState('hp', {
        climate: { mode: 'heat', targetTemperature: 24, currentTemperature: 23, action: 'heating', preset: null },
      });
      await flush();
      await advance(5 * 60_000);
      expect(climateCommands()).toEqual([]);
      expect(runner.arbiter.why('hp')?.writer).toBe('manual');
      expect(runner.arbiter.why('hp')?.text).toMatch(/24 °C heat set by hand; kept until/);
    });
  });
});
