import { expect, test } from '@playwright/test';
import { startHubProcess, type HubProcess } from './support/hub-process';

// A newcomer's first start: a hub on its own (embedded) broker, with no devices yet.
let hub: HubProcess;
test.beforeAll(async () => {
  hub = await startHubProcess(['--mqtt-port', '0'], 'first-run-token-0123456789');
});
test.afterAll(async () => {
  await hub?.stop();
});

test('with no devices, "Explore a virtual home" fills the dashboard with a living home', async ({ page }) => {
  await page.goto(`${hub.url}?token=${hub.token}`);
  await expect(page.getByRole('heading', { name: 'No devices yet.' })).toBeVisible();
  await page.getByRole('button', { name: 'Explore a virtual home' }).click();
  await expect(page.getByRole('article').first()).toBeVisible({ timeout: 15_000 });
  // Devices keep arriving as the virtual home announces them: every room of the home gets its place in the room list.
  const rooms = page.getByRole('navigation', { name: 'Jump to a room' }).getByRole('link');
  await expect.poll(() => rooms.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  await search.fill('Living room lamp');
  await expect(page.getByRole('article', { name: 'Living room lamp' })).toBeVisible();
  await search.fill('Living room thermostat');
  await expect(
    page.getByRole('article', { name: 'Living room thermostat' }).getByRole('button', { name: 'Raise target temperature' }),
  ).toBeEnabled();
});
