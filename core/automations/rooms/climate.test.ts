import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClimateSettings, type OccupancyState } from '../../model';
import { arbitrate } from './arbiter';
import { planClimate, type ClimateContext, type ClimateView } from './climate';
import { NO_RATE, observeHeating, rateAt } from './rate';

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

  const ctxArb = fc.record({
    state: fc.constantFrom('occupied', 'leaving', 'vacant') as fc.Arbitrary<OccupancyState['state']>,
    sinceMin: fc.integer({ min: 0, max: 600 }),
    hour: fc.integer({ min: 0, max: 23 }),
    day: fc.integer({ min: 12, max: 18 }),
    temp: fc.option(fc.double({ min: -10, max: 30, noNaN: true }), { nil: null }),
    economy: fc.double({ min: 5, max: 30, noNaN: true }),
    comfort: fc.double({ min: 5, max: 30, noNaN: true }),
    frost: fc.double({ min: 3, max: 12, noNaN: true }),
    window: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    demandOn: fc.boolean(),
    demandAgoMin: fc.integer({ min: 0, max: 30 }),
    deviceTarget: fc.option(fc.double({ min: 5, max: 30, noNaN: true }), { nil: null }),
    rate: fc.double({ min: 0.1, max: 5, noNaN: true }),
  });

  it('property: frost protection is never violated and minimum on/off times are always respected (safety wins over cycle times)', () => {
    fc.assert(
      fc.property(ctxArb, (a) => {
        const now = at(a.hour, 0, a.day);
        const s = ClimateSettings.parse({
          ...settings,
          economyHeatC: a.economy,
          comfortHeatC: a.comfort,
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
          demand: { on: a.demandOn, since: now - a.demandAgoMin * 60_000 },
          rateCPerHour: a.rate,
        });
        const device = { ...trv, target: a.deviceTarget };
        const t = target(c, device);
        const cold = a.temp !== null && a.temp <= a.frost;
        // Frost: a room at the limit always gets a target above its temperature, unless the device already has one.
        if (cold && (a.deviceTarget === null || a.deviceTarget <= a.temp!)) expect(t).toBeGreaterThan(a.temp!);
        if (t === undefined) return;
        expect(t).toBeGreaterThanOrEqual(a.frost);
        // Minimum cycle times: within them, no command flips the demand for heat (safety aside).
        if (a.temp !== null && !cold && a.demandAgoMin < 10) expect(t > a.temp).toBe(a.demandOn);
      }),
      { numRuns: 500 },
    );
  });
});
