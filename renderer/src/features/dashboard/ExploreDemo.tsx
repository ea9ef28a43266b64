import { useState } from 'react';
import { useHub, useHubStoreApi } from '../../store/context';
import { Spinner } from '../../ui/Spinner';

/**
 * "Explore a virtual home": starts the simulated home on the hub's own broker, so a
 * newcomer without hardware sees a living dashboard in seconds.
 */
export function ExploreDemo() {
  const store = useHubStoreApi();
  const demo = useHub((s) => s.demo);
  const error = useHub((s) => s.demoError);
  const [starting, setStarting] = useState(false);
  if (!demo) return null;
  if (!demo.available) return <p className="empty__hint">{demo.reason}</p>;
  if (demo.running)
    return (
      <p className="empty__hint" role="status">
        The virtual home is starting; its devices appear in a moment…
      </p>
    );
  const start = async () => {
    setStarting(true);
    await store.getState().startDemo('home');
    setStarting(false);
  };
  return (
    <>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void start()}
        disabled={starting}
        aria-busy={starting || undefined}
      >
        {starting ? <Spinner /> : null}
        Explore a virtual home
      </button>
      <p className="empty__hint">
        Simulated lights, thermostats and sensors with people moving through the rooms. They stay on this computer.
      </p>
      {error ? <p role="alert">{error}</p> : null}
    </>
  );
}
