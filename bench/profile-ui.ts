/**
 * CPU profiles of the dashboard in Debian's Chromium (CDP `Profiler`), for `bench/profile-summary.ts`:
 * the first load, a window under load, and clicks on a light's switch. Build the renderer without
 * minifying to read the names (`npx vite build --config renderer/vite.config.ts --minify false`).
 *
 * `npx tsx bench/profile-ui.ts [--devices 2000] [--rate 2000] [--out DIR] [--seconds 10]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startBenchHub } from './scale-ui';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'ui-profiles' },
    seconds: { type: 'string', default: '10' },
  },
});

const hub = await startBenchHub(Number(values.devices), Number(values.rate));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  mkdirSync(values.out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const record = async (name: string, during: () => Promise<void>) => {
    await cdp.send('Profiler.start');
    await during();
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(values.out, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`wrote ${file}`);
  };
  await record('load', async () => {
    await page.goto(hub.url);
    await page.getByRole('switch').first().waitFor();
    await page.waitForTimeout(4000);
  });
  await record('steady', () => page.waitForTimeout(Number(values.seconds) * 1000));
  await record('clicks', async () => {
    for (let i = 0; i < 10; i++) {
      await page.getByRole('switch').first().click();
      await page.waitForTimeout(400);
    }
  });
} finally {
  await browser.close();
  await hub.stop();
}
