/**
 * `npm run hub -- --demo --scenario office`: the virtual office's meeting rooms get their calendars by themselves —
 * over CalDAV from the office's radicale (installed on the machines the tests run on) — and a restart gives them
 * the new servers' addresses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from './hub';
import { tempDataDir } from './store/test-support';
import { silentLogger } from './util/logger';

const dir = tempDataDir();
const hubs: Hub[] = [];
afterAll(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  dir.remove();
});

async function officeHub(): Promise<Hub> {
  const hub = await startHub(
    { dataDir: dir.dir, embeddedBrokerPort: 0, demo: { scenario: 'office', speed: 1 } },
    { logger: silentLogger },
  );
  hubs.push(hub);
  return hub;
}

describe('the demo office’s calendars', () => {
  it('are attached to each meeting room and synced, again after a restart', async () => {
    let hub = await officeHub();
    const meetingRooms = () => hub.store!.rooms.list().filter((r) => r.kind === 'meeting');
    expect(meetingRooms().map((r) => r.name)).toEqual(['Meeting room Fjord', 'Meeting room Summit']);
    for (const room of meetingRooms())
      await expect
        .poll(() => hub.calendars.status(room.id), { timeout: 20_000 })
        .toMatchObject({ source: 'caldav', status: 'ok', hasCredentials: true });
    const firstUrl = hub.calendars.status(meetingRooms()[0]!.id)!.url;

    await hub.stop();
    hubs.splice(hubs.indexOf(hub), 1);
    hub = await officeHub();
    const room = meetingRooms()[0]!;
    await expect.poll(() => hub.calendars.status(room.id), { timeout: 20_000 }).toMatchObject({ status: 'ok', source: 'caldav' });
    expect(hub.calendars.status(room.id)!.url).not.toBe(firstUrl); // the new radicale, not the stopped one
  }, 90_000);
});
