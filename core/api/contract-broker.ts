/**
 * The HubApi's part for the embedded broker's network listener (real devices: Tasmota, ESPHome,
 * zigbee2mqtt): its state, the generated credentials and what to type into each device. Spread into
 * `methods` in contract.ts. Turning it on or off is the `brokerLan` setting (updateSettings). Pure.
 */
import { z } from 'zod';
import { method } from './contract-row';

const Empty = z.object({}).strict();

export const DeviceSetup = z.object({
  id: z.string(),
  name: z.string(),
  where: z.string(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  snippet: z.string(),
});
export type DeviceSetup = z.infer<typeof DeviceSetup>;

export const BrokerLanStatus = z.object({
  /** Asked for by the settings or by `--mqtt-listen`. */
  enabled: z.boolean(),
  source: z.enum(['settings', 'command line']).optional(),
  listening: z.boolean(),
  /** The bound address (0.0.0.0: every interface). */
  bindHost: z.string().optional(),
  /** What devices should type as the host. */
  host: z.string().optional(),
  port: z.number().int().optional(),
  tls: z.boolean(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** Why it is not listening although enabled (port taken, the hub uses another broker, unreadable certificate). */
  problem: z.string().optional(),
  setups: z.array(DeviceSetup),
});
export type BrokerLanStatus = z.infer<typeof BrokerLanStatus>;

export const brokerMethods = {
  getBrokerLan: method({
    description:
      'The embedded broker’s network listener: whether it listens, where, the generated username and password devices use, and what to type into Tasmota, ESPHome and zigbee2mqtt. Turn it on with updateSettings `brokerLan`.',
    rest: { method: 'GET', path: '/api/broker/lan' },
    // It answers the devices' password.
    access: { level: 'admin' },
    request: Empty,
    response: BrokerLanStatus,
  }),
  regenerateBrokerCredentials: method({
    description:
      'New generated credentials for the network listener; devices connected with the old ones are disconnected at once and must be given the new ones.',
    rest: { method: 'POST', path: '/api/broker/lan/credentials', body: 'ignore' },
    access: { level: 'admin' },
    request: Empty,
    response: BrokerLanStatus,
  }),
} as const;
