/**
 * `npx tsx scripts/screenshots.ts`: the README's screenshots, taken from the real headless
 * hub running the virtual home (`--demo`), in Debian's Chromium, light and dark.
 */
import { chromium } from '@playwright/test';
import { startHubProcess } from '../e2e/support/hub-process';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

async function main() {
  const hub = await startHubProcess(['--demo'], 'screenshot-token-0123456789');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, colorScheme: scheme, deviceScaleFactor: 1 });
      await page.goto(`${hub.url}?token=${hub.token}`);
      await page.getByRole('article').first().waitFor();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `docs/screenshots/dashboard-${scheme}.png`, fullPage: process.argv.includes('--full') });
      await page.close();
    }
  } finally {
    await browser.close();
    await hub.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
