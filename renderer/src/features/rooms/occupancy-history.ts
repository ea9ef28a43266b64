import type { LogbookEntry } from '../../../../core/model';

export type OccupancySegment = { from: number; to: number; occupied: boolean };

/**
 * The room's occupied/vacant periods over [from, to], from the logbook lines the room
 * automations write ("Kitchen occupied (Kitchen motion)", "Kitchen vacant"; rule "Occupancy").
 * Before the first line in the window the room was in the opposite state of that line.
 */
export function occupancySegments(
  entries: readonly LogbookEntry[],
  roomName: string,
  from: number,
  to: number,
  nowOccupied: boolean,
): OccupancySegment[] {
  const changes = entries
    .filter((e) => e.cause.kind === 'automation' && e.cause.rule === 'Occupancy' && e.at >= from && e.at <= to)
    .map((e) => ({ at: e.at, occupied: e.message.startsWith(`${roomName} occupied`) }))
    .sort((a, b) => a.at - b.at);
  const segments: OccupancySegment[] = [];
  let state = changes.length > 0 ? !changes[0]!.occupied : nowOccupied;
  let start = from;
  for (const change of changes) {
    if (change.occupied === state) continue;
    if (change.at > start) segments.push({ from: start, to: change.at, occupied: state });
    state = change.occupied;
    start = change.at;
  }
  if (to > start) segments.push({ from: start, to, occupied: state });
  return segments;
}

export function occupiedMinutes(segments: readonly OccupancySegment[]): number {
  return Math.round(segments.filter((s) => s.occupied).reduce((sum, s) => sum + (s.to - s.from), 0) / 60_000);
}

/** "35 min", "2 h 10 min". */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
