/**
 * The HubApi: the one typed contract between the hub and every UI (IPC in Electron,
 * WebSocket in a browser, REST for scripts). Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import {
  Command,
  DemoScenario,
  DemoStatus,
  Diagnostic,
  MqttStatus,
  Settings,
  SettingsPatch,
  CommandUpdate,
  Device,
  DiscoveryEntry,
  HistoryCapability,
  HistorySeries,
  LogbookEntry,
  Room,
  RoomKind,
  BackupName,
  RestoreChange,
  RestoreCounts,
  StoredBackup,
} from '../model';
import { automationEvents, automationMethods } from './contract-automations';
import { meetingEvents, meetingMethods } from './contract-meetings';
import { calendarEvents, calendarMethods } from './contract-calendars';
import { brokerMethods } from './contract-broker';
import { deviceMethods } from './contract-devices';
import { roomEvents, roomMethods } from './contract-rooms';
import { userMethods } from './contract-users';
import { event, inScope, method, nonEmpty, Time, type RestRoute, type RowAccess } from './contract-row';

export { Time };

export type { AccessLevel, HttpMethod, MethodRow, RestRoute, RoomScope, RoomScopeCheck, RowAccess } from './contract-row';

// Moved to the model (the registry and the broker produce them); re-exported for the API's clients.
export { Diagnostic, DemoStatus, MqttStatus };

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
/** How many items of each kind the restored backup holds (0 for a section an older backup lacks: left as it was). */
export const AppliedCounts = z.object({
  settings: z.number(),
  rooms: z.number(),
  devices: z.number(),
  behaviours: z.number(),
  people: z.number(),
  discovery: z.number(),
});
export const ImportReport = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    applied: AppliedCounts,
    /** What the restore changed, by kind (added, removed, changed rooms, people, behaviours…). */
    changes: RestoreCounts,
    /** "Restored: removed the room Study and changed 3 room settings." */
    summary: z.string(),
    /** The backup taken just before (restore it to undo this one); absent on a hub without a data folder. */
    undo: BackupName.optional(),
  }),
  z.object({ ok: z.literal(false), problems: z.array(ImportProblem) }),
]);
export type ImportReport = z.infer<typeof ImportReport>;

/** What a restore would change, or why the backup would be refused; nothing is applied. */
export const RestorePreview = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    changes: z.array(RestoreChange),
    counts: RestoreCounts,
    /** "This backup removes the room Study and the person Bob and changes 3 room settings." */
    summary: z.string(),
    exportedAt: z.string().optional(),
    version: z.number(),
  }),
  z.object({ ok: z.literal(false), problems: z.array(ImportProblem) }),
]);
export type RestorePreview = z.infer<typeof RestorePreview>;

/** A backup file's content, or the name of one of the hub's automatic backups (`listBackups`). */
export const RestoreSource = z
  .object({ backup: z.unknown().optional(), name: BackupName.optional() })
  .strict()
  .refine((r) => (r.backup === undefined) !== (r.name === undefined), 'give either a backup or the name of one');

/** The backup document (validated in detail by the hub on import; see core/store/export-import.ts). */
export const BackupDocument = z.record(z.string(), z.unknown());

/** A signed-in browser; `id` is a handle to revoke it (not what the browser's cookie holds). */
export const BrowserSession = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  lastSeenAt: z.number(),
  current: z.boolean(),
  /** Whose it is (the user's name). */
  user: z.string().optional(),
});
export type BrowserSession = z.infer<typeof BrowserSession>;

/** A response that only names what it removed or hid. */
const Removed = z.object({ id: z.string() });

/**
 * The HubApi table: one row per method with its REST route, request and response schemas. The REST router, the
 * WebSocket and IPC dispatch, the handler types and docs/api.md are all derived from it; a new method is a new row.
 */
export const methods = {
  health: method({
    description: 'Whether the hub and its broker are up, its version, the virtual home and any store problem.',
    rest: { method: 'GET', path: '/api/health' },
    access: { level: 'read', rooms: 'unscoped' },
    request: Empty,
    response: Health,
  }),
  listDevices: method({
    description: 'Every device, hidden ones included (with `hidden: true`).',
    rest: { method: 'GET', path: '/api/devices' },
    access: { level: 'read', rooms: { filter: (devices, scope) => devices.filter((d) => scope.room(d.roomId)) } },
    request: Empty,
    response: z.array(Device),
  }),
  getDevice: method({
    description: 'One device.',
    rest: { method: 'GET', path: '/api/devices/:id' },
    access: { level: 'read', rooms: { deviceParam: 'id' } },
    request: z.object({ id: z.string() }),
    response: Device,
  }),
  sendCommand: method({
    description: 'Sends a command and answers with the device once it has **confirmed** the change (see Commands).',
    rest: { method: 'POST', path: '/api/devices/:id/command', body: { into: 'command' } },
    access: { level: 'control', rooms: { deviceParam: 'id' } },
    request: z.object({ id: z.string(), command: Command }),
    response: Device,
  }),
  listDiagnostics: method({
    description: 'What went wrong recently, newest first (malformed discovery configs, unreachable devices…).',
    rest: { method: 'GET', path: '/api/diagnostics' },
    access: { level: 'read' },
    request: Empty,
    response: z.array(Diagnostic),
  }),
  startDemo: method({
    description: 'Starts the virtual home on the hub’s embedded broker ("Explore a virtual home").',
    rest: { method: 'POST', path: '/api/demo' },
    access: { level: 'admin' },
    request: z.object({ scenario: DemoScenario.default('home') }),
    response: DemoStatus,
  }),
  updateDevice: method({
    description: 'Renames a device, puts it in a room, hides it; `null` clears a field. Saved (fsynced) before it answers.',
    rest: { method: 'PATCH', path: '/api/devices/:id', body: { into: 'update' } },
    access: { level: 'member' },
    request: z.object({ id: z.string(), update: DeviceUpdate }),
    response: Device,
  }),
  listRooms: method({
    description: 'The rooms people named.',
    rest: { method: 'GET', path: '/api/rooms' },
    access: { level: 'read', rooms: { filter: (rooms, scope) => rooms.filter((r) => scope.room(r.id)) } },
    request: Empty,
    response: z.array(Room),
  }),
  createRoom: method({
    description: 'Its id is made from the name (`Living room` → `living-room`) and never changes.',
    rest: { method: 'POST', path: '/api/rooms', status: 201 },
    access: { level: 'member' },
    request: z.object({ name: z.string().min(1).max(100), kind: RoomKind.default('home') }).strict(),
    response: Room,
  }),
  updateRoom: method({
    description: 'Renames a room or changes its kind.',
    rest: { method: 'PATCH', path: '/api/rooms/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string(), name: z.string().min(1).max(100).optional(), kind: RoomKind.optional() }).strict(),
    response: Room,
  }),
  deleteRoom: method({
    description: 'Devices in the room become unassigned.',
    rest: { method: 'DELETE', path: '/api/rooms/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: Removed,
  }),
  getHistory: method({
    description: 'Time-ordered points of one series; long ranges come as 5-minute or hourly min/mean/max buckets (see History).',
    rest: { method: 'GET', path: '/api/history' },
    access: { level: 'read', rooms: { deviceParam: 'device' } },
    request: z.object({ device: z.string(), capability: HistoryCapability, from: Time, to: Time.optional() }).strict(),
    response: HistorySeries,
  }),
  getLogbook: method({
    description: 'What happened, newest first; `limit` defaults to 500 (see Logbook).',
    rest: { method: 'GET', path: '/api/logbook' },
    access: { level: 'read', rooms: { filter: (entries, scope) => entries.filter((e) => inScope(e, scope)) } },
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
  }),
  exportSettings: method({
    description:
      'One JSON backup of settings, rooms, device overrides, behaviours, people, automations and scenes; never secrets.',
    rest: { method: 'GET', path: '/api/export', attachment: 'homeroom-backup' },
    access: { level: 'admin' },
    request: Empty,
    response: BackupDocument,
  }),
  importSettings: method({
    description: 'Validated restore: nothing is applied unless all of it is valid; a refusal lists every problem (REST: 400).',
    rest: {
      method: 'POST',
      path: '/api/import',
      body: { into: 'backup' },
      maxBodyBytes: 8 * 1024 * 1024,
      status: (report) => (report.ok ? 200 : 400),
    },
    access: { level: 'admin' },
    request: z.object({ backup: z.unknown() }).strict(),
    response: ImportReport,
  }),
  previewRestore: method({
    description:
      'What restoring a backup (its content, or `name` of an automatic one) would add, remove and change, with names; applies nothing.',
    rest: { method: 'POST', path: '/api/backup/preview', maxBodyBytes: 8 * 1024 * 1024 },
    access: { level: 'admin' },
    request: RestoreSource,
    response: RestorePreview,
  }),
  listBackups: method({
    description:
      'The automatic backups in the data folder, newest first: one a day and one before each restore (7 of each kept).',
    rest: { method: 'GET', path: '/api/backups' },
    access: { level: 'admin' },
    request: Empty,
    response: z.array(StoredBackup),
  }),
  restoreBackup: method({
    description: 'Restores one of the automatic backups by name, exactly as `importSettings` restores a file.',
    rest: { method: 'POST', path: '/api/backups/:name/restore', status: (report) => (report.ok ? 200 : 400) },
    access: { level: 'admin' },
    request: z.object({ name: BackupName }).strict(),
    response: ImportReport,
  }),
  getSettings: method({
    description: 'The stored settings; a key left out has its default (°C, system theme, the embedded broker…).',
    rest: { method: 'GET', path: '/api/settings' },
    access: { level: 'read' },
    request: Empty,
    response: Settings,
  }),
  updateSettings: method({
    description:
      'Changes the given keys (`null` clears one) and answers with all settings. A new broker URL reconnects the hub; a new location moves the sun times.',
    rest: { method: 'PATCH', path: '/api/settings' },
    access: { level: 'admin' },
    request: SettingsPatch,
    response: Settings,
  }),
  setMqttPassword: method({
    description:
      'Stores the broker password as a secret (`null` removes it) and reconnects; never echoed back, only whether one is stored.',
    rest: { method: 'PUT', path: '/api/settings/mqtt-password' },
    access: { level: 'admin' },
    request: z.object({ password: z.string().min(1).max(500).nullable() }).strict(),
    response: z.object({ stored: z.boolean() }),
  }),
  getMqttPasswordStatus: method({
    description: 'Whether a broker password is stored (the password itself is never sent).',
    rest: { method: 'GET', path: '/api/settings/mqtt-password' },
    access: { level: 'admin' },
    request: Empty,
    response: z.object({ stored: z.boolean() }),
  }),
  listDiscovery: method({
    description: 'The discovery inbox: devices found on the network that are neither added nor ignored.',
    rest: { method: 'GET', path: '/api/discovery' },
    access: { level: 'admin' },
    request: Empty,
    response: z.array(DiscoveryEntry),
  }),
  addDiscovered: method({
    description:
      'Adds a found device and answers with the devices it brings (a Hue bridge has several); 409 `needs_pairing` until it is paired, 503 when it does not answer. For an entry with `move`, confirms the move of the added device to the new address.',
    rest: { method: 'POST', path: '/api/discovery/:id/add', status: 201 },
    access: { level: 'admin' },
    request: z
      .object({ id: z.string(), name: z.string().max(200).optional(), roomId: z.string().min(1).max(100).optional() })
      .strict(),
    response: z.array(Device),
  }),
  pairDiscovered: method({
    description:
      'Pairs a found device: the Hue link button (keeps trying for `pairingWindowMs`), a Shelly password; 409 `pairing_failed` with the reason.',
    rest: { method: 'POST', path: '/api/discovery/:id/pair' },
    access: { level: 'admin' },
    request: z.object({ id: z.string(), password: z.string().max(200).optional() }).strict(),
    response: DiscoveryEntry,
  }),
  ignoreDiscovered: method({
    description:
      'Hides a found device; remembered until it is asked for by address. For an entry with `move`, keeps the added device where it is.',
    rest: { method: 'POST', path: '/api/discovery/:id/ignore', body: 'ignore' },
    access: { level: 'admin' },
    request: z.object({ id: z.string() }).strict(),
    response: Removed,
  }),
  addManualDevice: method({
    description:
      '"Add by address" for networks that block multicast: asks what is at host[:port] (`integration`: shelly, wled, hue, elgato, mpd, sonos); 404 when nothing answers.',
    rest: { method: 'POST', path: '/api/discovery/manual' },
    access: { level: 'admin' },
    request: z
      .object({
        host: z.string().min(1).max(300),
        port: z.number().int().min(1).max(65535).optional(),
        integration: z.string().max(50).optional(),
      })
      .strict(),
    response: DiscoveryEntry,
  }),
  listSessions: method({
    description: 'The browsers signed in with a session cookie (see Signing in), newest first; `current` marks the caller’s own.',
    rest: { method: 'GET', path: '/api/sessions' },
    access: { level: 'admin' },
    request: Empty,
    response: z.array(BrowserSession),
  }),
  revokeSession: method({
    description: 'Signs one browser out: its cookie stops working and its open connections close.',
    rest: { method: 'DELETE', path: '/api/sessions/:id' },
    access: { level: 'admin' },
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: Removed,
  }),
  ...roomMethods,
  ...automationMethods,
  ...userMethods,
  ...meetingMethods,
  ...calendarMethods,
  ...brokerMethods,
  ...deviceMethods,
} as const;

export type MethodName = keyof typeof methods;
type Methods = typeof methods;
/** What a client sends (before defaults and transforms). */
export type MethodRequest<M extends MethodName> = z.input<Methods[M]['request']>;
/** What a client receives once it has parsed the answer. */
export type MethodResponse<M extends MethodName> = z.output<Methods[M]['response']>;
/** What a handler receives: the validated request, defaults filled in. */
export type HandlerRequest<M extends MethodName> = z.output<Methods[M]['request']>;
/** What a handler answers: the wire form of the response schema. */
export type HandlerResponse<M extends MethodName> = z.input<Methods[M]['response']>;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

/** Own keys only: `__proto__`, `constructor` and other inherited names are not methods. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** One row seen through the handler types (see `routes`). */
export interface TypedRow<M extends MethodName> {
  readonly request: z.ZodType<HandlerRequest<M>, MethodRequest<M>>;
  readonly response: z.ZodType<MethodResponse<M>, HandlerResponse<M>>;
  readonly rest: RestRoute<HandlerResponse<M>>;
  readonly access?: RowAccess<HandlerRequest<M>, HandlerResponse<M>>;
}
/**
 * The same table, checked row by row against these types, so generic code (`routes[m].request.parse(…)` for some
 * `M`) gets `HandlerRequest<M>` without a cast.
 */
export const routes: { readonly [M in MethodName]: TypedRow<M> } = methods;

/** The HubApi's events: name → payload schema. Device changes are coalesced per device by the hub. */
export const events = {
  devicesChanged: event({
    description: 'Coalesced per device, at most one batch every 16 ms; a slow client keeps only the newest state of each device.',
    payload: z.object({ devices: z.array(Device) }),
    access: {
      level: 'read',
      rooms: { filter: (p, scope) => nonEmpty({ devices: p.devices.filter((d) => scope.room(d.roomId)) }, 'devices') },
    },
  }),
  deviceRemoved: event({
    description: 'E.g. after an empty retained discovery config.',
    payload: Removed,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.device(p.id) ? p : undefined) } },
  }),
  commandUpdate: event({
    description: 'A command went pending, was confirmed or failed; `source` says who sent it (a user or an automation).',
    payload: CommandUpdate,
    access: { level: 'read', rooms: { filter: (p, scope) => (scope.device(p.deviceId) ? p : undefined) } },
  }),
  diagnostic: event({
    description: 'Malformed discovery configs, payloads that are not JSON, template errors…',
    payload: Diagnostic,
  }),
  mqttStatus: event({
    description: 'The broker connection changed state.',
    payload: MqttStatus,
    access: { level: 'read', rooms: 'unscoped' },
  }),
  roomsChanged: event({
    description: 'After any room is created, renamed or deleted, or a backup restored.',
    payload: z.object({ rooms: z.array(Room) }),
    access: { level: 'read', rooms: { filter: (p, scope) => ({ rooms: p.rooms.filter((r) => scope.room(r.id)) }) } },
  }),
  logbookEntry: event({
    description: 'Each new logbook entry as it happens.',
    payload: LogbookEntry,
    access: { level: 'read', rooms: { filter: (p, scope) => (inScope(p, scope) ? p : undefined) } },
  }),
  discoveryChanged: event({
    description: 'The inbox after every change (found, gone, added, ignored, paired).',
    payload: z.object({ devices: z.array(DiscoveryEntry) }),
    access: { level: 'admin' },
  }),
  settingsChanged: event({
    description: 'All settings, after any of them changed (also by a restored backup).',
    payload: Settings,
  }),
  ...roomEvents,
  ...automationEvents,
  ...meetingEvents,
  ...calendarEvents,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]['payload']>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export const API_ERROR_CODES = [
  'invalid',
  'not_found',
  'not_writable',
  'unavailable',
  'timeout',
  'unauthorized',
  'forbidden',
  'internal',
  'needs_pairing',
  'pairing_failed',
  'rate_limited',
  'wrong_host',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export const ApiErrorBody = z.object({ code: z.enum(API_ERROR_CODES), message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_writable: 409,
  needs_pairing: 409,
  pairing_failed: 409,
  rate_limited: 429,
  wrong_host: 421,
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

/**
 * WebSocket frames (JSON). The first client frame must be `auth`: with the token, or without one when the
 * upgrade carried a signed-in browser's session cookie.
 */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().optional() }),
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
