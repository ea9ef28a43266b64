import { expect, test } from '@playwright/test';
import type { Device } from '../core/model';
import { api, simDevices } from './support/hub';

// What each kind of simulated zigbee2mqtt device must become in the hub.
const EXPECTED: Record<string, { kind: Device['kind']; capabilities: string[] }> = {
  color_light: { kind: 'light', capabilities: ['power', 'brightness', 'colorTemperature', 'color'] },
  ct_light: { kind: 'light', capabilities: ['power', 'brightness', 'colorTemperature'] },
  dimmable_light: { kind: 'light', capabilities: ['power', 'brightness'] },
  plug: { kind: 'plug', capabilities: ['power', 'power_w', 'energy_kwh'] },
  trv: { kind: 'thermostat', capabilities: ['climate', 'battery'] },
  thermostat: { kind: 'thermostat', capabilities: ['climate'] },
  motion: { kind: 'sensor', capabilities: ['occupancy', 'illuminance', 'battery'] },
  presence: { kind: 'sensor', capabilities: ['occupancy'] },
  climate_sensor: { kind: 'sensor', capabilities: ['temperature', 'humidity', 'battery'] },
  contact: { kind: 'sensor', capabilities: ['contact', 'battery'] },
};

test('the hub discovers every device of the virtual home with the right kind and capabilities', async () => {
  const sim = simDevices();
  expect(sim.length).toBeGreaterThan(20);
  await expect
    .poll(async () => (await api<Device[]>('devices')).body.filter((d) => d.integration === 'mqtt').length)
    .toBeGreaterThanOrEqual(sim.length);
  const devices = (await api<Device[]>('devices')).body;
  for (const simulated of sim) {
    const device = devices.find((d) => d.id === `mqtt:zigbee2mqtt_${simulated.ieee}`);
    expect(device, `${simulated.name} was not discovered`).toBeDefined();
    const expected = EXPECTED[simulated.kind]!;
    expect(device!.name).toBe(simulated.name);
    expect(device!.kind, simulated.name).toBe(expected.kind);
    expect(Object.keys(device!.capabilities).sort(), simulated.name).toEqual([...expected.capabilities].sort());
    expect(device!.availability, simulated.name).toBe('online');
  }
});
