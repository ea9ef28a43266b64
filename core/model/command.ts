import { z } from 'zod';
import { ClimateMode, HueSaturation } from './capabilities';
import { ClientKind } from './logbook';

/** A partial set of capability values for one device. */
export const Command = z
  .object({
    power: z.boolean().optional(),
    brightness: z.number().min(0).max(100).optional(),
    colorTemperature: z.number().min(1000).max(12000).optional(),
    color: HueSaturation.optional(),
    climate: z
      .object({
        mode: ClimateMode.optional(),
        targetTemperature: z.number().min(-50).max(100).optional(),
        preset: z.string().max(64).optional(),
      })
      .strict()
      .refine((c) => Object.keys(c).length > 0, 'climate command is empty')
      .optional(),
    media: z
      .object({
        action: z.enum(['play', 'pause', 'stop', 'next', 'previous']).optional(),
        volume: z.number().min(0).max(100).optional(),
        muted: z.boolean().optional(),
      })
      .strict()
      .refine((c) => Object.keys(c).length > 0, 'media command is empty')
      .optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'command is empty');
export type Command = z.infer<typeof Command>;

/** How a command is carried out, beside what it sets. */
export interface CommandOptions {
  /**
   * Seconds to fade over: sent natively where the protocol has it (zigbee2mqtt `transition`, WLED `tt`, Hue
   * `dynamics.duration`), ignored elsewhere (the device changes at once).
   */
  transitionS?: number;
}

export const CommandStatus = z.enum(['pending', 'confirmed', 'failed']);
export type CommandStatus = z.infer<typeof CommandStatus>;

/** Who asked for a change (a person and the client they used, or an automation); automations later write through an arbiter keyed by this. */
export const CommandSource = z.discriminatedUnion('kind', [
  /** `scene`: the person applied this scene (each of its commands is a change by hand). */
  z.object({ kind: z.literal('user'), client: ClientKind, scene: z.string().optional() }),
  z.object({ kind: z.literal('automation'), rule: z.string() }),
]);
export type CommandSource = z.infer<typeof CommandSource>;

export const CommandUpdate = z.object({
  commandId: z.string(),
  deviceId: z.string(),
  command: z.record(z.string(), z.unknown()),
  status: CommandStatus,
  reason: z.string().optional(),
  attempts: z.number().int(),
  at: z.number(),
  /** Who sent it. */
  source: CommandSource.optional(),
});
export type CommandUpdate = z.infer<typeof CommandUpdate>;
