import { z } from 'zod';

/**
 * The series the hub records: numeric and binary capabilities, flattened climate fields and
 * availability. Binary values are stored as 0/1; `climate.action` as a code (see CLIMATE_ACTION_CODES).
 */
export const HISTORY_CAPABILITIES = [
  'power',
  'brightness',
  'colorTemperature',
  'occupancy',
  'motion',
  'contact',
  'temperature',
  'humidity',
  'illuminance',
  'battery',
  'power_w',
  'energy_kwh',
  'climate.targetTemperature',
  'climate.currentTemperature',
  'climate.action',
  'availability',
] as const;
export const HistoryCapability = z.enum(HISTORY_CAPABILITIES);
export type HistoryCapability = z.infer<typeof HistoryCapability>;

/** climate.action as stored in history. */
export const CLIMATE_ACTION_CODES = { off: 0, idle: 1, heating: 2, cooling: 3, fan: 4 } as const;

/** Series drawn as steps (on/off, occupancy…) rather than lines. */
export const STEP_CAPABILITIES: ReadonlySet<HistoryCapability> = new Set([
  'power',
  'occupancy',
  'motion',
  'contact',
  'climate.action',
  'availability',
]);

export const HistoryPoint = z.object({
  at: z.number(),
  /** The value (raw) or the bucket's mean (5-minute and hourly series), `at` its start (or the range's `from`). */
  value: z.number(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const HistorySeries = z.object({
  deviceId: z.string(),
  capability: HistoryCapability,
  /**
   * `raw`: every change; `5m`: 5-minute buckets with min/mean/max (ranges over two days, or denser ones); `1h`: hourly
   * buckets with min/mean/max (ranges over three days: a week is 168 points).
   */
  resolution: z.enum(['raw', '5m', '1h']),
  from: z.number(),
  to: z.number(),
  /** Time-ordered. The first point may be the value already in effect at `from`. */
  points: z.array(HistoryPoint),
});
export type HistorySeries = z.infer<typeof HistorySeries>;
