import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import { api, deviceNamed, openDashboard } from './support/hub';
import { MqttTap } from './support/mqtt-tap';

test('a lamp is found by its name, switched off from its tile, and the device confirms it', async ({ page }) => {
  const lamp = await deviceNamed('Living room lamp');
  const on = await api(`devices/${encodeURIComponent(lamp.id)}/command`, {
    method: 'POST',
    body: JSON.stringify({ power: true }),
  });
  expect(on.status).toBe(200);

  await openDashboard(page);
  const tile = await tileInRoom(page, 'Living room', 'Living room lamp');
  const toggle = tile.getByRole('switch', { name: 'Living room lamp' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  const tap = await MqttTap.open('zigbee2mqtt/Living room lamp/set');
  try {
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(toggle).not.toHaveAttribute('aria-busy', 'true');
    await expect(tile.getByRole('alert')).toHaveCount(0);
    // Exactly what zigbee2mqtt expects: an absolute state, never TOGGLE, not retained.
    expect(tap.messages[0]).toEqual({ topic: 'zigbee2mqtt/Living room lamp/set', payload: '{"state":"OFF"}', retain: false });
  } finally {
    await tap.close();
  }
  expect((await deviceNamed('Living room lamp')).capabilities.power?.value).toBe(false);
});

test('raising a thermostat’s target from its tile reaches the device', async ({ page }) => {
  await openDashboard(page);
  const before = (await deviceNamed('Living room thermostat')).capabilities.climate?.value.targetTemperature ?? 0;
  const tile = await tileInRoom(page, 'Living room', 'Living room thermostat');
  await tile.getByRole('button', { name: 'Raise target temperature' }).click();
  await expect
    .poll(async () => (await deviceNamed('Living room thermostat')).capabilities.climate?.value.targetTemperature)
    .toBe(before + 0.5);
  await expect(tile.getByText(`${(before + 0.5).toFixed(1)} °C`).first()).toBeVisible();
});

test('the search box filters the dashboard', async ({ page }) => {
  await openDashboard(page);
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('radiator');
  await expect(page.getByRole('article', { name: 'Bedroom radiator' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Living room lamp' })).toHaveCount(0);
});

test('an out-of-range command gets a clear error and the hub keeps running', async () => {
  const lamp = await deviceNamed('Living room lamp');
  const response = await api<{ code: string; message: string }>(`devices/${encodeURIComponent(lamp.id)}/command`, {
    method: 'POST',
    body: JSON.stringify({ brightness: 140 }),
  });
  expect(response.status).toBe(400);
  expect(response.body.message).toMatch(/brightness/i);
  expect((await api<{ ok: boolean }>('health')).status).toBe(200);
});
