import { expect, test, type Page } from '@playwright/test';
import type { Device } from '../core/model';
import { callHub } from './support/hub-api';
import { startHubProcess, type HubProcess } from './support/hub-process';

// People and access in the browser, on the virtual home (--demo): the owner adds a guest for the kitchen from
// Settings and gets its token with a QR code; the guest sees and controls only the kitchen; a board sees only /board.
let hub: HubProcess;
const call = <T>(method: string, path: string, body?: unknown, token = hub.token) => callHub<T>(hub, method, path, body, token);
const devices = async () => (await call<Device[]>('GET', 'devices')).body;

test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'access-e2e-token-0123456789');
  await expect.poll(async () => (await devices()).find((d) => d.name === 'Kitchen ceiling')?.roomId).toBe('kitchen');
});
test.afterAll(async () => {
  await hub?.stop();
});

async function addGuestFromSettings(page: Page, name: string): Promise<string> {
  await page.goto(`${hub.url}?token=${hub.token}`);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'People and access' }).click();
  await expect(page.getByRole('list', { name: 'People with a token' }).getByRole('listitem', { name: 'Owner' })).toBeVisible();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Role').selectOption('guest');
  await page.getByRole('checkbox', { name: 'Kitchen' }).check();
  await page.getByRole('button', { name: 'Add and show the token' }).click();
  const shown = page.getByRole('region', { name: `New token for ${name}` });
  await expect(shown.getByRole('img', { name: `QR code: sign-in link for ${name}` })).toBeVisible();
  await expect(page.getByRole('listitem', { name })).toContainText('Rooms: Kitchen');
  return (await shown.getByLabel('Token', { exact: true }).textContent())!.trim();
}

test('the owner adds a guest from Settings: its token is shown once with a QR code (wide and on a phone)', async ({ page }) => {
  const token = await addGuestFromSettings(page, 'Gina');
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: 'test-results/people-access-wide.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/people-access-390.png', fullPage: true });
  // Nothing overflows sideways on a phone.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('region', { name: 'New token for Gina' })).toHaveCount(0);
});

test('a guest sees and controls only its room; anything else is refused with 403', async ({ page, browser }) => {
  const token = await addGuestFromSettings(page, 'Guido');
  const guest = await browser.newPage();
  await guest.goto(`${hub.url}?token=${token}`);
  const kitchen = (await devices()).filter((d) => d.roomId === 'kitchen' && !d.hidden);
  await expect(guest.getByRole('article', { name: 'Kitchen ceiling' })).toBeVisible();
  await expect(guest.getByRole('article')).toHaveCount(kitchen.length);
  await expect(guest.getByRole('article', { name: 'Living room lamp' })).toHaveCount(0);
  await guest.screenshot({ path: 'test-results/guest-devices.png' });
  // No settings, automations or discovery for a guest.
  const nav = guest.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Devices' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Automations' })).toHaveCount(0);
  await expect(guest.getByRole('button', { name: /Add a device|Found/ })).toHaveCount(0);

  // It controls its kitchen's light from the tile, and the device confirms it.
  const toggle = guest.getByRole('article', { name: 'Kitchen ceiling' }).getByRole('switch', { name: 'Kitchen ceiling' });
  const before = (await toggle.getAttribute('aria-checked')) === 'true';
  await toggle.click();
  await expect
    .poll(async () => (await devices()).find((d) => d.name === 'Kitchen ceiling')?.capabilities.power?.value)
    .toBe(!before);

  // Another room's lamp, with the guest's own session cookie: 403 naming what and why.
  const lamp = (await devices()).find((d) => d.name === 'Living room lamp')!;
  const refused = await guest.evaluate(async (id) => {
    const res = await fetch(`/api/devices/${encodeURIComponent(id)}/command`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ power: false }),
    });
    return { status: res.status, body: (await res.json()) as { message: string } };
  }, lamp.id);
  expect(refused.status).toBe(403);
  expect(refused.body.message).toBe(`sendCommand is refused to a guest: the device "${lamp.id}" is not in Guido’s rooms`);
  // Settings by its address sends it back to its devices.
  await guest.goto(`${hub.url}settings/general`);
  await expect(guest).toHaveURL(/\/devices$/);
  await guest.close();
});

test('a board token sees only the board, and is refused control with 403', async ({ browser }) => {
  const made = await call<{ token: string }>('POST', 'users', { name: 'Hall tablet', role: 'board', rooms: ['kitchen'] });
  expect(made.status).toBe(201);
  const kitchenLight = (await devices()).find((d) => d.name === 'Kitchen ceiling')!;
  const refused = await call<{ message: string }>(
    'POST',
    `devices/${encodeURIComponent(kitchenLight.id)}/command`,
    { power: true },
    made.body.token,
  );
  expect(refused).toEqual({
    status: 403,
    body: { code: 'forbidden', message: 'sendCommand is refused to a board: a board is read-only' },
  });

  const board = await browser.newPage();
  await board.goto(`${hub.url}?token=${made.body.token}`);
  await expect(board).toHaveURL(/\/board$/);
  await expect(board.getByRole('main', { name: 'Meeting room boards' })).toBeVisible();
  await expect(board.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(board.getByRole('article')).toHaveCount(0);
  // Any other address lands on the board again.
  for (const path of ['devices', 'rooms/kitchen', 'settings/people', 'logbook']) {
    await board.goto(`${hub.url}${path}`);
    await expect(board).toHaveURL(/\/board$/);
    await expect(board.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  }
  await board.close();
});
