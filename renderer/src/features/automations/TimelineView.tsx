/**
 * What happens next in the home, soonest first: automations' time and sun triggers, sleeping runs, and the
 * rooms' planned changes (from getTimeline). `roomId` narrows it to one room (the room page's short list).
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { TimelineEntry } from '../../../../core/api/contract-automations';
import { paths } from '../../routes/paths';
import { useClock, useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { Spinner } from '../../ui/Spinner';
import './automations.css';

type Load = { entries: TimelineEntry[] } | { error: string } | null;

export function useTimeline(hours = 24): Load {
  const client = useHubStoreApi().client;
  const [load, setLoad] = useState<Load>(null);
  useEffect(() => {
    let cancelled = false;
    const fetch = () =>
      client
        .call('getTimeline', { hours })
        .then((entries) => !cancelled && setLoad({ entries: [...entries].sort((a, b) => a.at - b.at) }))
        .catch((error: unknown) => !cancelled && setLoad({ error: failureMessage(error) }));
    void fetch();
    // A changed automation changes what comes next (room plans are read again on the next visit).
    const off = client.on('automationsChanged', () => void fetch());
    return () => {
      cancelled = true;
      off();
    };
  }, [client, hours]);
  return load;
}

export function TimelineList({ load, roomId, now = Date.now }: { load: Load; roomId?: string; now?: () => number }) {
  const clock = useClock();
  const rooms = useHub((s) => s.rooms);
  if (load === null) return <Spinner label="Loading what happens next" />;
  if ('error' in load) return <p role="alert">Could not load what happens next: {load.error}</p>;
  const entries = roomId ? load.entries.filter((e) => e.roomId === roomId) : load.entries;
  if (entries.length === 0) return <p className="page__empty">Nothing planned in the next 24 hours.</p>;
  const at = now();
  return (
    <ol className="timeline" aria-label="Next 24 hours">
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`} className="timeline__entry">
          <time className="timeline__time" dateTime={new Date(e.at).toISOString()}>
            {clock.withDay(e.at, at)}
          </time>
          <span className="timeline__text">
            {/* The rooms' plans do not name their room; the home-wide list does (not on a room's own page). */}
            {e.roomId && !roomId ? (
              <span className="timeline__room">{rooms.find((r) => r.id === e.roomId)?.name ?? e.roomId}: </span>
            ) : null}
            {e.automationId ? <Link to={paths.automation(e.automationId)}>{e.text}</Link> : e.text}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function TimelineView({ now }: { now?: () => number }) {
  const load = useTimeline();
  return (
    <section className="page" aria-labelledby="timeline-title">
      <header className="page__head">
        <h2 id="timeline-title">What happens next</h2>
        <p className="page__lead">The next 24 hours in the home, soonest first.</p>
        <p>
          <Link to={paths.automations()}>Automations</Link>
        </p>
      </header>
      <TimelineList load={load} now={now} />
    </section>
  );
}
