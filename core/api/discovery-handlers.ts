/**
 * The HubApi methods of the discovery inbox (core/discovery). Part of createHandlers (handlers.ts).
 */
import type { Discovery } from '../discovery/discovery';
import { DiscoveryError } from '../discovery/errors';
import { ApiError, type MethodName, type MethodResponse } from './contract';
import type { CallContext } from './store-handlers';

type DiscoveryMethod = 'listDiscovery' | 'addDiscovered' | 'pairDiscovered' | 'ignoreDiscovered' | 'addManualDevice';
type Parse = <M extends MethodName>(method: M, params: unknown) => never;
export type DiscoveryHandlers = {
  [M in DiscoveryMethod]: (params: unknown, context?: CallContext) => Promise<MethodResponse<M>>;
};

export function createDiscoveryHandlers(discovery: Discovery | undefined, parse: Parse): DiscoveryHandlers {
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
    async listDiscovery(params) {
      parse('listDiscovery', params);
      return need().list();
    },
    async addDiscovered(params) {
      const { id, name, roomId } = parse('addDiscovered', params) as { id: string; name?: string; roomId?: string };
      return run(() => need().add(id, { name, roomId }));
    },
    async pairDiscovered(params) {
      const { id, password } = parse('pairDiscovered', params) as { id: string; password?: string };
      return run(() => need().pair(id, { password }));
    },
    async ignoreDiscovered(params) {
      const { id } = parse('ignoreDiscovered', params) as { id: string };
      return run(() => need().ignore(id));
    },
    async addManualDevice(params) {
      const input = parse('addManualDevice', params) as { host: string; port?: number; integration?: string };
      return run(() => need().manual(input));
    },
  };
}
