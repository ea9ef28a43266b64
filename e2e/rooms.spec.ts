import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import mqtt from 'mqtt';
import type { Device } from '../core/model';
import { callHub } from './support/hub-api';
import { startHubProcess, type HubProcess } from './support/hub-process';

// The virtual home inside a hub of its own (--demo), whose rooms the demo has set up.
let hub: HubProcess;
const call = <T>(method: string, path: string, body?: unknown) => callHub<T>(hub, method, path, body);
const device = async (name: string) => (await call<Device[]>('GET', 'devices')).body.find((d) => d.name === name);

test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'rooms-e2e-token-0123456789');
});
test.afterAll(async () => {
  await hub?.stop();
});

test('a person entering the living room turns its lights on at the evening preference, and the UI says why', async ({ page }) => {
  await expect.poll(async () => (await device('Living room lamp'))?.roomId).toBe('living-room');
  // Alice is at home and likes her evening light; dark enough at any time of the simulated day.
  expect(
    (
      await call('PUT', 'people/alice', {
        name: 'Alice',
        lighting: [{ at: '00:00', brightness: 40, kelvin: 2700, label: 'evening' }],
      })
    ).status,
  ).toBe(200);
  expect((await call('POST', 'people/alice/room', { roomId: 'living-room' })).status).toBe(200);
  expect((await call('PATCH', 'rooms/living-room/behaviour', { lighting: { luxThreshold: 100000 } })).status).toBe(200);

  // She walks in: the living room's motion sensor reports, exactly as zigbee2mqtt publishes it.
  const health = await call<{ mqtt: { url: string } }>('GET', 'health');
  const client = await mqtt.connectAsync(health.body.mqtt.url);
  await client.publishAsync('zigbee2mqtt/Living room motion', JSON.stringify({ occupancy: true, illuminance: 3, battery: 90 }));
  await client.endAsync();

  await expect
    .poll(
      async () => {
        const lamp = await device('Living room lamp');
        return [lamp?.capabilities.power?.value, lamp?.capabilities.brightness?.value];
      },
      { timeout: 15_000 },
    )
    .toEqual([true, 40]);
  expect(Math.abs(((await device('Living room lamp'))?.capabilities.colorTemperature?.value ?? 0) - 2700)).toBeLessThan(30);

  await page.goto(`${hub.url}?token=${hub.token}`);
  const tile = await tileInRoom(page, 'Living room', 'Living room lamp');
  await tile.getByRole('button', { name: 'Why is it like this?' }).click();
  await expect(tile.getByRole('status')).toContainText('evening preference of Alice');
  // …and what occupied the room: her walking in, or the virtual home's own living-room sensors if they were first.
  await expect(tile.getByRole('status')).toContainText(/occupied since \d\d:\d\d by (Living room (motion|presence)|Alice)/);
});

test('the room page controls its devices, and the hallway’s front door is shown as an entrance that never holds the room', async ({
  page,
}) => {
  await expect.poll(async () => (await device('Hallway light'))?.roomId).toBe('hallway');
  await page.goto(`${hub.url}?token=${hub.token}`);
  await page.getByRole('link', { name: 'Rooms', exact: true }).click();
  await page.getByRole('button', { name: 'Open Hallway', exact: true }).click();
  const lights = page.getByRole('region', { name: 'Lights and switches' });
  await expect(lights.getByRole('slider', { name: 'Hallway light brightness' })).toBeVisible();
  // No thermostat or speaker in the hallway: no sections for them.
  await expect(page.getByRole('region', { name: 'Climate' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Speakers' })).toHaveCount(0);
  const before = (await device('Hallway light'))?.capabilities.power?.value;
  await lights.getByRole('switch', { name: 'Hallway light' }).click();
  await expect.poll(async () => (await device('Hallway light'))?.capabilities.power?.value).toBe(!before);

  await page.getByRole('button', { name: 'Room settings' }).click();
  const front = page.getByRole('checkbox', { name: 'Front door is this room’s own door' });
  await expect(front).toBeDisabled();
  await expect(front).not.toBeChecked();
  await expect(page.getByRole('group', { name: 'Climate' })).toHaveCount(0);
});
