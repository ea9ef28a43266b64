/**
 * The HubApi methods of the discovery inbox (core/discovery). Part of createHandlers (handlers.ts).
 */
import type { Discovery } from '../discovery/discovery';
import { DiscoveryError } from '../discovery/errors';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

type DiscoveryMethod = 'listDiscovery' | 'addDiscovered' | 'pairDiscovered' | 'ignoreDiscovered' | 'addManualDevice';

export function createDiscoveryHandlers(discovery: Discovery | undefined): Pick<Handlers, DiscoveryMethod> {
  const need = () => {
    if (!discovery) throw new ApiError('unavailable', 'This hub does not look for devices on the network');
    return discovery;
  };
  const run = async <T>(action: () => T | Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof DiscoveryError) throw new ApiError(error.code, error.message);
      throw error;
    }
  };
  return {
    listDiscovery: handle('listDiscovery', async () => need().list()),
    addDiscovered: handle('addDiscovered', ({ id, name, roomId }) => run(() => need().add(id, { name, roomId }))),
    pairDiscovered: handle('pairDiscovered', ({ id, password }) => run(() => need().pair(id, { password }))),
    ignoreDiscovered: handle('ignoreDiscovered', ({ id }) => run(() => need().ignore(id))),
    addManualDevice: handle('addManualDevice', (input) => run(() => need().manual(input))),
  };
}
