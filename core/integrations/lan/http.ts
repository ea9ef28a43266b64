/**
 * Plain HTTP for LAN devices: JSON in and out, a short timeout (a device on the LAN answers in
 * milliseconds or not at all) and errors in words a person understands.
 */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export class DeviceUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceUnreachableError';
  }
}

export const DEFAULT_TIMEOUT_MS = 3000;
/** Device answers are small; a larger one is not a device we speak to. */
const MAX_BODY_BYTES = 1 << 20;

export async function httpJson(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeviceUnreachableError(describeFetchError(error, timeoutMs));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new DeviceUnreachableError(describeFetchError(error, timeoutMs));
  }
  if (text.length > MAX_BODY_BYTES) throw new DeviceUnreachableError('answered with an unexpectedly large body');
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers: response.headers, body };
}

export function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `did not answer within ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'is not reachable on the network';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'has a name that does not resolve';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'dropped the connection';
  return error instanceof Error ? error.message : String(error);
}

/** `host` for a URL: IPv6 addresses go in brackets. */
export function urlHost(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
