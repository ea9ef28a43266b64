/**
 * The HubApi: the one typed contract between the hub and every UI (IPC in Electron,
 * WebSocket in a browser, REST for scripts). Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import {
  Command,
  CommandUpdate,
  Device,
  DiscoveryEntry,
  HistoryCapability,
  HistorySeries,
  LogbookEntry,
  Room,
  RoomKind,
} from '../model';
import { roomEvents, roomMethods } from './contract-rooms';

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

export const DemoStatus = z.object({
  /** A virtual home is running inside this hub. */
  running: z.boolean(),
  /** Whether one can be started here: only on the hub's own broker, so demo devices never reach a real network. */
  available: z.boolean(),
  scenario: z.enum(['home', 'office']).optional(),
  reason: z.string().optional(),
});
export type DemoStatus = z.infer<typeof DemoStatus>;

export const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeS: z.number(),
  devices: z.number(),
  mqtt: MqttStatus.optional(),
  demo: DemoStatus.optional(),
  /** Set when the store could not use its file (corrupt, or from a newer version) and kept it aside. */
  storeProblem: z.string().optional(),
});
export type Health = z.infer<typeof Health>;

const Empty = z.object({}).strict();

/** A time as ms since the epoch or an ISO 8601 string (REST query parameters are strings). */
const Time = z.union([z.number().int(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time such as 2026-11-23T10:00:00Z' });
    return z.NEVER;
  }
  return ms;
});

/** `null` clears what the user set (the device's own name comes back, the room is unassigned). */
export const DeviceUpdate = z
  .object({
    name: z.string().max(200).nullable().optional(),
    roomId: z.string().min(1).max(100).nullable().optional(),
    hidden: z.boolean().optional(),
    icon: z.string().min(1).max(50).nullable().optional(),
  })
  .strict();
export type DeviceUpdate = z.infer<typeof DeviceUpdate>;

export const ImportProblem = z.object({ path: z.string(), message: z.string() });
export const ImportReport = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), applied: z.object({ settings: z.number(), rooms: z.number(), devices: z.number() }) }),
  z.object({ ok: z.literal(false), problems: z.array(ImportProblem) }),
]);
export type ImportReport = z.infer<typeof ImportReport>;

/** The backup document (validated in detail by the hub on import; see core/store/export-import.ts). */
export const BackupDocument = z.record(z.string(), z.unknown());

/** Method name → request and response schemas. */
export const methods = {
  health: { request: Empty, response: Health },
  listDevices: { request: Empty, response: z.array(Device) },
  getDevice: { request: z.object({ id: z.string() }), response: Device },
  /** Resolves with the device once the device confirms the new state. */
  sendCommand: { request: z.object({ id: z.string(), command: Command }), response: Device },
  listDiagnostics: { request: Empty, response: z.array(Diagnostic) },
  /** Start the virtual home on the hub's embedded broker ("Explore a virtual home"). */
  startDemo: { request: z.object({ scenario: z.enum(['home', 'office']).default('home') }), response: DemoStatus },
  /** Rename a device, put it in a room, hide it. Saved (fsynced) before it answers. */
  updateDevice: { request: z.object({ id: z.string(), update: DeviceUpdate }), response: Device },
  listRooms: { request: Empty, response: z.array(Room) },
  createRoom: {
    request: z.object({ name: z.string().min(1).max(100), kind: RoomKind.default('home') }).strict(),
    response: Room,
  },
  updateRoom: {
    request: z.object({ id: z.string(), name: z.string().min(1).max(100).optional(), kind: RoomKind.optional() }).strict(),
    response: Room,
  },
  /** Devices in the room become unassigned. */
  deleteRoom: { request: z.object({ id: z.string() }).strict(), response: z.object({ id: z.string() }) },
  /** Time-ordered points of one series; long ranges come as 5-minute min/mean/max buckets. */
  getHistory: {
    request: z.object({ device: z.string(), capability: HistoryCapability, from: Time, to: Time.optional() }).strict(),
    response: HistorySeries,
  },
  /** Newest first. */
  getLogbook: {
    request: z
      .object({
        from: Time.optional(),
        to: Time.optional(),
        device: z.string().optional(),
        room: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(2000).optional(),
      })
      .strict(),
    response: z.array(LogbookEntry),
  },
  /** One JSON backup of settings, rooms and device overrides; never secrets. */
  exportSettings: { request: Empty, response: BackupDocument },
  /** Validated restore: nothing is applied unless all of it is valid. */
  importSettings: { request: z.object({ backup: z.unknown() }).strict(), response: ImportReport },
  /** The discovery inbox: devices found on the network that are neither added nor ignored. */
  listDiscovery: { request: Empty, response: z.array(DiscoveryEntry) },
  /** Adds a found device (409 needs_pairing until it is paired); answers with the devices it brings (a Hue bridge has several). */
  addDiscovered: {
    request: z
      .object({ id: z.string(), name: z.string().max(200).optional(), roomId: z.string().min(1).max(100).optional() })
      .strict(),
    response: z.array(Device),
  },
  /** Pairs a found device: the Hue link button (keeps trying for `pairingWindowMs`), a Shelly password. */
  pairDiscovered: {
    request: z.object({ id: z.string(), password: z.string().max(200).optional() }).strict(),
    response: DiscoveryEntry,
  },
  /** Hides a found device; remembered until it is asked for by address. */
  ignoreDiscovered: { request: z.object({ id: z.string() }).strict(), response: z.object({ id: z.string() }) },
  /** "Add by address" for networks that block multicast: asks what is at host[:port]. */
  addManualDevice: {
    request: z
      .object({
        host: z.string().min(1).max(300),
        port: z.number().int().min(1).max(65535).optional(),
        integration: z.string().max(50).optional(),
      })
      .strict(),
    response: DiscoveryEntry,
  },
  ...roomMethods,
} as const;

export type MethodName = keyof typeof methods;
export type MethodRequest<M extends MethodName> = z.input<(typeof methods)[M]['request']>;
export type MethodResponse<M extends MethodName> = z.infer<(typeof methods)[M]['response']>;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

/** Event name → payload schema. Device changes are coalesced per device by the hub. */
export const events = {
  devicesChanged: z.object({ devices: z.array(Device) }),
  deviceRemoved: z.object({ id: z.string() }),
  commandUpdate: CommandUpdate,
  diagnostic: Diagnostic,
  mqttStatus: MqttStatus,
  roomsChanged: z.object({ rooms: z.array(Room) }),
  logbookEntry: LogbookEntry,
  /** The inbox changed (found, gone, added, ignored, paired). */
  discoveryChanged: z.object({ devices: z.array(DiscoveryEntry) }),
  ...roomEvents,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const API_ERROR_CODES = [
  'invalid',
  'not_found',
  'not_writable',
  'unavailable',
  'timeout',
  'unauthorized',
  'internal',
  'needs_pairing',
  'pairing_failed',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export const ApiErrorBody = z.object({ code: z.enum(API_ERROR_CODES), message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  not_writable: 409,
  needs_pairing: 409,
  pairing_failed: 409,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** WebSocket frames (JSON). The first client frame must be `auth`. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string() }),
  z.object({ type: z.literal('request'), id: z.number(), method: z.string(), params: z.unknown().optional() }),
  z.object({ type: z.literal('subscribe'), events: z.array(z.string()) }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { type: 'auth_ok' }
  | { type: 'auth_failed'; message: string }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ApiErrorBody }
  | { type: 'event'; name: EventName; payload: unknown };

/** The interface a UI talks to, whatever the transport. */
export interface HubClient {
  call<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}
