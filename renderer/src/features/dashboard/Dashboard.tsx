import { memo, useDeferredValue, useState } from 'react';
import { useHub, useRoomGroup, useRoomGroupKeys, type RoomGroupProps } from '../../store/context';
import { may } from '../../store/hub-store';
import { Spinner } from '../../ui/Spinner';
import { ScenesRow } from '../scenes/ScenesRow';
import { DeviceTile } from '../tiles/DeviceTile';
import { EmptyState } from './EmptyState';
import { ExploreDemo } from './ExploreDemo';
import { roomHeadingId, RoomJumpList } from './RoomJumpList';

export function Dashboard({ query }: { query: string }) {
  const deferred = useDeferredValue(query);
  const [showHidden, setShowHidden] = useState(false);
  const groups = useRoomGroupKeys(deferred, showHidden);
  const hidden = useHub((s) => Object.values(s.devices).filter((d) => d.hidden).length);
  const loaded = useHub((s) => s.loaded);
  const loadError = useHub((s) => s.loadError);
  const total = useHub((s) => Object.keys(s.devices).length);
  // Scenes and the virtual home are a member's and an admin's (a guest sees only its room's devices).
  const scenes = useHub((s) => may(s.me, 'listScenes'));
  const demo = useHub((s) => may(s.me, 'startDemo'));

  if (!loaded) {
    return (
      <div className="loading">
        {loadError ? <p role="alert">Could not load devices: {loadError}</p> : <Spinner label="Loading devices" />}
      </div>
    );
  }
  if (total === 0) return <EmptyState actions={demo ? <ExploreDemo /> : null} />;
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
      {groups.length > 1 ? <RoomJumpList groups={groups} query={deferred} showHidden={showHidden} /> : null}
      {groups.map((key) => (
        <RoomSection key={key} groupKey={key} query={deferred} showHidden={showHidden} />
      ))}
      {hiddenToggle}
    </div>
  );
}

/** One room's heading and tiles; re-renders when its title or its devices change, never for a device's state. */
export const RoomSection = memo(function RoomSection({ groupKey, query, showHidden }: RoomGroupProps) {
  const { title, ids } = useRoomGroup(groupKey, query, showHidden);
  if (ids.length === 0) return null;
  return (
    <section className="room" aria-labelledby={roomHeadingId(groupKey)}>
      {/* Focusable so the jump list can move focus here. */}
      <h2 className="room__title" id={roomHeadingId(groupKey)} tabIndex={-1}>
        {title}
        <span className="room__count">{ids.length}</span>
      </h2>
      <div className="room__grid">
        {ids.map((id) => (
          <DeviceTile key={id} id={id} />
        ))}
      </div>
    </section>
  );
});
