/** A row of room chips above the dashboard: one tap (or Enter) moves to that room's devices. */
import { memo, type MouseEvent } from 'react';
import type { RoomGroup } from '../../store/search';

/** The id of a room section's heading on the dashboard (the jump list's targets). */
export function roomHeadingId(groupKey: string): string {
  return `room-${groupKey ? Array.from(groupKey, (c) => c.charCodeAt(0).toString(36)).join('-') : 'unassigned'}`;
}

/**
 * `onJump` scrolls the (virtualized) list to the room and focuses its heading, which may not be in
 * the DOM until then; without it, the link's own heading is used.
 */
export function RoomJumpList({ groups, onJump }: { groups: readonly RoomGroup[]; onJump?: (key: string) => void }) {
  return (
    <nav className="room-jump" aria-label="Jump to a room">
      <ul className="room-jump__list">
        {groups.map((group) => (
          <RoomChip key={group.key} groupKey={group.key} title={group.title} count={group.ids.length} onJump={onJump} />
        ))}
      </ul>
    </nav>
  );
}

const RoomChip = memo(function RoomChip({
  groupKey,
  title,
  count,
  onJump,
}: {
  groupKey: string;
  title: string;
  count: number;
  onJump: ((key: string) => void) | undefined;
}) {
  const id = roomHeadingId(groupKey);
  // A plain in-page link, handled here: the hash is the router's, and focus must follow the jump.
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (onJump) return onJump(groupKey);
    const heading = document.getElementById(id);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  };
  return (
    <li>
      <a className="room-jump__chip" href={`#${id}`} onClick={jump}>
        {title}
        <span className="room-jump__count" aria-hidden="true">
          {count}
        </span>
        <span className="visually-hidden">
          , {count} {count === 1 ? 'device' : 'devices'}
        </span>
      </a>
    </li>
  );
});
