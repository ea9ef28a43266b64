/** What happened and why: the hub's logbook, filtered by period, room and device, live. */
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cleanText, describeCause, type LogbookEntry } from '../../../../core/model';
import { useClock, useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { deviceName, roomNames } from '../../store/search';
import { Spinner } from '../../ui/Spinner';

const PERIODS = [
  { value: '1h', label: 'Last hour', ms: 3600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
type Period = (typeof PERIODS)[number]['value'];

export type Filters = { period: Period; room: string; device: string };

function matches(entry: LogbookEntry, f: Filters, from: number): boolean {
  return entry.at >= from && (!f.room || entry.roomId === f.room) && (!f.device || entry.deviceId === f.device);
}

/** The filters are the view's address (`/logbook?period=…&room=…&device=…`) when the router passes them in. */
export function LogbookView({
  now = Date.now,
  filters: given,
  onFiltersChange,
}: {
  now?: () => number;
  filters?: Filters;
  onFiltersChange?(filters: Filters): void;
}) {
  const store = useHubStoreApi();
  const clock = useClock();
  const rooms = useHub((s) => s.rooms);
  // Ids in name order, compared item by item: a device's state changing does not re-render the logbook.
  const deviceIds = useHub(
    useShallow((s) =>
      Object.values(s.devices)
        .sort((a, b) => deviceName(a).localeCompare(deviceName(b), undefined, { sensitivity: 'base', numeric: true }))
        .map((d) => d.id),
    ),
  );
  const [own, setOwn] = useState<Filters>({ period: '24h', room: '', device: '' });
  const filters = given ?? own;
  const setFilters = onFiltersChange ?? setOwn;
  const [state, setState] = useState<{ key: string; entries: LogbookEntry[] } | { key: string; error: string } | null>(null);
  const ids = { period: useId(), room: useId(), device: useId() };
  const key = `${filters.period}|${filters.room}|${filters.device}`;

  useEffect(() => {
    let cancelled = false;
    const from = now() - (PERIODS.find((p) => p.value === filters.period)?.ms ?? 86_400_000);
    const live: LogbookEntry[] = [];
    let loaded = false;
    const off = store.client.on('logbookEntry', (entry) => {
      if (!matches(entry, filters, from)) return;
      if (!loaded) live.push(entry);
      else
        setState((s) =>
          s && 'entries' in s && s.key === key && !s.entries.some((e) => e.id === entry.id)
            ? { key, entries: [entry, ...s.entries] }
            : s,
        );
    });
    store.client
      .call('getLogbook', {
        from,
        ...(filters.room ? { room: filters.room } : {}),
        ...(filters.device ? { device: filters.device } : {}),
        limit: 1000,
      })
      .then((entries) => {
        if (cancelled) return;
        loaded = true;
        const seen = new Set(entries.map((e) => e.id));
        setState({ key, entries: [...live.filter((e) => !seen.has(e.id)).reverse(), ...entries] });
      })
      .catch((error: unknown) => !cancelled && setState({ key, error: failureMessage(error) }));
    return () => {
      cancelled = true;
      off();
    };
  }, [store, filters, key, now]);

  const names = useMemo(() => roomNames(rooms), [rooms]);
  const days = useMemo(() => (state && 'entries' in state ? groupByDay(state.entries) : []), [state]);

  return (
    <section className="page" aria-labelledby="logbook-title">
      <header className="page__head">
        <h2 id="logbook-title">Logbook</h2>
        <p className="page__lead">What happened, and who or what made it happen.</p>
      </header>
      <div className="filters" role="group" aria-label="Filter the logbook">
        <label htmlFor={ids.period}>Period</label>
        <select
          id={ids.period}
          className="input"
          value={filters.period}
          onChange={(e) => setFilters({ ...filters, period: e.target.value as Period })}
        >
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.room}>Room</label>
        <select
          id={ids.room}
          className="input"
          value={filters.room}
          onChange={(e) => setFilters({ ...filters, room: e.target.value })}
        >
          <option value="">All rooms</option>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {cleanText(r.name, 100)}
            </option>
          ))}
        </select>
        <label htmlFor={ids.device}>Device</label>
        <select
          id={ids.device}
          className="input"
          value={filters.device}
          onChange={(e) => setFilters({ ...filters, device: e.target.value })}
        >
          <option value="">All devices</option>
          {deviceIds.map((id) => (
            <DeviceOption key={id} id={id} />
          ))}
        </select>
      </div>
      {!state || state.key !== key ? (
        <Spinner label="Loading the logbook" />
      ) : 'error' in state ? (
        <p role="alert">Could not load the logbook: {state.error}</p>
      ) : state.entries.length === 0 ? (
        <p className="page__empty" role="status">
          Nothing happened in this period{filters.room || filters.device ? ' that matches the filters' : ''}.
        </p>
      ) : (
        days.map((day) => (
          <section key={day.key} className="logbook__day" aria-label={day.title}>
            <h3 className="logbook__date">{day.title}</h3>
            <ol className="logbook">
              {day.entries.map((entry) => (
                <li key={entry.id} className="logbook__entry" data-cause={entry.cause.kind}>
                  <time className="logbook__time" dateTime={new Date(entry.at).toISOString()}>
                    {clock.timeWithSeconds(entry.at)}
                  </time>
                  <span className="logbook__message">{cleanText(entry.message, 500)}</span>
                  <span className="logbook__cause">{cleanText(describeCause(entry.cause), 200)}</span>
                  {entry.roomId ? (
                    <span className="logbook__room">{names.get(entry.roomId) ?? cleanText(entry.roomId)}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
    </section>
  );
}

function DeviceOption({ id }: { id: string }) {
  const name = useHub((s) => (s.devices[id] ? deviceName(s.devices[id]) : cleanText(id)));
  return <option value={id}>{name}</option>;
}

function groupByDay(entries: readonly LogbookEntry[]): { key: string; title: string; entries: LogbookEntry[] }[] {
  const out: { key: string; title: string; entries: LogbookEntry[] }[] = [];
  const today = new Date().toDateString();
  const yesterday = new Date(Date.now() - 86_400_000).toDateString();
  for (const entry of entries) {
    const date = new Date(entry.at);
    const key = date.toDateString();
    let day = out.at(-1);
    if (!day || day.key !== key) {
      const title =
        key === today
          ? 'Today'
          : key === yesterday
            ? 'Yesterday'
            : date.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
      out.push((day = { key, title, entries: [] }));
    }
    day.entries.push(entry);
  }
  return out;
}
