/**
 * The automation editor against a --demo hub: "hallway light on motion after sunset, off 5 minutes after" is built
 * by pickers (never JSON), tried on the recorded history, saved; the hallway motion sensor then reports over MQTT
 * and the light comes on, and the run's trace says so. A "Good night" scene applied from its tile turns every
 * light off. Screenshots of the editor, the trace view and the timeline at desktop and phone widths go to
 * test-results/screenshots.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import mqtt from 'mqtt';
import type { Device, Scene } from '../core/model';
import { callHub } from './support/hub-api';
import { startHubProcess, type HubProcess } from './support/hub-process';

let hub: HubProcess;
const call = <T>(method: string, path: string, body?: unknown) => callHub<T>(hub, method, path, body);
const devices = async () => (await call<Device[]>('GET', 'devices')).body;
const device = async (name: string) => (await devices()).find((d) => d.name === name);

/** The sensor reports (as zigbee2mqtt does); the next report waits until the hub has this one. */
async function motion(detected: boolean) {
  const health = await call<{ mqtt: { url: string } }>('GET', 'health');
  const client = await mqtt.connectAsync(health.body.mqtt.url);
  await client.publishAsync('zigbee2mqtt/Hallway motion', JSON.stringify({ occupancy: detected, battery: 90 }));
  await client.endAsync();
  const sensor = (await device('Hallway motion'))!;
  const capability = sensor.capabilities.motion ? 'motion' : 'occupancy';
  await expect.poll(async () => (await device('Hallway motion'))?.capabilities[capability]?.value).toBe(detected);
}

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Whole pages at both widths, and on the phone each screenful from the top of `parts` (to look at them closely). */
async function shoot(page: Page, name: string, parts: Locator[] = []) {
  for (const viewport of [WIDE, PHONE]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `test-results/screenshots/${name}-${viewport.width}.png`, fullPage: true });
  }
  for (const [i, part] of parts.entries()) {
    await part.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/${name}-390-part${i + 1}.png` });
  }
  await page.setViewportSize(WIDE);
}

test.beforeAll(async () => {
  hub = await startHubProcess(['--demo'], 'automation-editor-e2e-token-0123456789');
  // The home is put where it is now the middle of the night, so "after sunset" holds whenever the test runs.
  const utcHours = new Date().getUTCHours() + new Date().getUTCMinutes() / 60;
  const longitude = Math.round(((((-utcHours * 15 + 180) % 360) + 360) % 360) - 180);
  expect((await call('PATCH', 'settings', { location: { latitude: 0, longitude } })).status).toBe(200);
});
test.afterAll(async () => {
  await hub?.stop();
});

test('build the hallway motion light by pickers, try it, save it, see it switch the light, and read its trace', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await expect.poll(async () => (await device('Hallway motion'))?.roomId).toBe('hallway');
  await expect.poll(async () => (await device('Hallway light'))?.roomId).toBe('hallway');
  const sensor = (await device('Hallway motion'))!;
  const occupancy = !sensor.capabilities.motion;
  // Recorded history for the dry run: the sensor saw someone a moment ago.
  await motion(false);
  await motion(true);

  await page.setViewportSize(WIDE);
  await page.goto(`${hub.url}?token=${hub.token}`);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Automations' }).click();
  await page.getByRole('link', { name: 'New automation' }).click();
  await expect(page.getByRole('heading', { name: 'New automation' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Start from an idea' }).getByRole('link')).toHaveCount(6);

  const form = page.locator('form.editor__form');
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Hallway at night');
  await form
    .getByRole('combobox', { name: 'Mode', exact: true })
    .selectOption({ label: 'restart: a new trigger starts it over' });

  await form.getByRole('button', { name: 'Add trigger' }).click();
  await form.getByRole('combobox', { name: 'Trigger 1 device', exact: true }).selectOption({ label: 'Hallway motion — Hallway' });
  await expect(form.getByRole('combobox', { name: 'Trigger 1 capability', exact: true })).toHaveValue(
    occupancy ? 'occupancy' : 'motion',
  );
  await form
    .getByRole('combobox', { name: 'Trigger 1 becomes', exact: true })
    .selectOption({ label: occupancy ? 'someone' : 'motion' });

  await form
    .getByRole('combobox', { name: 'Kind of condition to add', exact: true })
    .selectOption({ label: 'Dark or light (sun)' });
  await form.getByRole('button', { name: 'Add condition' }).click();
  await expect(form.getByRole('combobox', { name: 'Condition 1 after', exact: true })).toHaveValue('sunset');

  await form.getByRole('button', { name: 'Add action' }).click();
  await form.getByRole('combobox', { name: 'Action 1 device', exact: true }).selectOption({ label: 'Hallway light — Hallway' });
  await form.getByRole('combobox', { name: 'Action 1 power', exact: true }).selectOption({ label: 'on' });
  await form.getByRole('spinbutton', { name: 'Action 1 brightness', exact: true }).fill('30');

  await form
    .getByRole('combobox', { name: 'Kind of action to add', exact: true })
    .selectOption({ label: 'Wait for something to happen' });
  await form.getByRole('button', { name: 'Add action' }).click();
  await form
    .getByRole('combobox', { name: 'Action 2 waits for device', exact: true })
    .selectOption({ label: 'Hallway motion — Hallway' });
  await form
    .getByRole('combobox', { name: 'Action 2 waits for becomes', exact: true })
    .selectOption({ label: occupancy ? 'nobody' : 'no motion' });
  await form.getByRole('spinbutton', { name: 'Action 2 waits for held for', exact: true }).fill('5');
  await form.getByRole('spinbutton', { name: 'Action 2 timeout', exact: true }).fill('');

  await form
    .getByRole('combobox', { name: 'Kind of action to add', exact: true })
    .selectOption({ label: 'Set a device, a room or a scene' });
  await form.getByRole('button', { name: 'Add action' }).click();
  await form.getByRole('combobox', { name: 'Action 3 device', exact: true }).selectOption({ label: 'Hallway light — Hallway' });
  await form.getByRole('combobox', { name: 'Action 3 power', exact: true }).selectOption({ label: 'off' });

  await expect(page.locator('.editor__sentence p')).toHaveText(
    occupancy
      ? 'When Hallway motion detects someone, and it is after sunset, turn on Hallway light at 30 % and turn it off 5 minutes after Hallway motion no longer detects anyone'
      : 'When Hallway motion detects motion, and it is after sunset, turn on Hallway light at 30 % and turn it off 5 minutes after the motion stops',
  );

  // The dry run replays the recorded history (the motion just reported included), sending nothing.
  await form.getByRole('button', { name: 'Try on the last 24 hours' }).click();
  const dry = page.getByRole('region', { name: 'Try it on the last 24 hours' });
  await expect(dry.getByRole('status')).toHaveText(/^Would have run (once|\d+ times): \d{1,2}:\d\d/);
  const dryRuns = dry.getByRole('list', { name: 'Dry run, in time order' }).locator(':scope > li[data-ran="true"]');
  await expect(dryRuns.first()).toContainText('Hallway light → on at 30 %');
  await shoot(page, 'automation-editor', [
    page.getByRole('group', { name: 'About' }),
    page.getByRole('group', { name: 'Action 2' }),
    dry.getByRole('status'),
  ]);

  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Hallway at night' })).toBeVisible();
  const saved = (await call<{ id: string; name: string }[]>('GET', 'automations')).body.find(
    (a) => a.name === 'Hallway at night',
  )!;
  expect(saved).toBeDefined();

  // The sensor sees someone: the light comes on at 30 % (the rule's priority is above the room's own lighting).
  await motion(false);
  await motion(true);
  await expect.poll(async () => (await device('Hallway light'))?.capabilities.power?.value, { timeout: 15_000 }).toBe(true);
  await expect.poll(async () => (await device('Hallway light'))?.capabilities.brightness?.value).toBe(30);

  // Its trace: the trigger with its values, the sun condition passed, the command confirmed.
  const runs = page.getByRole('list', { name: 'Runs, newest first' });
  const ran = runs.locator(':scope > li[data-ran="true"]').first();
  await expect(ran).toContainText(/^Ran at \d{1,2}:\d\d/, { timeout: 15_000 });
  await expect(ran).toContainText('Hallway motion');
  await expect(ran).toContainText(/ok .*sunset/i);
  await expect(ran.locator('li[data-ok="true"]', { hasText: 'Hallway light → on at 30 %' })).toBeVisible();
  await shoot(page, 'automation-trace-editor', [ran]);

  // Edit it again: the form reads back what was saved.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Edit “Hallway at night”' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Action 1 device', exact: true })).toHaveValue(
    (await device('Hallway light'))!.id,
  );

  // The timeline, home-wide.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Automations' }).click();
  await page.getByRole('link', { name: 'What happens next' }).click();
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
  await shoot(page, 'timeline-editor');
  expect(saved.id).toBeTruthy();
});

test('a “Good night” scene applied from its tile turns every light in it off', async ({ page }) => {
  await expect.poll(async () => (await devices()).filter((d) => d.kind === 'light').length).toBeGreaterThan(1);
  const lights = (await devices()).filter((d) => d.kind === 'light' && d.capabilities.power?.writable);
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
  await expect(scenes.getByRole('status')).toHaveText(`Good night: ${lights.length} devices done`, { timeout: 20_000 });
  // Each light, found as a person would on a long dashboard: by its name in the search box.
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  for (const light of lights) {
    await expect.poll(async () => (await device(light.name))?.capabilities.power?.value).toBe(false);
    await search.fill(light.name);
    await expect(page.getByRole('switch', { name: light.name, exact: true })).toHaveAttribute('aria-checked', 'false');
  }
  await search.fill('');

  // Its editor: a fade of 2 seconds, saved.
  await scenes.getByRole('link', { name: 'Edit scenes' }).click();
  const editor = page.getByRole('region', { name: 'Good night' });
  await editor.getByRole('spinbutton', { name: 'Good night transition', exact: true }).fill('2');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved “Good night”.');
  await expect
    .poll(async () => (await call<Scene[]>('GET', 'scenes')).body.find((s) => s.name === 'Good night')?.transitionS)
    .toBe(2);
  await shoot(page, 'scenes-editor');
});
