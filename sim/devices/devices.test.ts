import { describe, expect, it } from 'vitest';
import { Random } from '../random';
import { fixtureJson } from '../testing/fixtures';
import { stableStringify } from '../z2m/json';
import { ClimateSensor } from './climate-sensor';
import { ContactSensor } from './contact';
import type { RoomEnv } from './device';
import { LIGHT_PROFILES, Light } from './light';
import { MotionSensor } from './motion';
import { Plug } from './plug';
import { PresenceSensor } from './presence';
import { WallThermostat } from './thermostat';
import { Trv } from './trv';

const env = (over: Partial<RoomEnv> = {}): RoomEnv => ({
  now: 0,
  hour: 12,
  tempC: 20,
  humidity: 45,
  pressureHpa: 1013,
  lux: 300,
  occupied: false,
  moving: false,
  ...over,
});
const keys = (o: object) => Object.keys(o).sort();
const colorBulb = () => new Light('bulb_color', 'r', new Random(1), LIGHT_PROFILES.color);

describe('light state payloads match zigbee2mqtt (publish.test.ts fixtures)', () => {
  it('set {"brightness":230} → brightness 230, state ON (state-light-after-set-brightness.txt)', () => {
    const f = fixtureJson('state-light-after-set-brightness.txt').json;
    const l = colorBulb();
    l.set({ brightness: 230 });
    expect(l.state()).toMatchObject(f);
  });
  it('set {"color_temp":"222"} → color_temp 222 as a number, color_mode color_temp (state-light-after-set-color_temp.txt)', () => {
    const f = fixtureJson('state-light-after-set-color_temp.txt').json;
    const l = colorBulb();
    l.set({ color_temp: '222' });
    expect(l.state()).toMatchObject(f);
  });
  it('set rgb → the same CIE xy z2m reports (state-light-after-set-rgb.txt)', () => {
    const f = fixtureJson('state-light-after-set-rgb.txt').json;
    const l = colorBulb();
    l.set({ color: { r: 100, g: 200, b: 10 } });
    expect(l.state()).toMatchObject(f);
    const hex = colorBulb();
    hex.set({ color: '#64C80A' }); // set-light-attribute-topic-color-hex.txt is the same colour
    expect(hex.state().color).toEqual(f.color);
  });
  it('set xy + brightness + state (state-light-after-set-xy-brightness-state.txt)', () => {
    const f = fixtureJson('state-light-after-set-xy-brightness-state.txt').json;
    const l = colorBulb();
    l.set({ brightness: 20, color: { x: 100, y: 50 }, state: 'ON' });
    expect(l.state()).toMatchObject(f);
  });
  it('hs colour is reported with short and long keys (state-light-hs-report.txt)', () => {
    const f = fixtureJson('state-light-hs-report.txt').json;
    const l = colorBulb();
    l.set({ color: { hue: 0, saturation: 100 } });
    expect(l.state()).toMatchObject({ color: f.color, color_mode: 'hs' });
  });
  it('CT bulb state uses the keys of state-light-bulb-full-republish.txt that it reports', () => {
    const f = fixtureJson('state-light-bulb-full-republish.txt').json;
    const l = new Light('bulb', 'r', new Random(1), LIGHT_PROFILES.colorTemp);
    l.set({ state: 'ON', brightness: 50, color_temp: 370 });
    const s = l.state();
    for (const k of ['brightness', 'color_temp', 'linkquality', 'state']) expect(typeof s[k]).toBe(typeof f[k]);
    expect(s).toMatchObject({ brightness: 50, color_temp: 370, state: 'ON', color_mode: 'color_temp' });
  });
  it('TOGGLE flips, brightness 0 turns off and keeps the level, color_temp is clamped to the bulb range', () => {
    const l = new Light('bulb', 'r', new Random(1), LIGHT_PROFILES.colorTemp);
    l.set({ state: 'TOGGLE' });
    expect(l.on).toBe(true);
    l.set({ brightness: 120 });
    l.set({ brightness: 0 });
    expect(l.state()).toMatchObject({ state: 'OFF', brightness: 120 });
    l.set({ color_temp: 100 });
    expect(l.colorTemp).toBe(250);
    l.set({ state: 'toggle' });
    expect(l.on).toBe(true);
  });
  it('a dimmable bulb ignores colour and has no color_mode', () => {
    const l = new Light('b', 'r', new Random(1), LIGHT_PROFILES.dimmable);
    l.set({ state: 'ON', color: { x: 0.3, y: 0.3 }, color_temp: 300 });
    expect(keys(l.state())).toEqual(['brightness', 'linkquality', 'state']);
  });
});

describe('sensor state payloads have the fixture key sets', () => {
  it('weather sensor = state-weather-sensor.txt keys, temperature in °C with 2 decimals', () => {
    const f = fixtureJson('state-weather-sensor.txt').json;
    const s = new ClimateSensor('weather_sensor', 'r', new Random(1));
    s.tick(env({ tempC: -0.8512 }), 0);
    expect(keys(s.state())).toEqual(keys(f));
    expect(s.state().temperature).toBe(-0.85);
    expect(stableStringify(s.state())).toMatch(/^\{"battery":\d+,"humidity":/);
  });
  it('RTCGQ11LM = state-occupancy-sensor-rtcgq11lm-illuminance.txt keys + occupancy/linkquality (reallog)', () => {
    const f = fixtureJson('state-occupancy-sensor-rtcgq11lm-illuminance.txt').json;
    const real = fixtureJson('state-occupancy-sensor-reallog-legacy.txt').json;
    const s = new MotionSensor('occupancy_sensor', 'r', new Random(1));
    expect(keys(s.state())).toEqual([...new Set([...keys(f), 'occupancy', 'linkquality'])].sort());
    for (const k of ['battery', 'voltage', 'illuminance', 'occupancy']) expect(typeof s.state()[k]).toBe(typeof real[k]);
  });
  it('motion clears occupancy_timeout after the last detection and retriggers at most once a minute', () => {
    const s = new MotionSensor('m', 'r', new Random(1), { occupancyTimeoutS: 90 });
    s.takeChanged();
    s.tick(env({ now: 0, moving: true, lux: 123.4 }), 0);
    expect(s.takeChanged()).toBe(true);
    expect(s.state()).toMatchObject({ occupancy: true, illuminance: 123 });
    s.tick(env({ now: 30_000, moving: true }), 30_000);
    expect(s.takeChanged()).toBe(false); // blind time
    s.tick(env({ now: 89_000 }), 59_000);
    expect(s.occupancy).toBe(true);
    s.tick(env({ now: 90_000 }), 1_000);
    expect(s.occupancy).toBe(false);
    expect(s.takeChanged()).toBe(true);
  });
  it('presence stays true while someone sits still', () => {
    const p = new PresenceSensor('p', 'r', new Random(1));
    p.tick(env({ occupied: true, moving: false }));
    expect(p.state().presence).toBe(true);
    p.tick(env({ occupied: false }));
    expect(p.state().presence).toBe(false);
  });
  it('contact: true when closed', () => {
    const c = new ContactSensor('c', 'r', new Random(1));
    c.tick(env(), 0);
    expect(c.state().contact).toBe(true);
    c.open = true;
    c.tick(env(), 0);
    expect(c.state().contact).toBe(false);
  });
  it('batteries drain slowly', () => {
    const s = new ClimateSensor('w', 'r', new Random(1));
    const before = s.state().battery as number;
    for (let d = 0; d < 30; d++) s.tick(env({ now: d * 86_400_000 }), 86_400_000);
    const after = s.state().battery as number;
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(30);
  });
});

describe('plug and climate devices', () => {
  it('plug meters power and accumulates energy; OFF means 0 W', () => {
    const p = new Plug('Kitchen plug', 'k', new Random(1), { kind: 'constant', watts: 100 });
    const e0 = p.state().energy as number;
    for (let t = 0; t <= 3_600_000; t += 10_000) p.tick(env({ now: t }), 10_000);
    expect(p.state().power).toBeGreaterThan(95);
    expect((p.state().energy as number) - e0).toBeCloseTo(0.1, 1);
    p.set({ state: 'OFF' });
    p.tick(env({ now: 3_700_000 }), 10_000);
    p.tick(env({ now: 3_710_000 }), 10_000);
    expect(p.state()).toMatchObject({ state: 'OFF', power: 0 });
  });
  it('TRV state keys are those the TS0601 discovery templates read', () => {
    const t = new Trv('TS0601_thermostat', 'r', new Random(1));
    for (const k of ['local_temperature', 'current_heating_setpoint', 'system_mode', 'running_state', 'preset'])
      expect(t.state()).toHaveProperty(k);
    t.set({ current_heating_setpoint: '21.3', system_mode: 'auto', preset: 'eco' });
    expect(t.state()).toMatchObject({ current_heating_setpoint: 21.5, system_mode: 'auto', preset: 'eco' });
    expect(t.set({ system_mode: 'cool' })).toBe(false); // not one of its modes
  });
  it('TRV heats below setpoint and idles above it', () => {
    const t = new Trv('v', 'r', new Random(1), { setpoint: 21 });
    t.tick(env({ tempC: 19 }), 0);
    expect(t.state().running_state).toBe('heat');
    t.tick(env({ tempC: 21.5, now: 1 }), 1);
    expect(t.state().running_state).toBe('idle');
    t.set({ system_mode: 'off' });
    t.tick(env({ tempC: 10, now: 2 }), 1);
    expect(t.state().running_state).toBe('idle');
  });
  it('wall thermostat cools in cool/auto above the cooling setpoint', () => {
    const t = new WallThermostat('t', 'r', new Random(1), { heat: 20, cool: 24, mode: 'auto' });
    t.tick(env({ tempC: 26 }), 0);
    expect(t.runningState).toBe('cool');
    t.set({ system_mode: 'heat', occupied_heating_setpoint: 22 });
    t.tick(env({ tempC: 21, now: 1 }), 1);
    expect(t.state()).toMatchObject({ running_state: 'heat', occupied_heating_setpoint: 22, system_mode: 'heat' });
  });
});
