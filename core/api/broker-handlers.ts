/** The HubApi methods of the embedded broker's network listener (core/broker/lan.ts). Part of createHandlers. */
import type { BrokerLanController } from '../broker/lan';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

export function createBrokerHandlers(
  lan: BrokerLanController | undefined,
): Pick<Handlers, 'getBrokerLan' | 'regenerateBrokerCredentials'> {
  const need = () => {
    if (!lan) throw new ApiError('unavailable', 'This hub has no built-in broker settings');
    return lan;
  };
  return {
    getBrokerLan: handle('getBrokerLan', async () => need().status()),
    regenerateBrokerCredentials: handle('regenerateBrokerCredentials', async () => {
      const controller = need();
      controller.regenerate();
      return controller.status();
    }),
  };
}
