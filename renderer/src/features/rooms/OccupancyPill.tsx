import type { RoomStatus } from '../../../../core/model';
import { useClock } from '../../store/context';

const WORDS = { occupied: 'Occupied', leaving: 'Clearing', vacant: 'Vacant' } as const;
const TONE = { occupied: 'good', leaving: 'warn', vacant: 'neutral' } as const;

/** "Occupied · Living room motion · since 19:02" as one accessible status. */
export function OccupancyPill({ status }: { status: RoomStatus }) {
  const o = status.occupancy;
  const clock = useClock();
  const label = `${WORDS[o.state]}${o.source && o.state !== 'vacant' ? ` by ${o.source.name}` : ''} since ${clock.time(o.since)}${o.paused ? ', automations paused' : ''}`;
  return (
    <span
      className={`ui-badge ui-badge--${o.paused ? 'info' : TONE[o.state]} occupancy-pill`}
      role="status"
      aria-label={label}
      title={label}
    >
      {WORDS[o.state]}
      {o.paused ? ' · paused' : ''}
    </span>
  );
}
