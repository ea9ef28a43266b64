/**
 * Scenes and automations against a --demo hub: a "Good night" scene made through the API turns the living
 * room's lights off from its dashboard tile; the "Hallway at night" automation shows a trace after the
 * hallway's motion sensor reports over MQTT. Screenshots of the list, a trace and the timeline at desktop and
 * phone sizes go to test-results/screenshots.
 */
import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import mqtt from 'mqtt';
import type { Automation, Device, Scene } from '../core/model';
import { callHub } from './support/hub-api';
import { startHubProcess, type HubProcess } from './support/hub-process';

let hub: HubProcess;
const call = <T>(method: string, path: string, body?: unknown) => callHub<T>(hub, method, path, body);
const devices = async () => (await call<Device[]>('GET', 'devices')).body;
const device = async (name: string) => (await devices()).find((d) => d.name === name);

test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'automations-e2e-token-0123456789');
});
test.afterAll(async () => {
  await hub?.stop();
});

test('a “Good night” scene applied from its tile turns every living-room light off', async ({ page }) => {
  await expect
    .poll(async () => (await devices()).filter((d) => d.roomId === 'living-room' && d.kind === 'light').length)
    .toBeGreaterThan(0);
  const lights = (await devices()).filter((d) => d.roomId === 'living-room' && d.kind === 'light');
  for (const light of lights)
    expect((await call('POST', `devices/${encodeURIComponent(light.id)}/command`, { power: true })).status).toBe(200);
  const created = await call<Scene>('POST', 'scenes', {
    name: 'Good night',
    states: lights.map((l) => ({ device: l.id, command: { power: false } })),
  });
  expect(created.status).toBe(201);

  await page.goto(`${hub.url}?token=${hub.token}`);
  const scenes = page.getByRole('region', { name: 'Scenes' });
  await scenes.getByRole('button', { name: 'Apply scene Good night' }).click();
  await expect(scenes.getByRole('status')).toHaveText(
    `Good night: ${lights.length} device${lights.length === 1 ? '' : 's'} done`,
  );
  for (const light of lights) {
    await expect.poll(async () => (await device(light.name))?.capabilities.power?.value).toBe(false);
    const tile = await tileInRoom(page, 'Living room', light.name);
    await expect(tile.getByRole('switch', { name: light.name, exact: true })).toHaveAttribute('aria-checked', 'false');
  }
});

test('“Hallway at night” shows its trace after the hallway motion reports over MQTT', async ({ page }) => {
  await expect.poll(async () => (await device('Hallway motion'))?.roomId).toBe('hallway');
  const motion = (await device('Hallway motion'))!;
  const light = (await device('Hallway light'))!;
  const capability = motion.capabilities.motion ? 'motion' : 'occupancy';
  const made = await call<Automation>('POST', 'automations', {
    name: 'Hallway at night',
    mode: 'restart',
    triggers: [{ type: 'state', device: motion.id, capability, to: true }],
    conditions: [{ type: 'sun', after: 'sunset' }],
    actions: [
      { type: 'command', device: light.id, command: { power: true, brightness: 30 } },
      { type: 'wait', trigger: { type: 'state', device: motion.id, capability, to: false, for: 'PT5M' } },
      { type: 'command', device: light.id, command: { power: false } },
    ],
  });
  expect(made.status).toBe(201);

  await page.goto(`${hub.url}?token=${hub.token}`);
  await page.getByRole('link', { name: 'Automations', exact: true }).click();
  const item = page.getByRole('listitem', { name: 'Hallway at night' });
  await expect(item).toContainText('When Hallway motion');
  await item.getByRole('link', { name: 'Hallway at night', exact: true }).click();
  const runs = page.getByRole('list', { name: 'Runs, newest first' });

  // Motion stops, then starts: the change to "detected" fires the trigger (whether the sun has set or not).
  const health = await call<{ mqtt: { url: string } }>('GET', 'health');
  const client = await mqtt.connectAsync(health.body.mqtt.url);
  await client.publishAsync('zigbee2mqtt/Hallway motion', JSON.stringify({ occupancy: false, battery: 90 }));
  await expect.poll(async () => (await device('Hallway motion'))?.capabilities[capability]?.value).toBe(false);
  await client.publishAsync('zigbee2mqtt/Hallway motion', JSON.stringify({ occupancy: true, battery: 90 }));
  await client.endAsync();

  await expect
    .poll(async () => (await call<unknown[]>('GET', `automations/${encodeURIComponent(made.body.id)}/traces`)).body.length, {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  const first = runs.locator(':scope > li').first();
  await expect(first).toContainText(/^(Ran at|Did not run at) \d{1,2}:\d\d/, { timeout: 15_000 });
  await expect(first).toContainText('Hallway motion');
  await expect(first).toContainText(/(ok|failed) .*sun/i);

  // The dry run replays the recorded history (the motion just sent included) without sending anything.
  const dry = page.getByRole('region', { name: 'Try it on the last 24 hours' });
  await dry.getByRole('button', { name: 'Try on the last 24 hours' }).click();
  await expect(dry.getByRole('status')).toHaveText(/^Would (not have run|have run (once|\d+ times): )/);

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `test-results/screenshots/automation-trace-${viewport.width}.png`, fullPage: true });
    await page.getByRole('link', { name: '← All automations' }).click();
    await expect(page.getByRole('listitem', { name: 'Hallway at night' })).toContainText(/Last (ran|did not run)/);
    await page.screenshot({ path: `test-results/screenshots/automations-${viewport.width}.png`, fullPage: true });
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const box = await nav.boundingBox();
    const tabs = await nav.getByRole('link').all();
    for (const tab of tabs) {
      const tabBox = await tab.boundingBox();
      // Every tab fits inside the bar, none cut off or scrolled away.
      expect(tabBox!.x + tabBox!.width).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
    }
    await page.getByRole('link', { name: 'What happens next' }).click();
    await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/timeline-${viewport.width}.png`, fullPage: true });
    await page.goBack();
    await page
      .getByRole('listitem', { name: 'Hallway at night' })
      .getByRole('link', { name: 'Hallway at night', exact: true })
      .click();
  }
});
