/** Times that tick: only these small components subscribe to the shared clock, not whole tiles. */
import { useClock } from '../../store/context';
import { formatRelative } from './format';
import { useNow } from './use-now';

export function ClockTime({ at }: { at: number }) {
  const now = useNow();
  const clock = useClock();
  return <time dateTime={new Date(at).toISOString()}>{clock.withDay(at, now)}</time>;
}

export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  const clock = useClock();
  return (
    <time dateTime={new Date(at).toISOString()} title={`${new Date(at).toLocaleDateString()} ${clock.time(at)}`}>
      {formatRelative(at, now)}
    </time>
  );
}
