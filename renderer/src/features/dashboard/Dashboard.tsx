import { memo, useCallback, useDeferredValue, useState } from 'react';
import { useDeviceIndex, useHub, useRoomGroup, useRoomGroups, type RoomGroupProps } from '../../store/context';
import { may } from '../../store/hub-store';
import { Spinner } from '../../ui/Spinner';
import { ScenesRow } from '../scenes/ScenesRow';
import { DeviceTile } from '../tiles/DeviceTile';
import { EmptyState } from './EmptyState';
import { ExploreDemo } from './ExploreDemo';
import { RoomList, type RoomListHandle } from './RoomList';
import { roomHeadingId, RoomJumpList } from './RoomJumpList';

export function Dashboard({ query }: { query: string }) {
  const deferred = useDeferredValue(query);
  const [showHidden, setShowHidden] = useState(false);
  const groups = useRoomGroups(deferred, showHidden);
  const { entries, hidden } = useDeviceIndex();
  const loaded = useHub((s) => s.loaded);
  const loadError = useHub((s) => s.loadError);
  // Scenes and the virtual home are a member's and an admin's (a guest sees only its room's devices).
  const scenes = useHub((s) => may(s.me, 'listScenes'));
  const demo = useHub((s) => may(s.me, 'startDemo'));
  const [list, setList] = useState<RoomListHandle | null>(null);
  const jump = useCallback((key: string) => list?.jumpTo(key), [list]);

  if (!loaded) {
    return (
      <div className="loading">
        {loadError ? <p role="alert">Could not load devices: {loadError}</p> : <Spinner label="Loading devices" />}
      </div>
    );
  }
  if (entries.length === 0) return <EmptyState actions={demo ? <ExploreDemo /> : null} />;
  const hiddenToggle = hidden ? (
    <button
      type="button"
      className="link-button rooms__hidden"
      aria-pressed={showHidden}
      onClick={() => setShowHidden((v) => !v)}
    >
      {showHidden ? 'Leave out hidden devices' : `Show ${hidden} hidden ${hidden === 1 ? 'device' : 'devices'}`}
    </button>
  ) : null;
  if (groups.length === 0) {
    return (
      <>
        <p className="no-results" role="status">
          {query ? <>No devices match “{query}”.</> : 'Every device is hidden.'}
        </p>
        {hiddenToggle}
      </>
    );
  }
  return (
    <div className="rooms">
      {/* Scenes are for the whole home: shown when not searching for a device. */}
      {deferred || !scenes ? null : <ScenesRow />}
      {groups.length > 1 ? <RoomJumpList groups={groups} onJump={jump} /> : null}
      <RoomList ref={setList} groups={groups} />
      {hiddenToggle}
    </div>
  );
}

/**
 * One room's heading and all its tiles, not virtualized (a room's own page, tests); the dashboard
 * shows rooms through `RoomList`. Re-renders when its title or its devices change, never for a
 * device's state.
 */
export const RoomSection = memo(function RoomSection({ groupKey, query, showHidden }: RoomGroupProps) {
  const { title, ids } = useRoomGroup(groupKey, query, showHidden);
  if (ids.length === 0) return null;
  return (
    <section className="room" aria-labelledby={roomHeadingId(groupKey)}>
      <h2 className="room__title" id={roomHeadingId(groupKey)} tabIndex={-1}>
        {title}
        <span className="room__count">{ids.length}</span>
      </h2>
      <div className="room__grid">
        {ids.map((id, i) => (
          <DeviceTile key={id} id={id} position={i + 1} setSize={ids.length} />
        ))}
      </div>
    </section>
  );
});
