import { z } from 'zod';
import { Capabilities } from './capabilities';

export const DEVICE_KINDS = ['light', 'switch', 'plug', 'thermostat', 'sensor', 'speaker', 'other'] as const;
export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const Availability = z.enum(['online', 'offline', 'unknown']);
export type Availability = z.infer<typeof Availability>;

export const Device = z.object({
  /** Stable across restarts: `<integration>:<the device's own unique id>`. */
  id: z.string().min(1).max(300),
  name: z.string().max(200),
  kind: DeviceKind,
  integration: z.string(),
  manufacturer: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  roomId: z.string().optional(),
  availability: Availability,
  /** Why the device is offline or unknown, in words a person understands. */
  availabilityReason: z.string().optional(),
  /** When availability last changed (ms since epoch). */
  availabilitySince: z.number().optional(),
  lastSeen: z.number().optional(),
  capabilities: Capabilities,
  /** Extra attributes the device reports (json_attributes); untrusted, text only. */
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type Device = z.infer<typeof Device>;
