import { expect, test, type Page } from '@playwright/test';
import { startHubProcess, type HubProcess } from './support/hub-process';
import { horizontalOverflow, section, VIEWPORTS, VIEWS } from './support/views';

// The demo home (--demo) in a hub of its own: its rooms, people editor and 27 devices are what
// made a phone screen overflow.
let hub: HubProcess;
test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'layout-e2e-token-0123456789');
});
test.afterAll(async () => {
  await hub?.stop();
});

async function openApp(page: Page): Promise<void> {
  await page.goto(`${hub.url}?token=${hub.token}`);
  await expect(page.getByRole('heading', { name: 'Homeroom' })).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    for (const view of VIEWS) {
      test(`${view.name} is no wider than the screen`, async ({ page }) => {
        await openApp(page);
        await view.open(page);
        // Layout settles within a frame or two of the view appearing (fonts, charts): poll.
        await expect
          .poll(async () => {
            const { scrollWidth, innerWidth, offenders } = await horizontalOverflow(page);
            return { fits: scrollWidth <= innerWidth, offenders };
          })
          .toEqual({ fits: true, offenders: [] });
      });
    }
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the header gets out of the way while scrolling down and comes back on the way up', async ({ page }) => {
    await openApp(page);
    const header = page.getByRole('banner');
    const inView = () => header.evaluate((el) => el.getBoundingClientRect().bottom > 0);
    await expect.poll(inView).toBe(true);
    // Small steps, as a finger scrolls.
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 300);
    await expect.poll(inView).toBe(false);
    await page.mouse.wheel(0, -200);
    await expect.poll(inView).toBe(true);
    // Hidden again, it comes back for a keyboard user tabbing into it.
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 300);
    await expect.poll(inView).toBe(false);
    await page.getByRole('searchbox', { name: 'Search devices' }).focus();
    await expect.poll(inView).toBe(true);
    // The header never covers more than a fifth of the screen.
    expect((await header.boundingBox())?.height ?? 0).toBeLessThan(844 / 5);
  });

  test('the room list jumps to a room’s devices, by keyboard too', async ({ page }) => {
    await openApp(page);
    const jump = page.getByRole('navigation', { name: 'Jump to a room' });
    const hallway = jump.getByRole('link', { name: /^Hallway/ });
    await hallway.focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: /^Hallway/ });
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    // Not hidden under the header either.
    const header = await page.getByRole('banner').boundingBox();
    const box = await heading.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(Math.max(0, (header?.y ?? 0) + (header?.height ?? 0)) - 1);
  });

  test('every main section is reachable from the tabs without scrolling them', async ({ page }) => {
    await openApp(page);
    for (const label of ['Devices', 'Rooms', 'Automations', 'Logbook', 'Settings']) {
      const tab = section(page, label);
      await expect(tab).toBeInViewport({ ratio: 1 });
    }
  });
});
