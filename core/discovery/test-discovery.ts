/** Test-only: a started Discovery with an in-memory repository, for integration and mDNS tests. */
import type { Registry } from '../registry/registry';
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Discovery } from './discovery';
import { MemoryDiscoveryRepository } from './repository';
import type { LanIntegration } from './types';

export function startTestDiscovery(integrations: LanIntegration[], registry?: Registry): Discovery {
  const discovery = new Discovery({
    integrations,
    repository: new MemoryDiscoveryRepository(),
    clock: systemClock,
    logger: silentLogger,
    assign: () => {},
    device: (id) => registry?.get(id),
  });
  discovery.start();
  return discovery;
}
