import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import { startLanDevices, type LanDevices } from '../sim/lan';
import { api, openDashboard } from './support/hub';

// The virtual home's LAN devices, reached over real HTTP on 127.0.0.1. In e2e they are added
// by address (POST /api/discovery/manual): mDNS runs only inside a network namespace.
let lan: LanDevices;
test.beforeAll(async () => {
  lan = await startLanDevices({ advertise: false });
});
test.afterAll(async () => {
  await lan?.stop();
});

test('a device found on the network shows in the inbox, is added to the dashboard, and can be controlled', async ({ page }) => {
  const wled = lan.devices.wled;
  const found = await api<{ id: string; name: string }>('discovery/manual', {
    method: 'POST',
    body: JSON.stringify({ host: '127.0.0.1', port: wled.port }),
  });
  expect(found.status).toBe(200);

  await openDashboard(page);
  await page.getByRole('button', { name: /Found \d+ new devices?/ }).click();
  const inbox = page.getByRole('dialog', { name: 'New devices on your network' });
  const entry = inbox.getByRole('listitem', { name: found.body.name });
  await expect(entry).toContainText('WLED');
  await entry.getByRole('button', { name: `Add ${found.body.name}` }).click();
  await entry.getByLabel('Name').fill('TV backlight strip');
  await entry.getByRole('button', { name: 'Add to Homeroom' }).click();
  await expect(entry).toHaveCount(0);
  await page.keyboard.press('Escape');

  const tile = await tileInRoom(page, 'Unassigned', 'TV backlight strip');
  const toggle = tile.getByRole('switch', { name: 'TV backlight strip' });
  const wasOn = (await toggle.getAttribute('aria-checked')) === 'true';
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', wasOn ? 'false' : 'true');
  await expect(toggle).not.toHaveAttribute('aria-busy', 'true');
  // The strip itself changed: the command went over WLED's JSON API.
  expect((wled.state.state() as { on: boolean }).on).toBe(!wasOn);
});
