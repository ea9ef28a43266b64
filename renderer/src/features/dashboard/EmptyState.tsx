import type { ReactNode } from 'react';
import { HomeIcon } from '../../ui/icons';

/** Shown when the hub knows no devices yet. `actions` is where "Explore a virtual home" goes. */
export function EmptyState({ actions }: { actions?: ReactNode }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty__art" aria-hidden="true">
        <HomeIcon />
      </div>
      <h2 id="empty-title" className="empty__title">
        No devices yet.
      </h2>
      <p className="empty__text">Homeroom listens for zigbee2mqtt, Tasmota and ESPHome devices on your MQTT broker.</p>
      <p className="empty__hint">Pair a device with your bridge and it appears here on its own.</p>
      <div className="empty__actions">{actions}</div>
    </section>
  );
}
