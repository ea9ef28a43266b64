import { z } from 'zod';

/**
 * The capability vocabulary. The UI and automations only ever see these;
 * integrations translate their protocol to and from them.
 */
export const CLIMATE_MODES = ['off', 'heat', 'cool', 'auto', 'fan'] as const;
export const ClimateMode = z.enum(CLIMATE_MODES);
export type ClimateMode = z.infer<typeof ClimateMode>;

export const ClimateAction = z.enum(['off', 'idle', 'heating', 'cooling', 'fan']);
export type ClimateAction = z.infer<typeof ClimateAction>;

export const HueSaturation = z.object({
  hue: z.number().min(0).max(360),
  saturation: z.number().min(0).max(100),
});
export type HueSaturation = z.infer<typeof HueSaturation>;

export const ClimateValue = z.object({
  mode: ClimateMode.nullable(),
  targetTemperature: z.number().nullable(),
  currentTemperature: z.number().nullable(),
  action: ClimateAction.nullable(),
  preset: z.string().nullable(),
});
export type ClimateValue = z.infer<typeof ClimateValue>;

export const MediaValue = z.object({
  state: z.enum(['playing', 'paused', 'stopped']).nullable(),
  volume: z.number().min(0).max(100).nullable(),
  muted: z.boolean().nullable(),
  track: z
    .object({
      title: z.string().optional(),
      artist: z.string().optional(),
      album: z.string().optional(),
      durationS: z.number().optional(),
      positionS: z.number().optional(),
    })
    .nullable(),
  source: z.string().nullable(),
});
export type MediaValue = z.infer<typeof MediaValue>;

/** A speaker before its first report: playback, volume 0–100 and mute, all unknown yet. */
export function unreportedMedia() {
  return {
    value: { state: null, volume: null, muted: null, track: null, source: null } satisfies MediaValue,
    writable: true,
    min: 0,
    max: 100,
    step: 1,
  };
}

/** Value type of every capability, by name. `null` means "not reported yet". */
export const CapabilityValues = {
  power: z.boolean().nullable(),
  brightness: z.number().min(0).max(100).nullable(),
  colorTemperature: z.number().positive().nullable(),
  color: HueSaturation.nullable(),
  climate: ClimateValue,
  media: MediaValue,
  occupancy: z.boolean().nullable(),
  motion: z.boolean().nullable(),
  contact: z.boolean().nullable(),
  temperature: z.number().nullable(),
  humidity: z.number().nullable(),
  illuminance: z.number().nullable(),
  battery: z.number().nullable(),
  power_w: z.number().nullable(),
  energy_kwh: z.number().nullable(),
} as const;

export type CapabilityName = keyof typeof CapabilityValues;
export const CAPABILITY_NAMES = Object.keys(CapabilityValues) as CapabilityName[];
export type CapabilityValue<N extends CapabilityName> = z.infer<(typeof CapabilityValues)[N]>;

/** Capabilities that can be commanded at all (a sensor never can). */
export const WRITABLE_CAPABILITIES = ['power', 'brightness', 'colorTemperature', 'color', 'climate', 'media'] as const;

/** What the device says about one capability: its value and how it may be changed. */
export function capabilityStateSchema<T extends z.ZodType>(value: T) {
  return z.object({
    value,
    writable: z.boolean(),
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().optional(),
    unit: z.string().optional(),
    /** climate: the supported modes; media: sources. */
    options: z.array(z.string()).optional(),
    /** climate: the supported presets. */
    presets: z.array(z.string()).optional(),
    /** When the value last changed (ms since epoch), e.g. "occupied since 19:02". */
    since: z.number().optional(),
  });
}

const cap = capabilityStateSchema;
export const Capabilities = z
  .object({
    power: cap(CapabilityValues.power).optional(),
    brightness: cap(CapabilityValues.brightness).optional(),
    colorTemperature: cap(CapabilityValues.colorTemperature).optional(),
    color: cap(CapabilityValues.color).optional(),
    climate: cap(CapabilityValues.climate).optional(),
    media: cap(CapabilityValues.media).optional(),
    occupancy: cap(CapabilityValues.occupancy).optional(),
    motion: cap(CapabilityValues.motion).optional(),
    contact: cap(CapabilityValues.contact).optional(),
    temperature: cap(CapabilityValues.temperature).optional(),
    humidity: cap(CapabilityValues.humidity).optional(),
    illuminance: cap(CapabilityValues.illuminance).optional(),
    battery: cap(CapabilityValues.battery).optional(),
    power_w: cap(CapabilityValues.power_w).optional(),
    energy_kwh: cap(CapabilityValues.energy_kwh).optional(),
  })
  .strict();
export type Capabilities = z.infer<typeof Capabilities>;
export type CapabilityState<N extends CapabilityName> = NonNullable<Capabilities[N]>;

/** Units shown next to sensor values (temperatures are stored in °C). */
export const CAPABILITY_UNITS: Partial<Record<CapabilityName, string>> = {
  brightness: '%',
  colorTemperature: 'K',
  temperature: '°C',
  humidity: '%',
  illuminance: 'lx',
  battery: '%',
  power_w: 'W',
  energy_kwh: 'kWh',
};
