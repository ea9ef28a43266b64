import { useEffect, useState } from 'react';
import type { LogbookEntry } from '../../../../core/model';
import { useClock, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { formatMinutes, occupancySegments, occupiedMinutes } from './occupancy-history';

const WINDOW_MS = 12 * 3600_000;

/**
 * The last 12 hours of the room at a glance: when it counted as occupied. Set against what
 * really happened, it shows whether the vacancy timeout is too short or too long.
 */
export function OccupancyStrip({
  roomId,
  roomName,
  occupied,
  now,
}: {
  roomId: string;
  roomName: string;
  occupied: boolean;
  now: number;
}) {
  const { client } = useHubStoreApi();
  const clock = useClock();
  const [entries, setEntries] = useState<LogbookEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const from = now - WINDOW_MS;
  useEffect(() => {
    let cancelled = false;
    client
      .call('getLogbook', { room: roomId, from, limit: 1000 })
      .then((result) => !cancelled && setEntries(result))
      .catch((e: unknown) => !cancelled && setError(failureMessage(e)));
    return () => {
      cancelled = true;
    };
    // Refresh when the room changes state (and with the 30 s clock), not on every render.
  }, [client, roomId, from, occupied]);

  if (error) return <p className="form-error">{error}</p>;
  if (!entries) return null;
  const segments = occupancySegments(entries, roomName, from, now, occupied);
  const minutes = occupiedMinutes(segments);
  const periods = segments.filter((s) => s.occupied).length;
  const summary =
    periods === 0
      ? 'Not occupied in the last 12 hours'
      : `Occupied ${periods === 1 ? 'once' : `${periods} times`} in the last 12 hours, ${formatMinutes(minutes)} in all`;
  return (
    <figure className="occupancy-strip">
      <div className="occupancy-strip__bar" role="img" aria-label={summary}>
        {segments.map((s) => (
          <span
            key={s.from}
            className={s.occupied ? 'occupancy-strip__on' : 'occupancy-strip__off'}
            style={{ left: `${((s.from - from) / WINDOW_MS) * 100}%`, width: `${((s.to - s.from) / WINDOW_MS) * 100}%` }}
            title={`${s.occupied ? 'Occupied' : 'Vacant'} ${clock.time(s.from)}–${clock.time(s.to)}`}
          />
        ))}
      </div>
      <div className="occupancy-strip__axis" aria-hidden="true">
        <span>{clock.time(from)}</span>
        <span>now</span>
      </div>
      <figcaption className="occupancy-strip__summary">{summary}</figcaption>
    </figure>
  );
}
