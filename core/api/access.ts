/**
 * Authorisation, in one place: each contract row's `access` (contract-row.ts) says who may call it and how its room
 * is found; this module decides for a caller (a Principal) and wraps every handler and event stream with that
 * decision. REST, WebSocket and IPC all go through `guardHandlers`, so a row cannot be reached around it.
 * Pure decisions (`decide`, `eventDecision`), plus the wrapper that applies them.
 */
import { isRoomLimited, USER_ROLES, type Principal, type UserRole } from '../model';
import {
  ApiError,
  events,
  METHOD_NAMES,
  routes,
  type EventName,
  type HandlerRequest,
  type HandlerResponse,
  type MethodName,
  type TypedRow,
} from './contract';
import type { EventAccess, RoomScope, RoomScopeCheck, RowAccess } from './contract-row';
import { parseRequest, type CallContext, type Handler, type Handlers } from './dispatch';

export type { Principal };

const ROLE_WORD: Record<UserRole, string> = { admin: 'an admin', member: 'a member', guest: 'a guest', board: 'a board' };

/** A row's access with the defaults filled in: GET reads, anything else controls; no room scope. */
export function rowAccess<M extends MethodName>(name: M): RowAccess<HandlerRequest<M>, HandlerResponse<M>> {
  const row: TypedRow<M> = routes[name];
  return row.access ?? { level: row.rest.method === 'GET' ? 'read' : 'control' };
}

export type Decision<Scope> = { allowed: true; scope?: Scope } | { allowed: false; reason: string };

/**
 * May this role call this row at all, and if only within its rooms, how are they found?
 * `scope` is set for a guest or board: the caller must then check the request's room or filter the answer.
 */
export function decide<M extends MethodName>(
  role: UserRole,
  name: M,
): Decision<Exclude<RoomScope<HandlerRequest<M>, HandlerResponse<M>>, 'unscoped'>> {
  const access = rowAccess(name);
  if (role === 'admin') return { allowed: true };
  const refuse = (why: string) => ({ allowed: false as const, reason: `${name} is refused to ${ROLE_WORD[role]}: ${why}` });
  if (access.level === 'admin') return refuse('it needs an admin');
  if (role === 'member') return { allowed: true };
  if (access.level === 'member') return refuse('it needs a member or an admin');
  if (access.level === 'control' && role === 'board') return refuse('a board is read-only');
  if (access.rooms === undefined) return refuse('it is not limited to a room, and a guest or board may use only its rooms');
  if (access.rooms === 'unscoped') return { allowed: true };
  return { allowed: true, scope: access.rooms };
}

/** The methods a role may call (those needing a room only for its rooms): what `GET /api/me` reports. */
export function allowedMethods(role: UserRole): MethodName[] {
  return METHOD_NAMES.filter((name) => decide(role, name).allowed);
}

/** Whether an event reaches a role, and if only within its rooms, the filter that cuts it down. */
export function eventDecision<E extends EventName>(
  role: UserRole,
  name: E,
): { allowed: false } | { allowed: true; filter?: (payload: unknown, scope: RoomScopeCheck) => unknown } {
  const access = (events[name] as { access?: EventAccess<unknown> }).access ?? { level: 'read' };
  if (role === 'admin') return { allowed: true };
  if (access.level === 'admin') return { allowed: false };
  if (role === 'member') return { allowed: true };
  if (access.rooms === undefined) return { allowed: false };
  if (access.rooms === 'unscoped') return { allowed: true };
  return { allowed: true, filter: access.rooms.filter };
}

export interface AccessDeps {
  /** The room a device is in (undefined: unassigned or unknown). */
  deviceRoom(deviceId: string): string | undefined;
}

/** A guest's or board's rooms, and the devices in them. */
export function roomScope(principal: Principal, deps: AccessDeps): RoomScopeCheck {
  const rooms = new Set(principal.rooms);
  const room = (roomId: string | undefined) => roomId !== undefined && rooms.has(roomId);
  return { room, device: (deviceId) => deviceId !== undefined && room(deps.deviceRoom(deviceId)) };
}

/**
 * Every handler behind the access decision. A call without a principal comes from inside the hub's own process
 * (the desktop window over IPC, tests, scripts in-process): it is the owner. REST and WebSocket always set one.
 */
export function guardHandlers(handlers: Handlers, deps: AccessDeps): Handlers {
  const guarded = {} as Record<MethodName, Handler<MethodName>>;
  for (const name of METHOD_NAMES) guarded[name] = guard(name, handlers[name] as Handler<MethodName>, deps);
  return guarded as Handlers;
}

function guard<M extends MethodName>(name: M, handler: Handler<M>, deps: AccessDeps): Handler<M> {
  return async (params: unknown, context?: CallContext) => {
    const principal = context?.principal;
    if (!principal) return handler(params, context);
    const decision = decide(principal.role, name);
    if (!decision.allowed) throw new ApiError('forbidden', decision.reason);
    if (!decision.scope || !isRoomLimited(principal.role)) return handler(params, context);
    const check = roomScope(principal, deps);
    const scope = decision.scope;
    if ('filter' in scope) return scope.filter(await handler(params, context), check);
    // The request is parsed here as the handler will parse it: the room is read from the validated value.
    const request: Record<string, unknown> = parseRequest(name, params);
    const key: string = 'roomParam' in scope ? scope.roomParam : scope.deviceParam;
    const value = Object.hasOwn(request, key) ? request[key] : undefined;
    const id = typeof value === 'string' ? value : undefined;
    const inside = 'roomParam' in scope ? check.room(id) : check.device(id);
    if (!inside)
      throw new ApiError(
        'forbidden',
        `${name} is refused to ${ROLE_WORD[principal.role]}: ${'roomParam' in scope ? `the room "${id ?? ''}"` : `the device "${id ?? ''}"`} is not in ${principal.name}’s rooms`,
      );
    return handler(params, context);
  };
}

/**
 * What an event stream may send to a principal: the payload as it may see it, or undefined to drop it.
 * `principal()` is read for each event, so a changed role or room list applies at once.
 */
export function eventPermit(
  principal: () => Principal | undefined,
  deps: AccessDeps,
): (name: EventName, payload: unknown) => unknown {
  return (name, payload) => {
    const who = principal();
    if (!who) return undefined;
    const decision = eventDecision(who.role, name);
    if (!decision.allowed) return undefined;
    if (!decision.filter || !isRoomLimited(who.role)) return payload;
    return decision.filter(payload, roomScope(who, deps));
  };
}

/** Who may call a row, for docs/api.md: `admin, member, guest (its rooms)`. */
export function describeAccess(name: MethodName): string {
  return USER_ROLES.flatMap((role) => {
    const decision = decide(role, name);
    if (!decision.allowed) return [];
    return [decision.scope ? `${role} (its rooms)` : role];
  }).join(', ');
}
