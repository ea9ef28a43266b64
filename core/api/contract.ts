/**
 * The HubApi: the one typed contract between the hub and every UI (IPC in Electron,
 * WebSocket in a browser, REST for scripts). Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { Command, CommandUpdate, Device } from '../model';

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
});
export type Health = z.infer<typeof Health>;

const Empty = z.object({}).strict();

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
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const API_ERROR_CODES = ['invalid', 'not_found', 'not_writable', 'unavailable', 'timeout', 'unauthorized', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export const ApiErrorBody = z.object({ code: z.enum(API_ERROR_CODES), message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  not_writable: 409,
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
