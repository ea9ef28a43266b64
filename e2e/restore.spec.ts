import { expect, test, type Page } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import { callHub } from './support/hub-api';
import { startHubProcess, type HubProcess } from './support/hub-process';

/**
 * Restore asks first: a change made after a backup, then restoring that older backup shows what it would
 * remove (the room and the person made since) and Cancel leaves everything as it was. At 1440×900 and 390×844.
 * Also: the automatic backups are listed, and switching to °F shows temperatures in °F (screenshots).
 */
let hub: HubProcess;
const call = <T>(method: string, path: string, body?: unknown) => callHub<T>(hub, method, path, body);
const roomNames = async () => (await call<{ name: string }[]>('GET', 'rooms')).body.map((r) => r.name);
const personNames = async () => (await call<{ name: string }[]>('GET', 'people')).body.map((p) => p.name);

test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'restore-e2e-token-0123456789');
  // The demo has arranged its rooms.
  await expect.poll(roomNames, { timeout: 20_000 }).toContain('Living room');
});
test.afterAll(async () => {
  await hub?.stop();
});

/** The right edge of the furthest-reaching element of the settings page (the header is not this spec's). */
const widestInSettings = (page: Page) =>
  page
    .locator('main .page, main .page *')
    .evaluateAll((elements) => Math.max(...elements.map((e) => e.getBoundingClientRect().right)));

/** The main navigation's Settings entry: it opens the General page. */
async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByText('Settings', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
}

async function openBackup(page: Page) {
  await page.goto(`${hub.url}?token=${hub.token}`);
  await openSettings(page);
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Backup and restore' }).click();
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`restoring an older backup previews what it removes, and Cancel changes nothing (${viewport.width}×${viewport.height})`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const older = (await call<Record<string, unknown>>('GET', 'export')).body;
    // Made since the backup: a room and a person.
    const study = `Study ${viewport.width}`;
    expect((await call('POST', 'rooms', { name: study, kind: 'home' })).status).toBe(201);
    expect((await call('PUT', `people/bob-${viewport.width}`, { name: `Bob ${viewport.width}` })).status).toBe(200);
    const before = { rooms: await roomNames(), people: await personNames() };

    await openBackup(page);
    await expect(page.getByRole('list', { name: 'Automatic backups' })).toContainText('Daily backup');
    await page.getByLabel('Restore from a backup file').setInputFiles({
      name: 'homeroom-backup-older.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(older)),
    });
    const preview = page.getByRole('group', { name: 'Restore homeroom-backup-older.json?' });
    await expect(preview).toContainText(`This backup removes the room ${study} and the person Bob ${viewport.width}`);
    await expect(preview.getByRole('listitem').filter({ hasText: study })).toContainText('removed');
    await expect(preview.getByRole('listitem').filter({ hasText: `Bob ${viewport.width}` })).toContainText('removed');
    await page.screenshot({ path: `test-results/screenshots/restore-preview-${viewport.width}.png`, fullPage: true });

    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText('Cancelled: nothing was changed.')).toBeVisible();
    await expect(preview).toHaveCount(0);
    expect({ rooms: await roomNames(), people: await personNames() }).toEqual(before);
    expect(await widestInSettings(page)).toBeLessThanOrEqual(viewport.width);
  });

  test(`switching to °F shows temperatures in °F (${viewport.width}×${viewport.height})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`${hub.url}?token=${hub.token}`);
    await openSettings(page);
    const units = page.getByRole('radiogroup', { name: 'Temperature units' });
    await units.getByRole('radio', { name: '°C' }).click();
    await expect(page.getByLabel('How values read')).toContainText('21.0 °C');
    await units.getByRole('radio', { name: '°F' }).click();
    await expect(page.getByLabel('How values read')).toContainText('70 °F');
    await expect.poll(async () => (await call<{ units?: string }>('GET', 'settings')).body.units).toBe('fahrenheit');
    await page.screenshot({ path: `test-results/screenshots/settings-fahrenheit-${viewport.width}.png`, fullPage: true });
    expect(await widestInSettings(page)).toBeLessThanOrEqual(viewport.width);

    // Every temperature follows: a thermostat's tile on the dashboard reads °F, its target too.
    await page.getByRole('navigation', { name: 'Sections' }).getByText('Devices', { exact: true }).click();
    const radiator = await tileInRoom(page, 'Living room', 'Living room thermostat');
    await expect(radiator).toContainText(/\d+ °F/);
    await expect(radiator).not.toContainText('°C');
    await radiator.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/dashboard-fahrenheit-${viewport.width}.png` });
    // Back to °C for the specs that follow.
    expect((await call('PATCH', 'settings', { units: 'celsius' })).status).toBe(200);
  });
}
