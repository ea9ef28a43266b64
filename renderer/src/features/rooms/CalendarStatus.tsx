/**
 * A meeting room's calendar on its room page: one status line ("12 bookings, last synced 14:02." or why the calendar
 * could not be read, with the bookings kept), kept live by the hub's `calendarStatus` events, and the "Calendar"
 * block that sets the source — an ICS URL, an uploaded .ics file, or a CalDAV calendar with username and password
 * (sent to the hub, kept there encrypted, never shown again) — and how often it is read.
 */
import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, ApiErrorBody, type MethodRequest } from '../../../../core/api/contract';
import {
  CalendarStatus as CalendarStatusSchema,
  calendarStatusText,
  DEFAULT_CALENDAR_POLL_SECONDS,
  MAX_CALENDAR_BYTES,
  type CalendarSource,
  type CalendarStatus as Status,
} from '../../../../core/model';
import { useClock, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { NumberField, SelectField, TextField } from '../../ui/fields';

type Load = { status: Status | null } | { error: string } | null;

/** The hub's WebSocket takes frames up to 64 KiB: a larger file goes to the same method over REST (session cookie). */
const WS_FRAME_BYTES = 60 * 1024;

async function putOverRest(request: MethodRequest<'setRoomCalendar'>): Promise<Status> {
  const { roomId, ...body } = request;
  const response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/calendar`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ApiErrorBody.safeParse(json);
    throw error.success ? new ApiError(error.data.code, error.data.message) : new ApiError('internal', 'Request failed');
  }
  return CalendarStatusSchema.parse(json);
}

/** The room's calendar status from the hub, live. `null` status: the room has no calendar. */
export function useRoomCalendar(roomId: string): [Load, (status: Status | null) => void] {
  const client = useHubStoreApi().client;
  const [load, setLoad] = useState<Load>(null);
  useEffect(() => {
    let cancelled = false;
    client.call('getRoomCalendar', { roomId }).then(
      (status) => !cancelled && setLoad({ status }),
      (error: unknown) =>
        !cancelled &&
        setLoad(error instanceof ApiError && error.code === 'not_found' ? { status: null } : { error: failureMessage(error) }),
    );
    const off = client.on('calendarStatus', (status) => {
      if (status.roomId === roomId) setLoad({ status });
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [client, roomId]);
  return [load, (status) => setLoad({ status })];
}

/** The one line that says how the room's calendar is doing. */
export function CalendarStatusLine({ status }: { status: Status }) {
  const clock = useClock();
  return (
    <p className={`calendar-status calendar-status--${status.status}`} role="status">
      {calendarStatusText(status, (ms) => clock.time(ms))}
      {status.skipped > 0
        ? ` ${status.skipped} ${status.skipped === 1 ? 'event was' : 'events were'} skipped: ${status.skippedReason ?? ''}.`
        : ''}
    </p>
  );
}

const SOURCES = [
  ['none', 'No calendar'],
  ['ics-url', 'ICS address (URL)'],
  ['ics-file', 'Uploaded .ics file'],
  ['caldav', 'CalDAV calendar'],
] as const satisfies readonly (readonly [CalendarSource | 'none', string])[];

/** The room page's "Calendar" card: status, and the form that sets the source. */
export function RoomCalendar({ roomId, roomName }: { roomId: string; roomName: string }) {
  const client = useHubStoreApi().client;
  const [load, setLoaded] = useRoomCalendar(roomId);
  const status = load && 'status' in load ? load.status : null;
  const [source, setSource] = useState<CalendarSource | 'none' | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [ics, setIcs] = useState<{ name: string; text: string } | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [poll, setPoll] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();

  const chosen = source ?? status?.source ?? 'none';
  const urlText = url ?? status?.url ?? '';
  const pollText = poll ?? String(status?.pollSeconds ?? DEFAULT_CALENDAR_POLL_SECONDS);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_CALENDAR_BYTES) return setError(`${file.name} is larger than 10 MB`);
    setIcs({ name: file.name, text: await file.text() });
    setError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (chosen === 'none') {
        await client.call('deleteRoomCalendar', { roomId });
        setLoaded(null);
      } else {
        const pollSeconds = Number(pollText);
        const credentials = chosen === 'caldav' && (username || password) ? { username, password } : {};
        const request: MethodRequest<'setRoomCalendar'> = {
          roomId,
          source: chosen,
          ...(chosen === 'ics-file' ? (ics ? { ics: ics.text } : {}) : { url: urlText.trim() }),
          ...credentials,
          ...(Number.isFinite(pollSeconds) && pollText.trim() ? { pollSeconds } : {}),
        };
        const large = (request.ics?.length ?? 0) * 3 > WS_FRAME_BYTES; // UTF-8 is at most 3 bytes per UTF-16 unit
        const next = large && !window.homeroom ? await putOverRest(request) : await client.call('setRoomCalendar', request);
        setLoaded(next);
      }
      setSource(null);
      setUrl(null);
      setPoll(null);
      setPassword('');
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const syncNow = async () => {
    setBusy(true);
    try {
      setLoaded(await client.call('syncRoomCalendar', { roomId }));
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card room-card room-calendar" aria-labelledby={`${fileId}-title`}>
      <h3 id={`${fileId}-title`}>Calendar</h3>
      {load === null ? (
        <p className="calendar-status">Loading the calendar…</p>
      ) : 'error' in load ? (
        <p className="form-error">{load.error}</p>
      ) : status ? (
        <CalendarStatusLine status={status} />
      ) : (
        <p className="calendar-status">{roomName} has no calendar: it is never booked.</p>
      )}
      <form className="room-calendar__form" onSubmit={(e) => void save(e)} aria-label={`${roomName} calendar`}>
        <SelectField label="Source" value={chosen} options={SOURCES} onChange={(v) => setSource(v)} />
        {chosen === 'ics-url' || chosen === 'caldav' ? (
          <TextField
            label={chosen === 'caldav' ? 'CalDAV calendar URL' : 'Calendar URL'}
            value={urlText}
            onChange={setUrl}
            placeholder={chosen === 'caldav' ? 'https://dav.example.com/rooms/fjord/' : 'https://example.com/fjord.ics'}
            hint={chosen === 'caldav' ? 'The calendar collection’s own address' : 'http:// or https://'}
          />
        ) : null}
        {chosen === 'ics-file' ? (
          <div className="ui-field">
            <label htmlFor={fileId}>Calendar file (.ics)</label>
            <input id={fileId} type="file" accept=".ics,text/calendar" onChange={(e) => void onFile(e)} />
            <p className="ui-field__note ui-field__hint">{ics ? `${ics.name} is ready to save` : 'Up to 10 MB'}</p>
          </div>
        ) : null}
        {chosen === 'caldav' ? (
          <>
            <TextField label="Username" value={username} onChange={setUsername} autoComplete="off" />
            <div className="ui-field">
              <label htmlFor={`${fileId}-password`}>Password</label>
              <input
                id={`${fileId}-password`}
                className="input"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <p className="ui-field__note ui-field__hint">
                {status?.hasCredentials ? 'Stored on the hub; leave both empty to keep them' : 'Kept encrypted on the hub'}
              </p>
            </div>
          </>
        ) : null}
        {chosen === 'ics-url' || chosen === 'caldav' ? (
          <NumberField label="Read every (seconds)" value={pollText} onChange={setPoll} min={15} hint="Default 60" />
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="room-calendar__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {chosen === 'none' ? 'Remove calendar' : 'Save calendar'}
          </button>
          {status ? (
            <button type="button" className="button" disabled={busy} onClick={() => void syncNow()}>
              Sync now
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
