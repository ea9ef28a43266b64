/**
 * zod schemas of the discovery options we use, per component (after abbreviation expansion
 * and `~` resolution). Objects are loose: producers send many options we ignore.
 */
import { z } from 'zod';
import { MAX_TEMPLATE_LENGTH } from './template';

/** HA's cv.string coerces payloads to text; booleans become Python's `True`/`False`. */
export function pythonText(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}

const Topic = z
  .string()
  .min(1)
  .max(512)
  .refine((t) => !/[+#\u0000]/.test(t), 'topics may not contain wildcards (+, #) or NUL');
const Template = z.string().max(MAX_TEMPLATE_LENGTH);
const Payload = z.union([z.string().max(256), z.number(), z.boolean()]).transform(pythonText);
const Num = z.coerce.number().refine(Number.isFinite, 'must be a finite number');
const Str = z.string().max(256);

const DeviceInfo = z.looseObject({
  identifiers: z.union([Str, z.array(Str).max(20)]).optional(),
  connections: z
    .array(z.tuple([Str, Str]))
    .max(20)
    .optional(),
  name: Str.nullish(),
  manufacturer: Str.nullish(),
  model: Str.nullish(),
  model_id: Str.nullish(),
  sw_version: Str.nullish(),
  hw_version: Str.nullish(),
  suggested_area: Str.nullish(),
  via_device: Str.nullish(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

const Origin = z.looseObject({ name: Str.optional(), sw_version: Str.optional(), support_url: Str.optional() });

const AvailabilityEntry = z.looseObject({
  topic: Topic,
  payload_available: Payload.default('online'),
  payload_not_available: Payload.default('offline'),
  value_template: Template.optional(),
});

const Base = {
  platform: z.string().optional(),
  name: Str.nullish(),
  unique_id: Str.optional(),
  object_id: Str.optional(),
  device: DeviceInfo.optional(),
  origin: Origin.optional(),
  availability: z.array(AvailabilityEntry).max(10).optional(),
  availability_topic: Topic.optional(),
  availability_template: Template.optional(),
  payload_available: Payload.default('online'),
  payload_not_available: Payload.default('offline'),
  availability_mode: z.enum(['all', 'any', 'latest']).default('latest'),
  json_attributes_topic: Topic.optional(),
  json_attributes_template: Template.optional(),
  qos: z.coerce.number().int().min(0).max(2).default(0),
  entity_category: Str.nullish(),
  device_class: Str.nullish(),
  enabled_by_default: z.boolean().optional(),
};

export const SwitchConfig = z.looseObject({
  ...Base,
  command_topic: Topic.optional(),
  command_template: Template.optional(),
  state_topic: Topic.optional(),
  value_template: Template.optional(),
  payload_on: Payload.default('ON'),
  payload_off: Payload.default('OFF'),
  state_on: Payload.optional(),
  state_off: Payload.optional(),
});
export type SwitchConfig = z.infer<typeof SwitchConfig>;

export const LightConfig = z.looseObject({
  ...Base,
  schema: z.enum(['default', 'basic', 'json', 'template']).default('default'),
  command_topic: Topic,
  state_topic: Topic.optional(),
  // json schema
  brightness: z.boolean().default(false),
  supported_color_modes: z
    .array(z.enum(['onoff', 'brightness', 'color_temp', 'hs', 'xy', 'rgb', 'rgbw', 'rgbww', 'white']))
    .optional(),
  color_temp: z.boolean().optional(),
  hs: z.boolean().optional(),
  xy: z.boolean().optional(),
  rgb: z.boolean().optional(),
  // both schemas
  brightness_scale: z.coerce.number().int().positive().max(65535).default(255),
  color_temp_kelvin: z.boolean().default(false),
  min_mireds: Num.optional(),
  max_mireds: Num.optional(),
  min_kelvin: Num.optional(),
  max_kelvin: Num.optional(),
  // default schema
  state_value_template: Template.optional(),
  payload_on: Payload.default('ON'),
  payload_off: Payload.default('OFF'),
  on_command_type: z.enum(['first', 'last', 'brightness']).default('last'),
  brightness_command_topic: Topic.optional(),
  brightness_command_template: Template.optional(),
  brightness_state_topic: Topic.optional(),
  brightness_value_template: Template.optional(),
  color_temp_command_topic: Topic.optional(),
  color_temp_command_template: Template.optional(),
  color_temp_state_topic: Topic.optional(),
  color_temp_value_template: Template.optional(),
  hs_command_topic: Topic.optional(),
  hs_command_template: Template.optional(),
  hs_state_topic: Topic.optional(),
  hs_value_template: Template.optional(),
  xy_command_topic: Topic.optional(),
  xy_command_template: Template.optional(),
  xy_state_topic: Topic.optional(),
  xy_value_template: Template.optional(),
  rgb_command_topic: Topic.optional(),
  rgb_command_template: Template.optional(),
  rgb_state_topic: Topic.optional(),
  rgb_value_template: Template.optional(),
});
export type LightConfig = z.infer<typeof LightConfig>;

export const ClimateConfig = z.looseObject({
  ...Base,
  modes: z.array(Str).max(20).default(['auto', 'off', 'cool', 'heat', 'dry', 'fan_only']),
  mode_command_topic: Topic.optional(),
  mode_command_template: Template.optional(),
  mode_state_topic: Topic.optional(),
  mode_state_template: Template.optional(),
  temperature_command_topic: Topic.optional(),
  temperature_command_template: Template.optional(),
  temperature_state_topic: Topic.optional(),
  temperature_state_template: Template.optional(),
  current_temperature_topic: Topic.optional(),
  current_temperature_template: Template.optional(),
  action_topic: Topic.optional(),
  action_template: Template.optional(),
  preset_modes: z.array(Str).max(30).default([]),
  preset_mode_command_topic: Topic.optional(),
  preset_mode_command_template: Template.optional(),
  preset_mode_state_topic: Topic.optional(),
  preset_mode_value_template: Template.optional(),
  value_template: Template.optional(),
  min_temp: Num.optional(),
  max_temp: Num.optional(),
  temp_step: Num.refine((n) => n > 0, 'must be positive').default(1),
  temperature_unit: z.enum(['C', 'F']).optional(),
});
export type ClimateConfig = z.infer<typeof ClimateConfig>;

export const BinarySensorConfig = z.looseObject({
  ...Base,
  state_topic: Topic,
  value_template: Template.optional(),
  payload_on: Payload.default('ON'),
  payload_off: Payload.default('OFF'),
});
export type BinarySensorConfig = z.infer<typeof BinarySensorConfig>;

export const SensorConfig = z.looseObject({
  ...Base,
  state_topic: Topic,
  value_template: Template.optional(),
  unit_of_measurement: Str.nullish(),
});
export type SensorConfig = z.infer<typeof SensorConfig>;

export const COMPONENT_SCHEMAS = {
  light: LightConfig,
  switch: SwitchConfig,
  climate: ClimateConfig,
  binary_sensor: BinarySensorConfig,
  sensor: SensorConfig,
} as const;
export type ComponentName = keyof typeof COMPONENT_SCHEMAS;
export const COMPONENT_NAMES = Object.keys(COMPONENT_SCHEMAS) as ComponentName[];

export type ComponentConfig = {
  light: LightConfig;
  switch: SwitchConfig;
  climate: ClimateConfig;
  binary_sensor: BinarySensorConfig;
  sensor: SensorConfig;
};
export type AnyConfig = ComponentConfig[ComponentName];
