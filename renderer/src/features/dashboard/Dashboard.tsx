import { useDeferredValue } from 'react';
import { useHub, useRoomGroups } from '../../store/context';
import { Spinner } from '../../ui/Spinner';
import { DeviceTile } from '../tiles/DeviceTile';
import { EmptyState } from './EmptyState';
import { ExploreDemo } from './ExploreDemo';

export function Dashboard({ query }: { query: string }) {
  const deferred = useDeferredValue(query);
  const groups = useRoomGroups(deferred);
  const loaded = useHub((s) => s.loaded);
  const loadError = useHub((s) => s.loadError);
  const total = useHub((s) => Object.keys(s.devices).length);

  if (!loaded) {
    return (
      <div className="loading">
        {loadError ? <p role="alert">Could not load devices: {loadError}</p> : <Spinner label="Loading devices" />}
      </div>
    );
  }
  if (total === 0) return <EmptyState actions={<ExploreDemo />} />;
  if (groups.length === 0) {
    return (
      <p className="no-results" role="status">
        No devices match “{query}”.
      </p>
    );
  }
  return (
    <div className="rooms">
      {groups.map((group) => (
        <section key={group.key} className="room" aria-labelledby={`room-${encodeKey(group.key)}`}>
          <h2 className="room__title" id={`room-${encodeKey(group.key)}`}>
            {group.title}
            <span className="room__count">{group.ids.length}</span>
          </h2>
          <div className="room__grid">
            {group.ids.map((id) => (
              <DeviceTile key={id} id={id} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function encodeKey(key: string): string {
  return key ? Array.from(key, (c) => c.charCodeAt(0).toString(36)).join('-') : 'unassigned';
}
