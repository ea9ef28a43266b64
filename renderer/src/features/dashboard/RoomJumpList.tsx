/** A row of room chips above the dashboard: one tap (or Enter) moves to that room's devices. */
import { memo, type MouseEvent } from 'react';
import { useRoomGroup, type RoomGroupProps } from '../../store/context';

/** The id of a room section's heading on the dashboard (the jump list's targets). */
export function roomHeadingId(groupKey: string): string {
  return `room-${groupKey ? Array.from(groupKey, (c) => c.charCodeAt(0).toString(36)).join('-') : 'unassigned'}`;
}

export function RoomJumpList({ groups, query, showHidden }: { groups: string[]; query: string; showHidden: boolean }) {
  return (
    <nav className="room-jump" aria-label="Jump to a room">
      <ul className="room-jump__list">
        {groups.map((key) => (
          <RoomChip key={key} groupKey={key} query={query} showHidden={showHidden} />
        ))}
      </ul>
    </nav>
  );
}

const RoomChip = memo(function RoomChip({ groupKey, query, showHidden }: RoomGroupProps) {
  const { title, ids } = useRoomGroup(groupKey, query, showHidden);
  if (ids.length === 0) return null;
  const id = roomHeadingId(groupKey);
  // A plain in-page link, handled here: the hash is the router's, and focus must follow the jump.
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    const heading = document.getElementById(id);
    if (!heading) return;
    event.preventDefault();
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  };
  return (
    <li>
      <a className="room-jump__chip" href={`#${id}`} onClick={jump}>
        {title}
        <span className="room-jump__count" aria-hidden="true">
          {ids.length}
        </span>
        <span className="visually-hidden">
          , {ids.length} {ids.length === 1 ? 'device' : 'devices'}
        </span>
      </a>
    </li>
  );
});
