// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type MethodRequest } from '../../../../core/api/contract';
import type { CalendarStatus } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { RoomCalendar } from './CalendarStatus';

afterEach(cleanup);

const synced = Date.UTC(2026, 11, 1, 13, 2);
function status(patch: Partial<CalendarStatus> = {}): CalendarStatus {
  return {
    roomId: 'fjord',
    source: 'ics-url',
    url: 'https://example.com/fjord.ics',
    status: 'ok',
    lastSyncAt: new Date(synced).toISOString(),
    lastAttemptAt: new Date(synced).toISOString(),
    pollSeconds: 60,
    events: 12,
    hasCredentials: false,
    skipped: 0,
    ...patch,
  };
}

function setup(client: FakeClient) {
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  render(
    <HubStoreProvider store={store}>
      <RoomCalendar roomId="fjord" roomName="Fjord" />
    </HubStoreProvider>,
  );
}

describe('RoomCalendar', () => {
  it('says how the calendar is doing, and follows the hub’s status events', async () => {
    const client = new FakeClient();
    client.auto.getRoomCalendar = () => status();
    setup(client);
    expect((await screen.findByRole('status')).textContent).toMatch(/^12 bookings, last synced \d{1,2}:\d\d( [AP]M)?\.$/);
    client.emit(
      'calendarStatus',
      status({ status: 'error', problem: 'unauthorized', error: 'dav.example.com refused the username or password (401)' }),
    );
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /^dav\.example\.com refused the username or password \(401\)\. Showing the bookings from \d{1,2}:\d\d( [AP]M)?\.$/,
      ),
    );
    // Another room's status is not this room's.
    client.emit('calendarStatus', status({ roomId: 'summit', events: 1 }));
    expect(screen.getByRole('status').textContent).toMatch(/refused/);
  });

  it('sets a CalDAV calendar with its username and password, and forgets the password it typed', async () => {
    const client = new FakeClient();
    client.auto.getRoomCalendar = () => {
      throw new ApiError('not_found', 'The room "fjord" has no calendar');
    };
    const sent: MethodRequest<'setRoomCalendar'>[] = [];
    client.auto.setRoomCalendar = (request) => {
      sent.push(request);
      return status({ source: 'caldav', url: request.url ?? null, hasCredentials: true, events: 3 });
    };
    setup(client);
    await screen.findByText('Fjord has no calendar: it is never booked.');
    fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'caldav' } });
    fireEvent.change(screen.getByLabelText('CalDAV calendar URL'), { target: { value: ' https://dav.example.com/fjord/ ' } });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'fjord' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'hunter2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));
    await screen.findByText(/^3 bookings/);
    expect(sent).toEqual([
      {
        roomId: 'fjord',
        source: 'caldav',
        url: 'https://dav.example.com/fjord/',
        username: 'fjord',
        password: 'hunter2',
        pollSeconds: 60,
      },
    ]);
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    screen.getByText('Stored on the hub; leave both empty to keep them');
  });

  it('shows the hub’s refusal next to the form', async () => {
    const client = new FakeClient();
    client.auto.getRoomCalendar = () => status();
    client.auto.setRoomCalendar = () => {
      throw new ApiError('invalid', 'Invalid setRoomCalendar request: url: must be an http:// or https:// address, not ftp:');
    };
    setup(client);
    fireEvent.change(await screen.findByLabelText('Calendar URL'), { target: { value: 'ftp://example.com/x.ics' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('must be an http:// or https:// address, not ftp:');
  });
});
