import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import { api, openDashboard } from './support/hub';
import { MqttTap } from './support/mqtt-tap';

// Device names come from the network. They must render as text and never execute.
const HOSTILE = [
  { id: 'xss_img', name: '<img src=x onerror="window.__pwned=1">' },
  { id: 'xss_svg', name: '"><svg onload="window.__pwned=2">' },
  { id: 'xss_bidi', name: 'Lamp\u202egnp.exe\u0007' },
];

test('devices named with HTML or control characters are shown as plain text and nothing executes', async ({ page }) => {
  const tap = await MqttTap.open('homeroom-e2e/none');
  try {
    for (const device of HOSTILE) {
      const config = {
        name: null,
        command_topic: `hostile/${device.id}/set`,
        state_topic: `hostile/${device.id}`,
        payload_on: 'ON',
        payload_off: 'OFF',
        unique_id: device.id,
        device: { identifiers: [device.id], name: device.name, manufacturer: '<b>Evil</b>', model: '<script>alert(1)</script>' },
      };
      await tap.publish(`homeassistant/switch/${device.id}/switch/config`, JSON.stringify(config));
      await tap.publish(`hostile/${device.id}`, 'ON');
    }
  } finally {
    await tap.close();
  }
  await expect
    .poll(async () => (await api<{ id: string }[]>('devices')).body.filter((d) => d.id.startsWith('mqtt:xss_')).length)
    .toBe(3);

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openDashboard(page);
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('onerror');
  const tile = page.getByRole('article', { name: /img src=x onerror/ });
  await expect(tile).toBeVisible();
  await expect(tile.getByText('<img src=x onerror', { exact: false })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('');
  await expect(page.getByRole('article', { name: /svg onload/ })).toBeVisible();
  // The bidirectional override and the bell are gone from the name.
  await expect(await tileInRoom(page, 'Unassigned', 'Lampgnp.exe')).toBeVisible();

  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
