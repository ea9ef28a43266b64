/**
 * `npm run bench:rooms [-- --json] [--seed N]`: the comfort and energy scoreboard. The virtual home
 * (sim/) lives one simulated week (fixed seed) three ways — careless occupants, always-comfort
 * heating, and Homeroom's room behaviours — driven in process by a ManualClock, minute by minute.
 */
import { RoomRunner } from '../core/automations/rooms/runner';
import { InMemoryRepository } from '../core/automations/rooms/repository';
import { Registry } from '../core/registry/registry';
import { ManualClock } from '../core/util/clock';
import { silentLogger } from '../core/util/logger';
import { hourOfDay } from '../sim/clock';
import { HvacDevice } from '../sim/devices/hvac';
import { Light } from '../sim/devices/light';
import { buildScenario } from '../sim/virtual-home';
import { World } from '../sim/world';
import { COMFORT, handActions, homeroomBehaviours } from './rooms-setup';
import { SimIntegration, simId } from './rooms-sim';

export type Mode = 'careless' | 'alwaysComfort' | 'homeroom';
export interface Score {
  runtimeHours: number;
  comfortPct: number;
  litEmptyMinutes: number;
  falseOffs: number;
}

const STEP = 60_000;
const WEEK = 7 * 24 * 60 * STEP;
/** Monday 12 January 2026, local midnight: a winter week. */
const START = new Date(2026, 0, 12, 0, 0, 0).getTime();
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runWeek(mode: Mode, seed: number): Promise<Score> {
  const spec = buildScenario('home', seed);
  const world = new World(spec, seed);
  const clock = new ManualClock(START);
  const registry = new Registry({ clock, logger: silentLogger });
  const sim = new SimIntegration(spec.devices, registry.hostFor('sim'));
  registry.addIntegration(sim);
  registry.setOverrides(spec.devices.map((d) => [simId(d), { roomId: d.roomId }]));
  world.step(START);
  await sim.start();
  const lights = spec.devices.filter((d): d is Light => d instanceof Light);
  const hvacs = spec.devices.filter((d): d is HvacDevice => d instanceof HvacDevice);
  if (mode === 'alwaysComfort')
    for (const h of hvacs)
      h.set({ system_mode: 'heat', current_heating_setpoint: COMFORT[h.roomId], occupied_heating_setpoint: COMFORT[h.roomId] });

  let runner: RoomRunner | undefined;
  if (mode === 'homeroom') {
    const repository = new InMemoryRepository({ behaviours: homeroomBehaviours(spec.rooms.map((r) => r.id)) });
    runner = new RoomRunner({ registry, clock, repository, rooms: () => spec.rooms.map((r) => ({ id: r.id, name: r.name })) });
    runner.start();
  }

  const lightsOn = (roomId: string) => lights.some((l) => l.roomId === roomId && l.on);
  let wasOn = new Map(lights.map((l) => [l, l.on]));
  let before = new Map<string, { roomId: string | null; activity: string }>();
  let runtimeMinutes = 0;
  let occupiedMinutes = 0;
  let comfortMinutes = 0;
  let litEmptyMinutes = 0;
  let falseOffs = 0;

  for (let t = START + STEP; t <= START + WEEK; t += STEP) {
    clock.advance(STEP);
    for (const d of world.step(t)) sim.report(d);
    await flush();

    const now = new Map(world.locations.map((l) => [l.personId, { roomId: l.roomId, activity: l.activity }]));
    const byHand = new Set<string>();
    for (const action of handActions(before, now, world.rooms, lightsOn, hourOfDay(t), seed, t, mode === 'homeroom')) {
      if (action.falseOff) falseOffs++;
      if (!action.power) byHand.add(action.roomId);
      for (const l of lights)
        if (l.roomId === action.roomId && l.on !== action.power) {
          l.set({ state: action.power ? 'ON' : 'OFF', ...(action.power ? { brightness: 254 } : {}) });
          sim.report(l);
        }
    }
    before = now;
    await flush();

    for (const room of world.rooms.values()) {
      const id = room.spec.id;
      const people = room.occupants.length;
      if (people === 0 && lightsOn(id)) litEmptyMinutes++;
      // Off this step while someone is there, and not by a hand in the room: the automation's false off.
      const wentOff = lights.some((l) => l.roomId === id && wasOn.get(l) === true && !l.on);
      if (wentOff && people > 0 && !byHand.has(id)) falseOffs++;
      const comfort = COMFORT[id];
      if (comfort !== undefined && people > 0) {
        occupiedMinutes++;
        if (Math.abs(room.tempC - comfort) <= 1) comfortMinutes++;
      }
    }
    wasOn = new Map(lights.map((l) => [l, l.on]));
    for (const h of hvacs) if (h.runningState === 'heat' || h.runningState === 'cool') runtimeMinutes++;
  }
  runner?.stop();
  return {
    runtimeHours: Math.round((runtimeMinutes / 60) * 10) / 10,
    comfortPct: Math.round((comfortMinutes / Math.max(1, occupiedMinutes)) * 1000) / 10,
    litEmptyMinutes,
    falseOffs,
  };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const seedArg = process.argv.indexOf('--seed');
  const seed = seedArg >= 0 ? Number(process.argv[seedArg + 1]) : 1;
  const started = Date.now();
  const result = {
    careless: await runWeek('careless', seed),
    alwaysComfort: await runWeek('alwaysComfort', seed),
    homeroom: await runWeek('homeroom', seed),
  };
  if (json) return void console.log(JSON.stringify(result));
  console.log(
    `Rooms scoreboard — virtual home, one simulated week, seed ${seed} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  console.log('run             runtime h   comfort %   lit-empty min   false-offs');
  for (const [name, s] of Object.entries(result))
    console.log(
      `${name.padEnd(15)} ${String(s.runtimeHours).padStart(9)}   ${String(s.comfortPct).padStart(9)}   ${String(s.litEmptyMinutes).padStart(13)}   ${String(s.falseOffs).padStart(10)}`,
    );
  const saving = 1 - result.homeroom.runtimeHours / result.alwaysComfort.runtimeHours;
  console.log(
    `\nHomeroom vs always-comfort: ${(saving * 100).toFixed(1)} % less heating/cooling runtime (goal ≥ 25 %), comfort ${result.homeroom.comfortPct} % (goal ≥ 95 %)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
