/**
 * What the hub says about itself: diagnostics, the MQTT connection, the virtual home. Lower layers
 * (registry, broker) produce these and the API serves them, so they live in the model. Pure.
 */
import { z } from 'zod';

export const Diagnostic = z.object({
  id: z.number(),
  at: z.number(),
  level: z.enum(['info', 'warning', 'error']),
  subject: z.string(),
  message: z.string(),
  detail: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const MqttStatus = z.object({
  url: z.string(),
  embedded: z.boolean(),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'offline', 'auth_failed']),
  error: z.string().optional(),
  since: z.number(),
});
export type MqttStatus = z.infer<typeof MqttStatus>;

export const DemoScenario = z.enum(['home', 'office']);
export type DemoScenario = z.infer<typeof DemoScenario>;

export const DemoStatus = z.object({
  /** A virtual home is running inside this hub. */
  running: z.boolean(),
  /** Whether one can be started here: only on the hub's own broker, so demo devices never reach a real network. */
  available: z.boolean(),
  scenario: DemoScenario.optional(),
  reason: z.string().optional(),
});
export type DemoStatus = z.infer<typeof DemoStatus>;
