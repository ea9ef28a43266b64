import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATION, LightingSettings, type LightOverride, type OccupancyState, type Person } from '../../model';
import { arbitrate } from './arbiter';
import { curveAt } from './curve';
import { proposeLight, type LightContext, type LightView } from './lighting';
import { applyManualChange, currentOverride } from './overrides';
import { activePreference } from './preferences';

const at = (h: number, m = 0) => new Date(2026, 0, 12, h, m).getTime();
const settings = LightingSettings.parse({ luxThreshold: 50 });
const occ = (state: OccupancyState['state'], paused = false): OccupancyState => ({
  state,
  since: at(19, 2),
  source: { id: 'm', name: 'Office motion', kind: 'motion' },
  until: null,
  paused,
});
const off: LightView = {
  id: 'l1',
  name: 'Office lights',
  on: false,
  brightness: 100,
  kelvin: 4000,
  canDim: true,
  canKelvin: true,
  minKelvin: 2200,
  maxKelvin: 6500,
};
const onAt = (brightness: number, kelvin: number): LightView => ({ ...off, on: true, brightness, kelvin });
const evening = activePreference(settings, 'office', [], at(19, 30), DEFAULT_LOCATION);
const ctx = (over: Partial<LightContext> = {}): LightContext => ({
  settings,
  occupancy: occ('occupied'),
  occupancyFact: 'occupied since 19:02 by Office motion',
  light: { lux: 10, sensor: 'Office motion', sensors: ['Office motion'] },
  preference: evening,
  override: undefined,
  dimmed: false,
  adaptDue: true,
  ...over,
});
const decide = (light: LightView, c: LightContext) => arbitrate(proposeLight(light, c));

describe('lighting', () => {
  it('the curve: evening step at 19:30, night at 23:00, morning wraps from the night before', () => {
    expect(curveAt(settings.curve, at(19, 30), DEFAULT_LOCATION).level).toEqual({ brightness: 60, kelvin: 2700 });
    expect(curveAt(settings.curve, at(23), DEFAULT_LOCATION).label).toBe('night');
    expect(curveAt(settings.curve, at(3), DEFAULT_LOCATION).label).toBe('night');
  });

  it('circadian: cool and bright at noon, warm and dim at midnight', () => {
    const curve = {
      kind: 'circadian' as const,
      minKelvin: 2200,
      maxKelvin: 5000,
      minBrightness: 20,
      maxBrightness: 100,
    };
    const berlin = { latitude: 52.5, longitude: 13.4 };
    const noon = curveAt(curve, Date.UTC(2026, 5, 21, 11, 7), berlin).level;
    // Near the sun's lowest point (Berlin's solar midnight is about 23:07 UTC).
    const midnight = curveAt(curve, Date.UTC(2026, 11, 21, 23, 7), berlin).level;
    expect(noon.kelvin).toBeGreaterThan(4500);
    expect(midnight).toMatchObject({ kelvin: 2200 });
    expect(midnight.brightness).toBeLessThan(25);
  });

  it('occupied and dark: on at the adapted level in ONE command, with the reason', () => {
    const { command, winner } = decide(off, ctx());
    expect(command).toEqual({ power: true, brightness: 60, colorTemperature: 2700 });
    expect(winner?.writer).toBe('occupancy');
    expect([winner?.text, ...(winner?.facts ?? [])].join('; ')).toBe(
      "the room's evening setting; occupied since 19:02 by Office motion; 10 lx at Office motion < 50 lx",
    );
  });

  it('a person present wins over the room; several people follow the room policy', () => {
    const alice: Person = {
      id: 'alice',
      name: 'Alice',
      roomId: 'office',
      lighting: [{ at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' }],
    };
    const bob: Person = {
      id: 'bob',
      name: 'Bob',
      roomId: 'office',
      lighting: [{ at: '18:00', brightness: 90, kelvin: 4000, label: 'evening' }],
    };
    expect(activePreference(settings, 'office', [alice], at(19, 30), DEFAULT_LOCATION)).toMatchObject({
      level: { brightness: 40, kelvin: 2700 },
      text: 'evening preference of Alice',
    });
    expect(
      activePreference({ ...settings, multiPerson: 'coolest' }, 'office', [alice, bob], at(19, 30), DEFAULT_LOCATION).personId,
    ).toBe('bob');
    expect(
      activePreference({ ...settings, multiPerson: 'warmest' }, 'office', [alice, bob], at(19, 30), DEFAULT_LOCATION).personId,
    ).toBe('alice');
    expect(
      activePreference(
        { ...settings, multiPerson: 'owner', ownerId: 'bob' },
        'office',
        [alice, bob],
        at(19, 30),
        DEFAULT_LOCATION,
      ).personId,
    ).toBe('bob');
    expect(activePreference(settings, 'office', [alice, bob], at(19, 30), DEFAULT_LOCATION).personId).toBeNull();
  });

  it.each([
    ['bright enough: stays off', ctx({ light: { lux: 80, sensor: 'Office motion', sensors: ['Office motion'] } }), null],
    ['vacancy-only: people switch on', ctx({ settings: { ...settings, mode: 'vacancyOnly' } }), null],
    ['paused: hands off', ctx({ occupancy: occ('occupied', true) }), null],
  ])('%s', (_n, c, expected) => {
    expect(decide(off, c).command).toEqual(expected);
  });

  it('leaving: dims to a share of the level (once); any activity restores it; vacant: off', () => {
    expect(decide(onAt(60, 2700), ctx({ occupancy: occ('leaving') })).command).toEqual({ brightness: 24 });
    expect(decide(onAt(24, 2700), ctx({ occupancy: occ('leaving'), dimmed: true })).command).toBeNull();
    expect(decide(onAt(24, 2700), ctx({ dimmed: true })).command).toEqual({ brightness: 60 });
    expect(decide(onAt(60, 2700), ctx({ occupancy: occ('vacant') })).command).toEqual({ power: false });
    expect(
      decide(onAt(60, 2700), ctx({ occupancy: occ('vacant'), settings: { ...settings, mode: 'vacancyOnly' } })).command,
    ).toEqual({ power: false });
  });

  it('slow follow: small steps toward the curve while on', () => {
    expect(decide(onAt(100, 4000), ctx()).command).toEqual({ brightness: 95, colorTemperature: 3850 });
    expect(decide(onAt(100, 4000), ctx({ adaptDue: false })).command).toBeNull();
    expect(decide(onAt(61, 2702), ctx()).command).toBeNull();
  });

  it('someone arriving whose preference differs: the lit room moves to it in one go, not by slow-follow steps', () => {
    const alice: Person = {
      id: 'alice',
      name: 'Alice',
      roomId: 'office',
      lighting: [{ at: '00:00', brightness: 40, kelvin: 2700 }],
    };
    const hers = activePreference(settings, 'office', [alice], at(19, 30), DEFAULT_LOCATION);
    const { command, winner } = decide(onAt(100, 4000), ctx({ preference: hers, preferenceChanged: true, adaptDue: false }));
    expect(command).toEqual({ brightness: 40, colorTemperature: 2700 });
    expect(winner?.text).toBe('from 00:00 preference of Alice');
    // Held by hand: a person arriving does not override what someone set.
    const held = applyManualChange(undefined, 'l1', { brightness: true }, 'occupied', settings.overridePolicy, at(19));
    expect(decide(onAt(100, 4000), ctx({ preference: hers, preferenceChanged: true, override: held })).command).toBeNull();
  });

  it('a light switched off by hand while occupied stays off until the room empties', () => {
    const o = applyManualChange(undefined, 'l1', { power: false }, 'occupied', settings.overridePolicy, at(20));
    const { command, winner } = decide(off, ctx({ override: o }));
    expect(command).toBeNull();
    expect(winner?.writer).toBe('manual');
    expect(currentOverride(o, settings.overridePolicy, { lightOn: false, occupancy: 'occupied', now: at(21) })).toBeDefined();
    expect(currentOverride(o, settings.overridePolicy, { lightOn: false, occupancy: 'vacant', now: at(21) })).toBeUndefined();
  });

  it('override policies: until off, N minutes, until the room empties', () => {
    const change = { brightness: true };
    const untilOff = applyManualChange(undefined, 'l1', change, 'occupied', { kind: 'untilOff' }, 0)!;
    expect(currentOverride(untilOff, { kind: 'untilOff' }, { lightOn: true, occupancy: 'vacant', now: 9e9 })).toBeDefined();
    expect(currentOverride(untilOff, { kind: 'untilOff' }, { lightOn: false, occupancy: 'occupied', now: 1 })).toBeUndefined();
    const minutes = applyManualChange(undefined, 'l1', change, 'occupied', { kind: 'minutes', minutes: 30 }, 0)!;
    expect(
      currentOverride(minutes, { kind: 'minutes', minutes: 30 }, { lightOn: true, occupancy: 'occupied', now: 29 * 60_000 }),
    ).toBeDefined();
    expect(
      currentOverride(minutes, { kind: 'minutes', minutes: 30 }, { lightOn: true, occupancy: 'occupied', now: 30 * 60_000 }),
    ).toBeUndefined();
    const vacant = applyManualChange(undefined, 'l1', change, 'occupied', { kind: 'untilVacant' }, 0)!;
    expect(currentOverride(vacant, { kind: 'untilVacant' }, { lightOn: false, occupancy: 'leaving', now: 1 })).toBeDefined();
    expect(currentOverride(vacant, { kind: 'untilVacant' }, { lightOn: true, occupancy: 'vacant', now: 1 })).toBeUndefined();
  });

  const lightArb = fc.record({
    on: fc.boolean(),
    brightness: fc.integer({ min: 1, max: 100 }),
    kelvin: fc.integer({ min: 2200, max: 6500 }),
  });
  const ctxArb = fc.record({
    state: fc.constantFrom('occupied', 'leaving', 'vacant') as fc.Arbitrary<OccupancyState['state']>,
    lux: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
    threshold: fc.integer({ min: 0, max: 500 }),
    dimmed: fc.boolean(),
    adaptDue: fc.boolean(),
    hour: fc.integer({ min: 0, max: 23 }),
  });

  it('property: a light is never switched on when the room is brighter than the lux threshold', () => {
    fc.assert(
      fc.property(lightArb, ctxArb, (l, c) => {
        const light = { ...off, ...l, on: false };
        const s = { ...settings, luxThreshold: c.threshold };
        const { command } = decide(
          light,
          ctx({
            settings: s,
            occupancy: occ(c.state),
            light: { lux: c.lux, sensor: 'Office motion', sensors: ['Office motion'] },
            dimmed: c.dimmed,
            adaptDue: c.adaptDue,
            preference: activePreference(s, 'office', [], at(c.hour), DEFAULT_LOCATION),
          }),
        );
        if (c.lux !== null && c.lux >= c.threshold) expect(command?.power).not.toBe(true);
      }),
    );
  });

  it('property: while a manual override holds, neither brightness nor colour is written (only off when the room empties)', () => {
    fc.assert(
      fc.property(lightArb, ctxArb, fc.record({ brightness: fc.boolean(), color: fc.boolean() }), (l, c, what) => {
        fc.pre(what.brightness || what.color);
        const light = { ...off, ...l };
        const override: LightOverride = { deviceId: 'l1', ...what, keptOff: false, since: 0, until: null };
        const { command } = decide(
          light,
          ctx({
            occupancy: occ(c.state),
            light: { lux: c.lux, sensor: 'Office motion', sensors: ['Office motion'] },
            dimmed: c.dimmed,
            adaptDue: c.adaptDue,
            override,
            preference: activePreference(settings, 'office', [], at(c.hour), DEFAULT_LOCATION),
          }),
        );
        // Brightness and colour depend on each other: whichever the person set, both stay as they are.
        if (command && command.power !== false) {
          expect(command.brightness).toBeUndefined();
          expect(command.colorTemperature).toBeUndefined();
        }
        if (command?.power === false) expect(c.state).toBe('vacant');
      }),
    );
  });
  it('explanations quote only the sensors the room has', () => {
    const fact = (light: LightContext['light']) => decide(off, ctx({ light })).winner?.facts.at(-1);
    expect(fact({ lux: 20, sensor: 'Hallway motion', sensors: ['Hallway motion'] })).toBe('20 lx at Hallway motion < 50 lx');
    expect(fact({ lux: null, sensor: null, sensors: ['Office motion'] })).toBe('light level not reported yet by Office motion');
    expect(fact({ lux: null, sensor: null, sensors: [] })).toBe('no light sensor');
  });

  it('a level set by hand holds brightness and colour together; a resumed light gets its full level at once, saying why', () => {
    const o = applyManualChange(
      undefined,
      'l1',
      { brightness: true },
      'occupied',
      settings.overridePolicy,
      at(14, 50),
      'from a browser',
    )!;
    expect(o).toMatchObject({ brightness: true, color: false, keptOff: false });
    const held = decide(onAt(30, 4000), ctx({ override: o }));
    expect(held.command).toBeNull();
    expect(held.winner?.text).toBe(
      'brightness set by hand from a browser at 14:50 (its colour is kept with it); kept until it is switched off',
    );
    const resumed = decide(onAt(30, 4000), ctx({ resumedBecause: 'back to automatic (“Resume automatic”)', adaptDue: false }));
    expect(resumed.command).toEqual({ brightness: 60, colorTemperature: 2700 });
    expect(resumed.winner?.text).toBe("back to automatic (“Resume automatic”); the room's evening setting");
  });
  it.each([
    ['14:55: the evening-only step is not in force yet (the room curve is)', at(14, 55), "the room's day setting", at(18)],
    ['18:00: it begins, and lasts until midnight', at(18), 'evening preference of Alice', at(24)],
    ['23:59: still the evening', at(23, 59), 'evening preference of Alice', at(24)],
    ['03:00: not carried over into the next day', at(3), "the room's night setting", at(6)],
  ])('a person’s step applies only in its own span — %s', (_n, now, text, nextAt) => {
    const alice: Person = {
      id: 'alice',
      name: 'Alice',
      roomId: 'office',
      lighting: [{ at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' }],
    };
    expect(activePreference(settings, 'office', [alice], now, DEFAULT_LOCATION)).toMatchObject({ text, nextAt });
  });
});
