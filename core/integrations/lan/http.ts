/**
 * Plain HTTP for LAN devices: JSON in and out, a short timeout (a device on the LAN answers in
 * milliseconds or not at all) and errors in words a person understands.
 */
import { parseDeviceJson } from '../../util/safe-json';

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
/** Device answers are small; a larger one is not a device we speak to (an integration may allow more). */
export const DEVICE_BODY_LIMIT = 1 << 20;

/** "1 MiB", "512 KiB": the cap as people read it. */
export function sizeText(bytes: number): string {
  return bytes >= 1 << 20 && bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

export function tooLarge(where: string, maxBytes: number): DeviceUnreachableError {
  return new DeviceUnreachableError(
    `answered ${where} with more than ${sizeText(maxBytes)}; a device's answer may be at most ${sizeText(maxBytes)}`,
  );
}

/**
 * Reads a body chunk by chunk and stops at `maxBytes`: the whole answer is never held first and
 * checked afterwards (a spoofed device streaming without end once took the hub to 3 GB).
 */
export async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number, where: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(where, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function httpJson(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
    /** The most this answer may be (default DEVICE_BODY_LIMIT). */
    maxBytes?: number;
  } = {},
): Promise<HttpResult> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = init.maxBytes ?? DEVICE_BODY_LIMIT;
  // One deadline for the headers and the whole body.
  const signal = AbortSignal.timeout(timeoutMs);
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
      signal,
      redirect: 'error',
    });
  } catch (error) {
    throw new DeviceUnreachableError(describeFetchError(error, timeoutMs));
  }
  const where = describeUrl(url);
  const length = Number(response.headers.get('content-length') ?? NaN);
  let text: string;
  try {
    if (length > maxBytes) throw tooLarge(where, maxBytes);
    text = response.body ? (await readCapped(response.body, maxBytes, where)).toString('utf8') : '';
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    if (error instanceof DeviceUnreachableError) throw error;
    throw new DeviceUnreachableError(describeFetchError(signal.aborted ? signal.reason : error, timeoutMs));
  }
  let body: unknown = undefined;
  if (text) {
    try {
      body = parseDeviceJson(text);
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

/** `10.0.0.5:80/json/info`: where an answer came from, for error messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return url.slice(0, 200);
  }
}

/** `host` for a URL: IPv6 addresses go in brackets. */
export function urlHost(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
