/**
 * What a person living with the rooms sees, in the virtual home: its simulated devices, physics and
 * (scripted) people, the real Registry, RoomRunner and logbook (real SQLite), driven in process by a
 * ManualClock through an afternoon and evening (like bench/rooms.ts). Monday 12 January 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimIntegration, simId } from '../../../bench/rooms-sim';
import { Light } from '../../../sim/devices/light';
import type { PersonLocation } from '../../../sim/people';
import { buildScenario } from '../../../sim/virtual-home';
import { World } from '../../../sim/world';
import type { CommandSource, CommandUpdate, Decision, Device, LogbookEntry } from '../../model';
import { Registry } from '../../registry/registry';
import { LogbookRecorder } from '../../store/logbook';
import { openStore, type Store } from '../../store/store';
import { tempDataDir } from '../../store/test-support';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { attachRoomLogbook } from './logbook';
import { InMemoryRepository } from './repository';
import { RoomRunner } from './runner';

const at = (h: number, m = 0, s = 0) => new Date(2026, 0, 12, h, m, s).getTime();
const STEP = 5_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const BROWSER: CommandSource = { kind: 'user', client: 'browser' };

/** Alex: out until 16:30, through the hallway into the living room, out again through the hallway at 20:00. */
function alex(t: number): PersonLocation[] {
  const where = (roomId: string | null, activity: PersonLocation['activity']) => [
    { personId: 'alex', roomId, activity, moving: roomId !== null },
  ];
  if (t < at(16, 30)) return where(null, 'away');
  if (t < at(16, 31)) return where('hallway', 'passing');
  if (t < at(20)) return where('living_room', 'relax');
  if (t < at(20, 1)) return where('hallway', 'passing');
  return where(null, 'away');
}

describe('rooms in the virtual home, an afternoon and evening with a person', () => {
  let clock: ManualClock;
  let registry: Registry;
  let sim: SimIntegration;
  let world: World;
  let runner: RoomRunner;
  let repository: InMemoryRepository;
  let store: Store;
  let removeDir: () => void;
  let id: (name: string) => string;
  const offs: (() => void)[] = [];
  const commands: CommandUpdate[] = [];
  const decisions: Decision[] = [];

  beforeEach(async () => {
    const spec = buildScenario('home', 1);
    spec.script = alex;
    world = new World(spec, 1);
    clock = new ManualClock(at(14));
    registry = new Registry({ clock, logger: silentLogger });
    sim = new SimIntegration(spec.devices, registry.hostFor('sim'));
    registry.addIntegration(sim);
    registry.setOverrides(spec.devices.map((d) => [simId(d), { roomId: d.roomId }]));
    id = (name) => simId(spec.devices.find((d) => d.name === name)!);

    const data = tempDataDir();
    removeDir = data.remove;
    store = openStore({ dataDir: data.dir, clock, logger: silentLogger });
    const recorder = new LogbookRecorder(store.logbook, clock);
    offs.push(
      registry.events.on('deviceChanged', 'store', (d) => recorder.onDeviceChanged(d)),
      registry.events.on('commandUpdate', 'store', (u) => recorder.onCommandUpdate(u)),
      registry.events.on('commandUpdate', 'test', (u) => void (u.status === 'pending' && commands.push(u))),
    );
    world.step(clock.now());
    await sim.start();

    repository = new InMemoryRepository({
      behaviours: [
        // A timed hold, so the evening shows it ending; the 18:00 curve step falls inside it.
        { roomId: 'living_room', lighting: { overridePolicy: { kind: 'minutes', minutes: 90 } } },
        // "Off after 5 minutes"; the front door listed as the room's own, which an entrance never is.
        { roomId: 'hallway', occupancy: { vacancyTimeoutS: 300, ownDoors: [id('Front door')] } },
      ],
      people: [{ id: 'alice', name: 'Alice', lighting: [{ at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' }] }],
    });
    runner = new RoomRunner({
      registry,
      clock,
      repository,
      rooms: () => spec.rooms.map((r) => ({ id: r.id, name: r.name })),
      logger: silentLogger,
    });
    offs.push(
      attachRoomLogbook(runner, (entry) => store.logbook.append(entry)),
      runner.events.on('decision', 'test', (d) => void decisions.push(d)),
    );
    runner.start();
    await flush();
  });

  afterEach(() => {
    runner.stop();
    offs.splice(0).forEach((off) => off());
    store.close();
    removeDir();
    commands.length = 0;
    decisions.length = 0;
  });

  /** Step the world (people, physics, devices) and the hub together until `end`, calling `each` every step. */
  async function live(end: number, each: (t: number) => void = () => {}): Promise<void> {
    while (clock.now() < end) {
      clock.advance(STEP);
      for (const d of world.step(clock.now())) sim.report(d);
      await flush();
      each(clock.now());
    }
  }
  const device = (name: string): Device => registry.get(id(name))!;
  const light = (name: string) => {
    const c = device(name).capabilities;
    return { on: c.power?.value, brightness: c.brightness?.value, kelvin: c.colorTemperature?.value };
  };

  it('a manual dim holds through a curve step; the hallway clears 5 min after the last motion; the logbook tells the truth once', async () => {
    const lamp = id('Living room lamp');
    const hallwayLight = id('Hallway light');

    // 14:55: Alice is marked present in the living room. Her evening-only step is not in force yet.
    await live(at(14, 55));
    repository.putPerson({ ...repository.people()[0]!, roomId: 'living_room' });
    await flush();
    expect(runner.status('living_room')).toMatchObject({
      occupancy: { state: 'occupied', source: { name: 'Alice (marked present)' } },
      people: ['Alice'],
      preference: "the room's day setting",
      heldBy: [{ change: 'markGone' }],
    });
    await live(at(15));
    repository.putPerson({ ...repository.people()[0]!, roomId: null });
    await flush();

    // Alex comes home at 16:30 and sits in the living room; it is dark by 17:40 and the lamp is on.
    await live(at(17, 40));
    expect(light('Living room lamp').on).toBe(true);

    // 17:40: he dims the lamp to 30 % from a browser. It stays at 30 %, and its colour stays put, across
    // the 18:00 curve step (evening: 60 % 2700 K), until the 90-minute hold ends at 19:10.
    await registry.command(lamp, { brightness: 30 }, BROWSER);
    await flush();
    const kelvin = light('Living room lamp').kelvin;
    expect(kelvin).not.toBe(2700); // the afternoon's colour, so the evening step would change it
    const automaticBefore = commands.filter((c) => c.deviceId === lamp && c.source?.kind === 'automation').length;
    await live(at(19, 9, 55), () => {
      expect(light('Living room lamp')).toEqual({ on: true, brightness: 30, kelvin });
    });
    expect(commands.filter((c) => c.deviceId === lamp && c.source?.kind === 'automation')).toHaveLength(automaticBefore);
    expect(runner.arbiter.why(lamp)?.text).toBe(
      'Living room lamp → kept as it is: brightness set by hand from a browser at 17:40 (its colour is kept with it); kept until 19:10',
    );
    expect(runner.status('living_room').overrides).toMatchObject([{ deviceId: lamp, until: at(19, 10) }]);
    // The hold ends: the room takes the lamp back at once, and says why.
    await live(at(19, 10, 5));
    expect(light('Living room lamp')).toEqual({ on: true, brightness: 60, kelvin: expect.closeTo(2700, -1) }); // mireds round
    expect(runner.arbiter.why(lamp)?.text).toMatch(
      /^Living room lamp → 60 % 2700 K: manual hold ended at 19:10; the room's evening/,
    );

    // 20:00: he walks through the hallway and leaves. Its light switches on by motion and is off 5 min
    // after the last motion: the front door he closed behind him does not hold the hallway.
    let lastMotion = 0;
    const off = registry.events.on('deviceChanged', 'test-motion', (d) => {
      if (d.id === id('Hallway motion') && d.capabilities.occupancy?.value === true) lastMotion = clock.now();
    });
    offs.push(off);
    await live(at(20, 1));
    expect(light('Hallway light').on).toBe(true);
    expect(runner.arbiter.why(hallwayLight)?.text).toMatch(
      /: the room's evening setting; occupied since 20:00 by Hallway motion; \d+ lx at /,
    );
    expect(runner.status('hallway').heldBy).toMatchObject([{ source: { name: 'Hallway motion' } }]);
    await live(lastMotion + 5 * 60_000 - STEP);
    expect(light('Hallway light').on).toBe(true); // dimmed as a warning in the last 45 s
    await live(lastMotion + 5 * 60_000 + STEP);
    expect(light('Hallway light').on).toBe(false);
    expect(runner.status('hallway').occupancy.state).toBe('vacant');
    await live(at(20, 30));
    expect(light('Living room lamp').on).toBe(false);

    // The logbook: every entry names its true source, once.
    const entries = store.logbook.query({ limit: 2000 }).reverse();
    const lights = new Set(world.devices.filter((d) => d instanceof Light).map(simId));
    const lightEntries = entries.filter((e) => e.deviceId && lights.has(e.deviceId));
    // Nobody touched a light at the device: no light change is "by the device".
    expect(lightEntries.filter((e) => e.cause.kind === 'device')).toEqual([]);
    // The browser's dim, as one entry with what it set.
    expect(lightEntries.filter((e) => e.cause.kind === 'user')).toEqual([
      expect.objectContaining({ deviceId: lamp, message: 'Living room lamp set to 30 %', cause: BROWSER, at: at(17, 40) }),
    ]);
    // Each automatic command once, in the words of its decision; never its echo as a second entry.
    const sent = decisions.filter((d) => d.command && !d.byHand && lights.has(d.deviceId));
    const automatic = commands.filter((c) => c.source?.kind === 'automation' && lights.has(c.deviceId));
    expect(sent.length).toBe(automatic.length);
    expect(lightEntries.filter((e) => e.cause.kind === 'automation').map((e) => e.message)).toEqual(sent.map((d) => d.text));
    const key = (e: LogbookEntry) => `${e.at} ${e.deviceId ?? e.roomId} ${e.message}`;
    expect(new Set(entries.map(key)).size).toBe(entries.length);
    // The hallway's light names the motion sensor that switched it on, never the door.
    const hallway = lightEntries.filter((e) => e.deviceId === hallwayLight);
    expect(hallway.length).toBeGreaterThan(0);
    for (const e of hallway) expect(e.message).not.toMatch(/Front door/);
    expect(entries.map((e) => e.message)).toContain('Hallway occupied (Hallway motion)');
    expect(entries.map((e) => e.message)).toContain('Living room occupied (Alice (marked present))');
  });
});
