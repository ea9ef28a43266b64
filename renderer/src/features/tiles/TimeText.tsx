/** Times that tick: only these small components subscribe to the shared clock, not whole tiles. */
import { formatClock, formatRelative } from './format';
import { useNow } from './use-now';

export function ClockTime({ at }: { at: number }) {
  const now = useNow();
  return <time dateTime={new Date(at).toISOString()}>{formatClock(at, now)}</time>;
}

export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} title={new Date(at).toLocaleString()}>
      {formatRelative(at, now)}
    </time>
  );
}
