/**
 * Addresses, sign-in and the keyboard, against the headless hub of the global setup in Chromium:
 * a room's page survives a reload and Back goes where it should; the printed link signs a fresh
 * browser in and it stays signed in after a restart (its storage carried over, as a wall tablet's
 * is); Escape closes the diagnostics panel and focus returns to its button.
 */
import { expect, test } from '@playwright/test';
import { api, hubToken, hubUrl, openDashboard } from './support/hub';

const printedLink = () => `${hubUrl()}?token=${encodeURIComponent(hubToken())}`;

test.beforeAll(async () => {
  const { status } = await api('rooms', { method: 'POST', body: JSON.stringify({ name: 'Reading nook' }) });
  expect([201, 400, 409]).toContain(status);
});

test('a room’s page reloads as itself, and Back goes to the room list and then the devices', async ({ page }) => {
  await openDashboard(page);
  await expect(page).toHaveURL(`${hubUrl()}devices`);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Rooms' }).click();
  await expect(page).toHaveURL(`${hubUrl()}rooms`);
  await page.getByRole('button', { name: 'Open Reading nook' }).click();
  await expect(page).toHaveURL(`${hubUrl()}rooms/reading-nook`);
  await expect(page.getByRole('heading', { name: 'Reading nook', level: 2 })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(`${hubUrl()}rooms/reading-nook`);
  await expect(page.getByRole('heading', { name: 'Reading nook', level: 2 })).toBeVisible();

  // The Rooms tab works from a room's page.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Rooms' }).click();
  await expect(page).toHaveURL(`${hubUrl()}rooms`);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Reading nook', level: 2 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(`${hubUrl()}rooms`);
  await page.goBack();
  await expect(page).toHaveURL(`${hubUrl()}devices`);
  await expect(page.getByRole('searchbox', { name: 'Search devices' })).toBeVisible();
});

test('the printed link signs a fresh browser in, and it is still signed in after a restart', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(printedLink());
  await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Connected');
  // The token left the address bar, and the browser holds a session cookie that is not the token.
  expect(page.url()).not.toContain('token');
  const state = await first.storageState();
  const cookie = state.cookies.find((c) => c.name === 'homeroom_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(cookie!.value).not.toContain(hubToken());
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
  expect(JSON.stringify(state)).not.toContain(hubToken());
  await first.close();

  // "Restart the browser": a new context from the stored state, opening the hub without any token.
  const second = await browser.newContext({ storageState: state });
  const again = await second.newPage();
  await again.goto(`${hubUrl()}logbook`);
  await expect(again.getByRole('status', { name: 'Connection' })).toContainText('Connected');
  await expect(again.getByRole('heading', { name: 'Logbook' })).toBeVisible();

  // Signing out ends it: the sign-in page, also after a reload.
  await again.goto(`${hubUrl()}settings/access`);
  await again.getByRole('button', { name: 'Sign out of this browser' }).click();
  await expect(again.getByRole('heading', { name: 'Sign in to Homeroom' })).toBeVisible();
  await again.reload();
  await expect(again.getByRole('heading', { name: 'Sign in to Homeroom' })).toBeVisible();
  await second.close();
});

test('a browser without the link gets the sign-in page, says why, and signs in with the token typed in', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hubUrl()}rooms/reading-nook`);
  await expect(page.getByRole('heading', { name: 'Sign in to Homeroom' })).toBeVisible();
  await expect(page.getByText('This browser is not signed in to this hub yet.')).toBeVisible();
  await page.getByLabel('Token', { exact: true }).fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That is not this hub’s token.');
  await page.getByLabel('Token', { exact: true }).fill(hubToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The view the address named, without a reload.
  await expect(page.getByRole('heading', { name: 'Reading nook', level: 2 })).toBeVisible();
  await expect(page).toHaveURL(`${hubUrl()}rooms/reading-nook`);
  await context.close();
});

test('Escape closes the diagnostics panel and focus returns to its button; the skip link comes first', async ({ page }) => {
  await openDashboard(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();

  const button = page.getByRole('button', { name: /^Diagnostics/ });
  await button.click();
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
  await page.getByRole('button', { name: 'Close diagnostics' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeHidden();
  await expect(button).toBeFocused();
});
