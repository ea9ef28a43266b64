import { z } from 'zod';
import { DeviceKind } from './device';

/** A device found on the network that is not added yet (the discovery inbox). Strings are untrusted: text only. */
export const DiscoveryEntry = z.object({
  /** `<integration>:<the device's own unique id>` */
  id: z.string(),
  integration: z.string(),
  kind: DeviceKind,
  name: z.string(),
  manufacturer: z.string().optional(),
  model: z.string().optional(),
  /** IP address or host name */
  address: z.string(),
  port: z.number().int(),
  /** Must be paired (`pairDiscovered`) before it can be added. */
  needsPairing: z.boolean(),
  /** What to do to pair, e.g. "Press the link button on the bridge, then click Pair". */
  pairingHint: z.string().optional(),
  /** Pairing asks for the device's password. */
  needsPassword: z.boolean().optional(),
  /** How long pairing keeps trying (ms), for a countdown. */
  pairingWindowMs: z.number().optional(),
  /** `mdns` (announced itself) or `manual` (added by address). */
  source: z.enum(['mdns', 'manual']),
  /**
   * Set when an added device was announced at a new address (`address`:`port`) that could not prove it is the
   * same device: `addDiscovered` moves it there (its stored credentials go with it), `ignoreDiscovered` keeps it
   * where it is (`from`).
   */
  move: z.object({ from: z.string() }).optional(),
});
export type DiscoveryEntry = z.infer<typeof DiscoveryEntry>;
