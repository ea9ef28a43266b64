/**
 * Learned heating and cooling rates survive a restart: a real RoomRunner learns them from a
 * thermostat (registry + manual clock), the store is closed and opened again, and a new runner
 * starts from the same rates (and keeps learning from there).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_RATE, learned } from '../automations/rooms/rate';
import { InMemoryRepository } from '../automations/rooms/repository';
import { RoomRunner } from '../automations/rooms/runner';
import type { Integration } from '../integrations/integration';
import type { ClimateValue } from '../model';
import { Registry } from '../registry/registry';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-support';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const quiet: Integration = { name: 'fake', start: async () => {}, stop: async () => {}, sendCommand: async () => {} };

function hubParts(dataDir: string | undefined, clock: ManualClock) {
  const store: Store | undefined = dataDir ? openStore({ dataDir, clock, logger: silentLogger }) : undefined;
  const registry = new Registry({ clock, logger: silentLogger });
  registry.addIntegration(quiet);
  registry.setOverrides([['trv', { roomId: 'office' }]]);
  const host = registry.hostFor('fake');
  const climate = (value: Partial<ClimateValue>) =>
    ({ mode: 'heat', targetTemperature: 21, currentTemperature: 18, action: 'idle', preset: null, ...value }) as ClimateValue;
  host.upsertDevice({
    id: 'trv',
    name: 'Office radiator',
    kind: 'thermostat',
    integration: 'fake',
    availability: 'online',
    capabilities: { climate: { value: climate({}), writable: true, min: 5, max: 30, options: ['off', 'heat', 'cool', 'auto'] } },
  });
  const runner = new RoomRunner({
    registry,
    clock,
    repository: store?.roomBehaviours ?? new InMemoryRepository(),
    rooms: () => [{ id: 'office', name: 'Office' }],
    rates: store?.learnedRates,
  });
  runner.start();
  const stop = () => {
    runner.stop();
    if (store?.database.main.open) store.close();
  };
  cleanup.push(stop);
  /** One heating (or cooling) run: `action` from `fromC`, idle at `toC` after `minutes`. */
  const run = (action: 'heating' | 'cooling', fromC: number, toC: number, minutes: number) => {
    host.reportState('trv', { climate: climate({ action, currentTemperature: fromC }) });
    clock.advance(minutes * 60_000);
    host.reportState('trv', { climate: climate({ action: 'idle', currentTemperature: toC }) });
  };
  return { runner, run, stop };
}

describe('learned heating and cooling rates', () => {
  it('are the same after the store is closed and opened again, and learning goes on from them', () => {
    const { dir, remove } = tempDataDir();
    cleanup.push(remove);
    const clock = new ManualClock(new Date(2026, 0, 12, 10, 0).getTime());

    const first = hubParts(dir, clock);
    first.run('heating', 18, 20, 40); // 3 °C/h in the day
    first.run('cooling', 26, 24.5, 30); // 3 °C/h
    const rates = first.runner.learnedRates('office');
    expect(rates.heat).toEqual({ rateCPerHour: 3, byPart: { night: null, day: 3, evening: null }, samples: 1 });
    expect(rates.cool).toMatchObject({ rateCPerHour: 3, samples: 1 });
    first.stop();

    const second = hubParts(dir, clock);
    expect(second.runner.learnedRates('office')).toEqual(rates);
    second.run('heating', 18, 19, 60); // 1 °C/h, blended into the stored 3 °C/h
    expect(second.runner.learnedRates('office').heat).toMatchObject({ rateCPerHour: 2.2, samples: 2 });
    second.stop();
    expect(hubParts(dir, clock).runner.learnedRates('office').heat.samples).toBe(2);
  });

  it('start from nothing without a store (so the test above could fail)', () => {
    const clock = new ManualClock(new Date(2026, 0, 12, 10, 0).getTime());
    const memoryOnly = hubParts(undefined, clock);
    memoryOnly.run('heating', 18, 20, 40);
    expect(memoryOnly.runner.learnedRates('office').heat.samples).toBe(1);
    expect(hubParts(undefined, clock).runner.learnedRates('office')).toEqual({ heat: learned(NO_RATE), cool: learned(NO_RATE) });
  });
});
