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
  /** The room the user assigned (device override). */
  roomId: z.string().optional(),
  /** The name the integration reported, when the user renamed the device. */
  reportedName: z.string().max(200).optional(),
  /** Hidden by the user: left out of the dashboard, still controllable and recorded. */
  hidden: z.boolean().optional(),
  /** An icon name the user picked. */
  icon: z.string().max(50).optional(),
  availability: Availability,
  /** Why the device is offline or unknown, in words a person understands. */
  availabilityReason: z.string().optional(),
  /**
   * Set while the device is polled every this many seconds because its push channel (a WLED's WebSocket, a Hue
   * eventstream, Sonos events) is unavailable; unset while it pushes its changes.
   */
  updateIntervalS: z.number().positive().optional(),
  /** When availability last changed (ms since epoch). */
  availabilitySince: z.number().optional(),
  lastSeen: z.number().optional(),
  capabilities: Capabilities,
  /** Extra attributes the device reports (json_attributes); untrusted, text only. */
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type Device = z.infer<typeof Device>;

/** What the user changed about a device; applied on top of what its integration reports. */
export const DeviceOverride = z
  .object({
    name: z.string().min(1).max(200).optional(),
    roomId: z.string().min(1).max(100).optional(),
    hidden: z.boolean().optional(),
    icon: z.string().min(1).max(50).optional(),
  })
  .strict();
export type DeviceOverride = z.infer<typeof DeviceOverride>;
