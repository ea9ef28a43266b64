import { expect, test } from '@playwright/test';
import { tileInRoom } from './support/dashboard';
import { startMpd, type TestMpd } from '../core/test-support/mpd';
import { api, openDashboard } from './support/hub';

// A real MPD server (Debian's mpd, null audio output, generated tones), added by address.
let mpd: TestMpd;
test.beforeAll(async () => {
  mpd = await startMpd();
  const found = await api<{ id: string }>('discovery/manual', {
    method: 'POST',
    body: JSON.stringify({ host: '127.0.0.1', port: mpd.port, integration: 'mpd' }),
  });
  expect(found.status).toBe(200);
  const added = await api(`discovery/${encodeURIComponent(found.body.id)}/add`, {
    method: 'POST',
    body: JSON.stringify({ name: 'Kitchen speaker' }),
  });
  expect(added.status).toBe(201);
});
test.afterAll(async () => {
  await mpd?.stop();
});

test('a speaker tile shows the track; pausing it pauses the real MPD; the server’s volume moves the slider', async ({ page }) => {
  await mpd.send('play "0"');
  await openDashboard(page);
  const tile = await tileInRoom(page, 'Kitchen', 'Kitchen speaker');
  await expect(tile).toContainText('Morning Tone');
  await expect(tile).toContainText('Test Signals');

  await tile.getByRole('button', { name: 'Pause' }).click();
  await expect(tile.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(async () => /state: (\w+)/.exec((await mpd.send('status')).flat().join('\n'))?.[1]).toBe('pause');

  await mpd.send('setvol "72"');
  await expect(tile.getByRole('slider', { name: 'Kitchen speaker volume' })).toHaveAttribute('aria-valuenow', '72');
});
