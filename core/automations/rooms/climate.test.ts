import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClimateSettings, type OccupancyState } from '../../model';
import { arbitrate } from './arbiter';
import { demands, planClimate, type ClimateContext, type ClimateView } from './climate';
import { NO_RATE, observeCooling, observeHeating, rateAt } from './rate';

const at = (h: number, m = 0, day = 12) => new Date(2026, 0, day, h, m).getTime();
const settings = ClimateSettings.parse({
  comfortHeatC: 21,
  economyHeatC: 16,
  vacantDelayMin: 30,
  schedule: [{ days: [1, 2, 3, 4, 5], from: '17:00', to: '23:00' }],
});
const trv: ClimateView = { id: 't', name: 'Living room thermostat', mode: 'heat', target: 18, min: 5, max: 30, step: 0.5 };
const occ = (state: OccupancyState['state'], since: number): OccupancyState => ({
  state,
  since,
  source: { id: 'm', name: 'Motion', kind: 'motion' },
  until: null,
  paused: false,
});
const ctx = (over: Partial<ClimateContext> = {}): ClimateContext => ({
  settings,
  occupancy: occ('vacant', at(8)),
  occupancyFact: 'vacant since 08:00',
  comfortC: 21,
  comfortWho: null,
  roomTempC: 17,
  windowOpenSince: null,
  manualHold: undefined,
  rateCPerHour: 2,
  rateLearned: true,
  demand: undefined,
  preheatingFor: null,
  now: at(12),
  ...over,
});
const plan = (c: ClimateContext, device = trv) => planClimate(device, c);
const target = (c: ClimateContext, device = trv) => arbitrate(plan(c, device).proposals).command?.climate?.targetTemperature;

describe('climate', () => {
  it.each([
    ['occupied → comfort', ctx({ occupancy: occ('occupied', at(11)) }), 21],
    ['vacant for less than the delay → still comfort', ctx({ occupancy: occ('vacant', at(11, 45)) }), 21],
    ['vacant longer → economy', ctx(), 16],
    ['pre-heating: 4 °C short at 2 °C/h starts at 15:00 for 17:00', ctx({ now: at(15, 1) }), 21],
    ['not yet at 14:50', ctx({ now: at(14, 50) }), 16],
    ['a weekend day has no scheduled period', ctx({ now: at(16, 30, 17) }), 16],
  ])('%s', (_n, c, expected) => {
    expect(target(c)).toBe(expected);
  });

  it('says why and what happens next', () => {
    const p = plan(ctx({ now: at(15, 12), rateLearned: true }));
    expect(p.text).toBe('pre-heating to 21 °C by 17:00 (2.0 °C/h learned)');
    expect(p.next).toMatchObject({ at: at(23), text: 'economy 16 °C after the scheduled period' });
    expect(plan(ctx()).next?.text).toBe('pre-heating to 21 °C by 17:00 (2.0 °C/h learned)');
  });

  it('pre-conditioning, once started, keeps going although the lead shrinks as the room warms', () => {
    expect(target(ctx({ now: at(16), roomTempC: 20.5, preheatingFor: at(17) }))).toBe(21);
    expect(target(ctx({ now: at(16), roomTempC: 20.5, preheatingFor: null, demand: undefined }))).toBe(16);
  });

  it('a window open longer than N minutes: heating off (to the frost floor) until it closes, even over a manual hold', () => {
    const c = ctx({
      occupancy: occ('occupied', at(11)),
      windowOpenSince: at(11, 50),
      manualHold: { targetC: 23, until: at(17) },
    });
    const p = plan(c);
    expect(arbitrate(p.proposals).command).toEqual({ climate: { targetTemperature: 7 } });
    expect(p.text).toMatch(/^window open since 11:50/);
    expect(target(ctx({ occupancy: occ('occupied', at(11)), windowOpenSince: at(11, 58) }))).toBe(21);
  });

  it('a manual change is held until the next scheduled change', () => {
    const p = plan(ctx({ manualHold: { targetC: 23, until: at(17) } }));
    const { command, winner } = arbitrate(p.proposals);
    expect(command).toBeNull();
    expect(winner?.writer).toBe('manual');
    expect(p.next?.text).toBe('back to automatic (16 °C)');
  });

  it('switches a thermostat in its own schedule (auto) to heat with the target in one command', () => {
    expect(arbitrate(plan(ctx(), { ...trv, mode: 'auto' }).proposals).command).toEqual({
      climate: { mode: 'heat', targetTemperature: 16 },
    });
  });

  it('learns the heating rate from recoveries, per part of the day', () => {
    let r = observeHeating(NO_RATE, true, 16, at(14));
    r = observeHeating(r, false, 19, at(15, 30));
    expect(r.rateCPerHour).toBeCloseTo(2);
    expect(rateAt(r, at(15))).toBeCloseTo(2);
    expect(rateAt(r, at(3))).toBeCloseTo(2); // no night sample yet: the overall rate
    const short = observeHeating(observeHeating(r, true, 20.7, at(18)), false, 21.2, at(18, 10));
    expect(short.samples).toBe(1); // a maintenance cycle is not a recovery
  });

  describe('cooling', () => {
    const hp: ClimateView = {
      ...trv,
      name: 'Living room heat pump',
      mode: 'heat',
      target: 21,
      modes: ['off', 'heat', 'cool', 'auto'],
    };
    const cooling = (mode: 'heat' | 'cool' | 'auto', over: Record<string, unknown> = {}) =>
      ClimateSettings.parse({ ...settings, mode, comfortCoolC: 24, economyCoolC: 28, ...over });
    const occupied = occ('occupied', at(11));
    const cmd = (c: ClimateContext, device = hp) => arbitrate(plan(c, device).proposals).command?.climate;

    it.each([
      [
        'auto, warm and occupied → cool comfort, switching the mode in the same command',
        'auto',
        occupied,
        27,
        hp,
        { mode: 'cool', targetTemperature: 24 },
      ],
      [
        'auto, already cooling → only the cool setpoint',
        'auto',
        occupied,
        27,
        { ...hp, mode: 'cool' as const, target: 26 },
        { targetTemperature: 24 },
      ],
      [
        'auto, warm and vacant → cool economy',
        'auto',
        occ('vacant', at(8)),
        29,
        { ...hp, mode: 'cool' as const, target: 24 },
        { targetTemperature: 28 },
      ],
      [
        'auto, cold → heat comfort, never the heat setpoint to a device in cool mode',
        'auto',
        occupied,
        18,
        { ...hp, mode: 'cool' as const },
        { mode: 'heat', targetTemperature: 21 },
      ],
      [
        'auto, in the dead band a cooling device stays cooling',
        'auto',
        occupied,
        22.5,
        { ...hp, mode: 'cool' as const, target: 25 },
        { targetTemperature: 24 },
      ],
      [
        'auto, in the dead band a heating device stays heating',
        'auto',
        occupied,
        22.5,
        { ...hp, target: 20 },
        { targetTemperature: 21 },
      ],
      [
        'heat only (the default): a warm room is not cooled; a device in cool mode is switched to heat',
        'heat',
        occupied,
        27,
        { ...hp, mode: 'cool' as const },
        { mode: 'heat', targetTemperature: 21 },
      ],
      [
        'cool only: heating is off (frost protection) while the room is cool',
        'cool',
        occupied,
        20,
        hp,
        { mode: 'cool', targetTemperature: 24 },
      ],
      [
        'a device without cool never gets a cool command',
        'auto',
        occupied,
        27,
        { ...trv, modes: ['off', 'heat', 'auto'] },
        { targetTemperature: 21 },
      ],
      [
        'a device reporting no modes only heats',
        'cool',
        occupied,
        27,
        { ...trv, mode: 'off' as const },
        { mode: 'heat', targetTemperature: 7 },
      ],
      [
        'cool only, a room at frost protection heats, cycle times or not',
        'cool',
        occupied,
        6,
        { ...hp, mode: 'cool' as const, target: 24 },
        { mode: 'heat', targetTemperature: 7 },
      ],
    ] as const)('%s', (_n, mode, occupancy, roomTempC, device, expected) => {
      const demand = { on: true, since: at(11, 58), mode: 'cool' as const };
      expect(
        cmd(ctx({ settings: cooling(mode), occupancy, roomTempC, demand: roomTempC < 7 ? demand : undefined }), device),
      ).toEqual(expected);
    });

    it('a cool-only device at frost protection is switched off, never cooled', () => {
      const ac = { ...hp, mode: 'cool' as const, target: 24, modes: ['off', 'cool'] };
      const p = plan(ctx({ settings: cooling('cool'), occupancy: occupied, roomTempC: 5 }), ac);
      expect(arbitrate(p.proposals).command).toEqual({ climate: { mode: 'off' } });
      expect(p.text).toBe('5 °C is at frost protection (7 °C): cooling off');
    });

    it('a window open longer than N minutes switches the cooling off until it closes', () => {
      const c = ctx({ settings: cooling('auto'), occupancy: occupied, roomTempC: 27, windowOpenSince: at(11, 50) });
      const p = plan(c, { ...hp, mode: 'cool', target: 24 });
      expect(arbitrate(p.proposals).command).toEqual({ climate: { mode: 'off' } });
      expect(p.text).toBe('window open since 11:50: cooling off until it closes');
      expect(arbitrate(p.proposals).winner?.writer).toBe('safety');
      // Without an off mode: a cool setpoint nothing reaches.
      expect(cmd(c, { ...hp, mode: 'cool', target: 24, modes: ['heat', 'cool'] })).toEqual({ targetTemperature: 30 });
    });

    it('pre-cools with the learned cooling rate so the room is cool at the scheduled arrival', () => {
      const c = (h: number, m: number) =>
        ctx({ settings: cooling('auto'), roomTempC: 28, now: at(h, m), coolRateCPerHour: 2, coolRateLearned: true });
      const device = { ...hp, mode: 'cool' as const, target: 28 };
      expect(cmd(c(14, 50), device)).toBeUndefined(); // still economy (28 °C), already set
      const p = plan(c(15, 1), device);
      expect(arbitrate(p.proposals).command?.climate).toEqual({ targetTemperature: 24 });
      expect(p.text).toBe('pre-cooling to 24 °C by 17:00 (2.0 °C/h learned)');
      expect(p.preheatingFor).toBe(at(17));
      expect(plan(c(12, 0), device).next?.text).toBe('pre-cooling to 24 °C by 17:00 (2.0 °C/h learned)');
    });

    it('keeps a manual change at the thermostat as a temporary hold', () => {
      const p = plan(
        ctx({
          settings: cooling('auto'),
          occupancy: occupied,
          roomTempC: 27,
          manualHold: { targetC: 22, until: at(17), mode: 'cool' },
        }),
        { ...hp, mode: 'cool', target: 22 },
      );
      const { command, winner } = arbitrate(p.proposals);
      expect(command).toBeNull();
      expect(winner?.text).toBe('22 °C cool set by hand; kept until 17:00');
      expect(p.next?.text).toBe('back to automatic (24 °C cool)');
    });

    it.each([
      ['heating ran 2 min: switching to cool waits for the minimum on time', { on: true, mode: 'heat' }, 'on', '24 °C cool'],
      ['cooling ran 2 min: stopping it waits for the minimum on time', { on: true, mode: 'cool' }, 'on', '21 °C'],
      [
        'the compressor stopped 2 min ago: cooling again waits for the minimum off time',
        { on: false, mode: 'cool' },
        'off',
        '24 °C cool',
      ],
    ] as const)('%s', (_n, d, which, what) => {
      const temp = d.on && d.mode === 'cool' ? 19 : 27;
      const s = cooling('auto', { minOnMin: 5, minOffMin: 5 });
      const device = { ...hp, mode: d.mode, target: d.mode === 'cool' ? 22 : 25 };
      const p = plan(ctx({ settings: s, occupancy: occupied, roomTempC: temp, demand: { ...d, since: at(11, 58) } }), device);
      const { command, winner } = arbitrate(p.proposals);
      expect(command).toBeNull();
      expect(winner?.text).toMatch(new RegExp(`waiting 3 min for the minimum ${which} time$`));
      expect(p.next).toEqual({ at: at(12, 3), text: `${what} once the minimum ${which} time has passed` });
    });

    it('learns the cooling rate like the heating rate', () => {
      const r = observeCooling(observeCooling(NO_RATE, true, 28, at(14)), false, 25, at(15, 30));
      expect(r.rateCPerHour).toBeCloseTo(2);
    });
  });

  const ctxArb = fc.record({
    state: fc.constantFrom('occupied', 'leaving', 'vacant') as fc.Arbitrary<OccupancyState['state']>,
    sinceMin: fc.integer({ min: 0, max: 600 }),
    hour: fc.integer({ min: 0, max: 23 }),
    day: fc.integer({ min: 12, max: 18 }),
    temp: fc.option(fc.double({ min: -10, max: 40, noNaN: true }), { nil: null }),
    economy: fc.double({ min: 5, max: 30, noNaN: true }),
    comfort: fc.double({ min: 5, max: 30, noNaN: true }),
    comfortCool: fc.double({ min: 16, max: 32, noNaN: true }),
    economyCool: fc.double({ min: 16, max: 35, noNaN: true }),
    frost: fc.double({ min: 3, max: 12, noNaN: true }),
    window: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    demandOn: fc.boolean(),
    demandMode: fc.constantFrom('heat', 'cool') as fc.Arbitrary<'heat' | 'cool'>,
    demandAgoMin: fc.integer({ min: 0, max: 30 }),
    deviceTarget: fc.option(fc.double({ min: 5, max: 30, noNaN: true }), { nil: null }),
    rate: fc.double({ min: 0.1, max: 5, noNaN: true }),
    roomMode: fc.constantFrom('heat', 'cool', 'auto') as fc.Arbitrary<'heat' | 'cool' | 'auto'>,
    canCool: fc.boolean(),
    canOff: fc.boolean(),
    deviceMode: fc.constantFrom('heat', 'cool', 'auto', 'off', null) as fc.Arbitrary<ClimateView['mode']>,
    hold: fc.boolean(),
  });

  it('property: frost protection is never violated, nothing cools at or below it, setpoints go with their mode, and minimum on/off times are always respected for heating and cooling (safety wins over cycle times)', () => {
    fc.assert(
      fc.property(ctxArb, (a) => {
        const now = at(a.hour, 0, a.day);
        const s = ClimateSettings.parse({
          ...settings,
          mode: a.roomMode,
          economyHeatC: a.economy,
          comfortHeatC: a.comfort,
          comfortCoolC: a.comfortCool,
          economyCoolC: a.economyCool,
          frostC: a.frost,
          minOnMin: 10,
          minOffMin: 10,
        });
        const c = ctx({
          settings: s,
          now,
          occupancy: occ(a.state, now - a.sinceMin * 60_000),
          roomTempC: a.temp,
          comfortC: a.comfort,
          windowOpenSince: a.window === null ? null : now - a.window * 60_000,
          demand: { on: a.demandOn, since: now - a.demandAgoMin * 60_000, mode: a.demandMode },
          rateCPerHour: a.rate,
          coolRateCPerHour: a.rate,
          manualHold: a.hold ? { targetC: 25, until: now + 3_600_000 } : undefined,
        });
        const modes = ['heat', 'auto', ...(a.canOff ? ['off'] : []), ...(a.canCool ? ['cool'] : [])];
        const deviceMode = a.deviceMode === null || modes.includes(a.deviceMode) ? a.deviceMode : 'heat';
        const device: ClimateView = { ...trv, target: a.deviceTarget, mode: deviceMode, modes };
        const p = plan(c, device);
        const command = arbitrate(p.proposals).command?.climate;
        const mode = command?.mode ?? deviceMode;
        const t = command?.targetTemperature;
        const cold = a.temp !== null && a.temp <= a.frost;
        // A device without `cool` is never told to cool; a held thermostat is not written (window aside).
        if (!a.canCool) expect(mode === 'cool' && command !== undefined).toBe(false);
        if (a.hold && a.window === null && !cold) expect(command).toBeUndefined();
        // Frost: a room at the limit always gets a heat target above its temperature, unless the device already heats to one.
        const heatsAlready = deviceMode === 'heat' && a.deviceTarget !== null && a.deviceTarget > a.temp!;
        if (cold && !a.hold && !heatsAlready) {
          expect(mode).toBe('heat');
          expect(t).toBeGreaterThan(a.temp!);
        }
        if (command === undefined) return;
        // A setpoint without a mode only ever goes to a device already in the plan's mode.
        if (t !== undefined && command.mode === undefined) expect(deviceMode).toBe(p.mode);
        if (t !== undefined) expect(t).toBeGreaterThanOrEqual(a.frost);
        // Never cool at or below frost protection.
        if (mode === 'cool') expect(cold).toBe(false);
        // Minimum cycle times: within them, no command starts, stops or reverses the machine (safety aside).
        if (a.temp !== null && !cold && a.demandAgoMin < 10) {
          const runs = t !== undefined && (mode === 'heat' || mode === 'cool') && demands(mode, t, a.temp);
          expect(runs).toBe(a.demandOn);
          if (runs) expect(mode).toBe(a.demandMode);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
