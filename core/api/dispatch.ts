/**
 * The handler types and the one validation step, derived from the contract table: every transport
 * (REST, WebSocket, Electron IPC) calls a `Handlers` entry, which parses the request with the row's
 * schema before the implementation sees it.
 */
import type { ClientKind, Principal } from '../model';
import { ApiError, isMethodName, routes, type HandlerRequest, type HandlerResponse, type MethodName } from './contract';

export interface CallContext {
  /** Which client made the call: the desktop window (IPC), a browser (WebSocket) or a script (REST). */
  client: ClientKind;
  /** The signed-in browser's session handle, when the call came with a session cookie (not the token). */
  session?: string | undefined;
  /**
   * The user the token or session stands for (access.ts decides what it may do). Absent only for calls from the
   * hub's own process (the desktop window over IPC, tests): those are the owner's.
   */
  principal?: Principal | undefined;
}

/** An implementation: receives the validated request (defaults filled in), answers the response's wire form. */
export type MethodHandler<M extends MethodName> = (
  request: HandlerRequest<M>,
  context: CallContext,
) => Promise<HandlerResponse<M>>;

/** What transports call: untrusted parameters in, validated against the method's row, then the implementation. */
export type Handler<M extends MethodName> = (params: unknown, context?: CallContext) => Promise<HandlerResponse<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** Scripts and tests that call a handler directly are treated like REST callers. */
const DEFAULT_CONTEXT: CallContext = { client: 'api' };

/** Wraps an implementation with its row's request validation. */
export function handle<M extends MethodName>(name: M, implementation: MethodHandler<M>): Handler<M> {
  return async (params, context = DEFAULT_CONTEXT) => implementation(parseRequest(name, params), context);
}

export function parseRequest<M extends MethodName>(name: M, params: unknown): HandlerRequest<M> {
  const result = routes[name].request.safeParse(params ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ApiError('invalid', `Invalid ${name} request: ${where}${issue?.message ?? 'malformed'}`);
}

/** Dispatch by a name that came over a wire (WebSocket, IPC): only the table's own method names. */
export function invoke(handlers: Handlers, name: unknown, params: unknown, context: CallContext): Promise<unknown> {
  if (!isMethodName(name)) return Promise.reject(new ApiError('invalid', `Unknown method "${String(name)}"`));
  return handlers[name](params, context);
}
