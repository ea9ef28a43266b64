/**
 * HTTP for calendars: one timeout that covers the connection and the whole body, a size cap enforced while the body
 * streams in (a server that lies about Content-Length, or sends forever, is cut off), and every failure in words.
 * Used for ICS URLs directly and, as tsdav's `fetch`, for CalDAV.
 */
import { MAX_CALENDAR_BYTES } from '../model';
import { CalendarError } from './errors';

export const DEFAULT_CALENDAR_TIMEOUT_MS = 15_000;

export interface CappedFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** A `fetch` whose responses are fully read (capped, within the timeout) before they are handed back. */
export function cappedFetch(options: CappedFetchOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALENDAR_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_CALENDAR_BYTES;
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    try {
      let response: Response;
      try {
        response = await fetch(input, { ...init, signal: controller.signal, redirect: 'follow' });
      } catch (error) {
        throw describeFailure(error, controller.signal.aborted, url, timeoutMs);
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      let body: Uint8Array;
      try {
        body = await readCapped(response, maxBytes);
      } catch (error) {
        if (error instanceof CalendarError) throw error;
        throw describeFailure(error, controller.signal.aborted, url, timeoutMs);
      }
      return new Response(response.status === 204 || response.status === 304 ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): CalendarError {
  return new CalendarError(
    'too-large',
    `The calendar is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; the hub does not read it`,
  );
}

function describeFailure(error: unknown, aborted: boolean, url: string, timeoutMs: number): CalendarError {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the text */
  }
  if (aborted)
    return new CalendarError(
      'timeout',
      `${host} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} (timeout)`,
    );
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const code = cause?.code;
  const why =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'is not a known host name'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'closed the connection'
          : code?.startsWith('ERR_TLS') || code?.includes('CERT')
            ? `refused a secure connection (${code})`
            : `could not be reached${code ? ` (${code})` : ''}`;
  return new CalendarError('unreachable', `${host} ${why}`);
}

/** An HTTP status that is not a success, in words. */
export function statusError(status: number, host: string): CalendarError {
  if (status === 401 || status === 403)
    return new CalendarError('unauthorized', `${host} refused the username or password (${status})`);
  if (status === 404 || status === 410)
    return new CalendarError('not-found', `${host} has no calendar at that address (${status})`);
  return new CalendarError('http', `${host} answered ${status} instead of the calendar`);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
