/**
 * The shape of one row of the HubApi table (contract.ts): a method's REST route, its request and
 * response schemas and what it does. Pure: imported by core and renderer alike.
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRoute<Response> {
  method: HttpMethod;
  /** Starts with `/api/`; a `:name` segment fills the request key `name` (and wins over query and body). */
  path: string;
  /**
   * Where a JSON body goes: merged into the request (default), into one request key (`{ into: 'command' }`: the body
   * is the command), or `'ignore'` (not read). GET and DELETE never read a body; query parameters are always merged.
   */
  body?: { into: string } | 'ignore';
  /** The HTTP status of a success (default 200); a function for answers that report a refusal themselves. */
  status?: number | ((response: Response) => number);
  /** Larger than an ordinary request (a backup). */
  maxBodyBytes?: number;
  /** Served as a download named `<attachment>-<YYYY-MM-DD>.json`. */
  attachment?: string;
}

/**
 * Who may call a row (core/api/access.ts decides; docs/architecture.md, "Access"):
 * - `read`: admin and member; a guest or board only with a room scope;
 * - `control`: the same, but never a board (read-only);
 * - `member`: admin and member only (rooms, scenes, automations, people);
 * - `admin`: admin only (settings, users, backups, discovery, sessions).
 */
export type AccessLevel = 'read' | 'control' | 'member' | 'admin';

/** What a room-limited caller (guest, board) may reach: its own rooms, and the devices in them. */
export interface RoomScopeCheck {
  room(roomId: string | undefined): boolean;
  device(deviceId: string | undefined): boolean;
}

/** The request keys whose value is a string (a room's or a device's id). */
type StringKey<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T] & string;

/**
 * How a row's room is found, for guests and boards. Without one, a room-limited caller is refused the row.
 * - `{ roomParam }`: the request key holding a room id (`:roomId`);
 * - `{ deviceParam }`: the request key holding a device id; its room is looked up;
 * - `{ filter }`: the answer is cut down to the caller's rooms (lists);
 * - `'unscoped'`: the row is about no room (health, who am I): every role may use it at its level.
 */
export type RoomScope<Request, Response> =
  | { roomParam: StringKey<Request> }
  | { deviceParam: StringKey<Request> }
  | { filter: (response: Response, scope: RoomScopeCheck) => Response }
  | 'unscoped';

export interface RowAccess<Request, Response> {
  level: AccessLevel;
  rooms?: RoomScope<Request, Response>;
}

export interface MethodRow<Request extends z.ZodType, Response extends z.ZodType> {
  /** One or two sentences for docs/api.md. */
  description: string;
  request: Request;
  response: Response;
  rest: RestRoute<z.input<Response>>;
  /** Who may call it; absent: GET is `read`, anything else `control`, and no room scope (guests and boards refused). */
  access?: RowAccess<z.output<Request>, z.input<Response>>;
}

/** Declares one method; keeps the row's exact schema types (the handler and client types are derived from them). */
export function method<Request extends z.ZodType, Response extends z.ZodType>(
  row: MethodRow<Request, Response>,
): MethodRow<Request, Response> {
  return row;
}

/**
 * Who receives an event: `read` (default) reaches admin and member, and a guest or board only through `rooms`
 * (`'unscoped'`, or a filter that cuts the payload to the caller's rooms; `undefined` drops it); `admin`: admins only.
 */
export interface EventAccess<Payload> {
  level: 'read' | 'admin';
  rooms?: { filter: (payload: Payload, scope: RoomScopeCheck) => Payload | undefined } | 'unscoped';
}

export interface EventRow<Payload extends z.ZodType> {
  description: string;
  payload: Payload;
  access?: EventAccess<z.output<Payload>>;
}

export function event<Payload extends z.ZodType>(row: EventRow<Payload>): EventRow<Payload> {
  return row;
}

/** A time as ms since the epoch or an ISO 8601 string (REST query parameters are strings). */
export const Time = z.union([z.number().int(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time such as 2026-11-23T10:00:00Z' });
    return z.NEVER;
  }
  return ms;
});

/** A logbook entry is in scope when its room is, or (without a room) its device's room. */
export function inScope(entry: { roomId?: string | undefined; deviceId?: string | undefined }, scope: RoomScopeCheck): boolean {
  return entry.roomId !== undefined ? scope.room(entry.roomId) : scope.device(entry.deviceId);
}

/** An event payload whose list came out empty after filtering is not sent at all. */
export function nonEmpty<P extends Record<K, readonly unknown[]>, K extends string>(payload: P, key: K): P | undefined {
  return payload[key].length > 0 ? payload : undefined;
}
