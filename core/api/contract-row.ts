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

export interface MethodRow<Request extends z.ZodType, Response extends z.ZodType> {
  /** One or two sentences for docs/api.md. */
  description: string;
  request: Request;
  response: Response;
  rest: RestRoute<z.input<Response>>;
}

/** Declares one method; keeps the row's exact schema types (the handler and client types are derived from them). */
export function method<Request extends z.ZodType, Response extends z.ZodType>(
  row: MethodRow<Request, Response>,
): MethodRow<Request, Response> {
  return row;
}

export interface EventRow<Payload extends z.ZodType> {
  description: string;
  payload: Payload;
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
