/**
 * The hub's plain settings (never secrets: the MQTT password lives in the secret store). Stored
 * one row per key by core/store/settings.ts, served by the HubApi, applied by the hub (broker,
 * sun times) and the renderer (units, theme). Pure.
 */
import { z } from 'zod';

const BROKER_PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'];

/** The user's broker; credentials never go here (the password is a secret). */
export const BrokerUrl = z
  .string()
  .max(500)
  .refine((url) => {
    try {
      const parsed = new URL(url);
      return BROKER_PROTOCOLS.includes(parsed.protocol) && !parsed.password;
    } catch {
      return false;
    }
  }, 'must be an mqtt://, mqtts://, ws:// or wss:// URL without a password in it');

export const TemperatureUnit = z.enum(['celsius', 'fahrenheit']);
export type TemperatureUnit = z.infer<typeof TemperatureUnit>;

/** Where the home is: sun times (circadian light) are computed for it. */
export const Location = z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).strict();
export type Location = z.infer<typeof Location>;

/** Sun times until the user sets the home's location (Berlin, as before there was a setting). */
export const DEFAULT_LOCATION: Location = { latitude: 52.5, longitude: 13.4 };

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** Clock times: 12-hour ("2:59 PM"), 24-hour ("14:59"), or as the system's locale writes them. */
export const TimeFormat = z.enum(['system', '12h', '24h']);
export type TimeFormat = z.infer<typeof TimeFormat>;

/** How many days every change is kept before only 5-minute summaries remain. */
export const HistoryRawDays = z.number().int().min(1).max(365);

/** How many days automation traces (every run and every non-run) are kept. */
export const TraceDays = z.number().int().min(1).max(365);
export const DEFAULT_TRACE_DAYS = 14;

/** An IANA time zone the runtime knows ("Europe/Berlin"): automations' times of day are the home's. */
export const TimeZone = z
  .string()
  .min(1)
  .max(100)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

/**
 * The embedded broker's listener for devices on the network (off unless set): an address of this machine
 * (0.0.0.0: every interface), a port, and optionally the user's own TLS certificate and key (PEM file paths).
 * Its credentials are generated and kept as secrets; anonymous clients are refused.
 */
export const BrokerLan = z
  .object({
    host: z.union([z.ipv4(), z.ipv6()]),
    port: z.number().int().min(1).max(65535),
    tlsCertPath: z.string().min(1).max(1000).optional(),
    tlsKeyPath: z.string().min(1).max(1000).optional(),
  })
  .strict()
  .refine((lan) => !lan.tlsCertPath === !lan.tlsKeyPath, 'TLS needs both a certificate and a key file');
export type BrokerLan = z.infer<typeof BrokerLan>;

export const Settings = z
  .object({
    mqttUrl: BrokerUrl.optional(),
    mqttUsername: z.string().max(200).optional(),
    units: TemperatureUnit.optional(),
    location: Location.optional(),
    theme: Theme.optional(),
    timeFormat: TimeFormat.optional(),
    historyRawDays: HistoryRawDays.optional(),
    traceDays: TraceDays.optional(),
    /** The home's time zone; unset: the hub's. */
    timeZone: TimeZone.optional(),
    /** The embedded broker's network listener; unset: loopback only. */
    brokerLan: BrokerLan.optional(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;
export type SettingKey = keyof Settings;

/** A change to some settings: a key left out stays as it is, `null` clears it (its default applies again). */
export const SettingsPatch = z
  .object({
    mqttUrl: BrokerUrl.nullable().optional(),
    mqttUsername: z.string().max(200).nullable().optional(),
    units: TemperatureUnit.nullable().optional(),
    location: Location.nullable().optional(),
    theme: Theme.nullable().optional(),
    timeFormat: TimeFormat.nullable().optional(),
    historyRawDays: HistoryRawDays.nullable().optional(),
    traceDays: TraceDays.nullable().optional(),
    timeZone: TimeZone.nullable().optional(),
    brokerLan: BrokerLan.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
