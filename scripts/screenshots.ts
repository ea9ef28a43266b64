/**
 * `npx tsx scripts/screenshots.ts`: screenshots taken from the real headless hub running the
 * virtual home (`--demo`), in Debian's Chromium.
 *
 * - The README's images go to docs/screenshots/ (desktop size; the device panel's history chart
 *   only with `--history` and the discovery inbox only with `--inbox`, where the hub has history
 *   and found devices worth showing).
 * - `--all` also writes every view at phone (390×844), tablet (800×1280) and desktop
 *   (1440×900) size, light and dark, to `--out` (default /tmp/homeroom-screenshots), for
 *   looking at them after a layout change. `--full` takes whole pages instead of the screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startHubProcess, type HubProcess } from '../e2e/support/hub-process';
import { section, VIEWPORTS, VIEWS } from '../e2e/support/views';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const full = process.argv.includes('--full');

type Scheme = 'light' | 'dark';

async function openApp(browser: Browser, hub: HubProcess, viewport: { width: number; height: number }, scheme: Scheme) {
  // en-GB: °C and 24-hour times, as the README describes them.
  const page = await browser.newPage({ viewport, colorScheme: scheme, deviceScaleFactor: 1, locale: 'en-GB' });
  await page.goto(`${hub.url}?token=${hub.token}`);
  await page.getByRole('article').first().waitFor();
  // Let charts and the first state events settle.
  await page.waitForTimeout(1000);
  return page;
}

/** The images the README shows, at a desktop size. */
async function readmeShots(browser: Browser, hub: HubProcess) {
  const viewport = { width: 1360, height: 1000 };
  for (const scheme of ['light', 'dark'] as const) {
    const page = await openApp(browser, hub, viewport, scheme);
    await page.screenshot({ path: `docs/screenshots/dashboard-${scheme}.png`, fullPage: full });
    await page.close();
  }
  // On a phone: the dashboard (light) and a room page (dark), shown side by side.
  const phone = { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height };
  for (const [file, view, scheme] of [
    ['phone-dashboard', 'dashboard', 'light'],
    ['phone-room', 'room', 'dark'],
  ] as const) {
    const page = await openApp(browser, hub, phone, scheme);
    await VIEWS.find((v) => v.name === view)!.open(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `docs/screenshots/${file}.png` });
    await page.close();
  }
  const shots: { file: string; open(page: Page): Promise<void> }[] = [
    { file: 'room', open: VIEWS.find((v) => v.name === 'room')!.open },
    { file: 'logbook', open: VIEWS.find((v) => v.name === 'logbook')!.open },
  ];
  // Only on request: a fresh demo hub has recorded too little for a chart worth showing, and
  // finds devices on the network only where the LAN simulators announce them (scripts/netns.sh).
  if (process.argv.includes('--inbox'))
    shots.push({ file: 'discovery-inbox', open: VIEWS.find((v) => v.name === 'discovery-inbox')!.open });
  if (process.argv.includes('--history'))
    shots.push({
      file: 'history',
      open: async (page) => {
        await VIEWS.find((v) => v.name === 'device-panel')!.open(page);
        await page.locator('.history__chart canvas').first().waitFor();
      },
    });
  for (const shot of shots) {
    const page = await openApp(browser, hub, viewport, 'light');
    await shot.open(page);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `docs/screenshots/${shot.file}.png`, fullPage: full });
    await page.close();
  }
}

/** Every view at every size and scheme, for looking at. */
async function allShots(browser: Browser, hub: HubProcess, out: string) {
  mkdirSync(out, { recursive: true });
  for (const viewport of VIEWPORTS) {
    for (const scheme of ['light', 'dark'] as const) {
      for (const view of VIEWS) {
        const page = await openApp(browser, hub, viewport, scheme);
        try {
          await view.open(page);
          await page.waitForTimeout(400);
          // A dialog is fixed to the screen: a whole-page shot of it shows the page behind instead.
          const fullPage = full && (await page.getByRole('dialog').count()) === 0;
          await page.screenshot({ path: join(out, `${view.name}-${viewport.name}-${scheme}.png`), fullPage });
        } catch (error) {
          console.error(`${view.name} at ${viewport.name} ${scheme}:`, error instanceof Error ? error.message : error);
        } finally {
          await page.close();
        }
      }
    }
  }
  // The header after scrolling down the dashboard (it should have got out of the way).
  const page = await openApp(browser, hub, VIEWPORTS[0], 'light');
  await section(page, 'Devices').waitFor();
  await page.mouse.wheel(0, 1600);
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(out, 'dashboard-phone-scrolled.png') });
  await page.close();
}

async function main() {
  const hub = await startHubProcess(['--demo'], 'screenshot-token-0123456789');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    if (!process.argv.includes('--no-readme')) await readmeShots(browser, hub);
    if (process.argv.includes('--all')) await allShots(browser, hub, argValue('--out') ?? '/tmp/homeroom-screenshots');
  } finally {
    await browser.close();
    await hub.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
