import { describe, expect, it } from 'vitest';
import { CLIMATE_ACTION_CODES } from '../core/model';
import { DAY, MINUTE } from './clock';
import { historyOfState, simulatePast, type PastReading } from './past-days';
import { buildScenario } from './virtual-home';
import { World } from './world';

describe('historyOfState', () => {
  it.each([
    [
      { occupancy: true, illuminance: 12, battery: 90, device_temperature: 21 },
      { occupancy: 1, illuminance: 12, battery: 90 },
    ],
    [
      { contact: false, battery: 80 },
      { contact: 0, battery: 80 },
    ],
    [
      { temperature: 21.3, humidity: 44, pressure: 1012 },
      { temperature: 21.3, humidity: 44 },
    ],
    [
      { state: 'ON', brightness: 254, color_temp: 370 },
      { power: 1, brightness: 100, colorTemperature: 2703 },
    ],
    [
      { state: 'OFF', power: 0, energy: 1.25 },
      { power: 0, power_w: 0, energy_kwh: 1.25 },
    ],
    [
      { local_temperature: 19.5, current_heating_setpoint: 21, running_state: 'heat', battery: 70 },
      {
        'climate.currentTemperature': 19.5,
        'climate.targetTemperature': 21,
        'climate.action': CLIMATE_ACTION_CODES.heating,
        battery: 70,
      },
    ],
    [
      { local_temperature: 22, occupied_heating_setpoint: 20, running_state: 'idle' },
      {
        'climate.currentTemperature': 22,
        'climate.targetTemperature': 20,
        'climate.action': CLIMATE_ACTION_CODES.idle,
      },
    ],
  ])('%j', (state, values) => {
    expect(historyOfState(state)).toEqual(values);
  });
});

describe('simulatePast', () => {
  it('lives through a day of the home: rooms warm and cool, people come and go, every reading inside the day', () => {
    const to = new Date(2026, 0, 14, 9, 0).getTime();
    const world = new World(buildScenario('home', 1), 1);
    const readings: PastReading[] = [];
    simulatePast(world, to - DAY, to, MINUTE, (r) => readings.push(r));
    expect(readings.every((r) => r.at >= to - DAY && r.at < to)).toBe(true);
    const temperatures = readings.flatMap((r) => (r.values.temperature === undefined ? [] : [r.values.temperature]));
    expect(temperatures.length).toBeGreaterThan(20);
    expect(Math.max(...temperatures) - Math.min(...temperatures)).toBeGreaterThan(0.5);
    const occupancy = readings.filter((r) => r.values.occupancy !== undefined).map((r) => r.values.occupancy);
    expect(occupancy).toContain(1);
    expect(occupancy).toContain(0);
  });
});
