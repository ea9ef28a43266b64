/**
 * HTTPS to a Hue bridge with its self-signed certificate pinned: trusted on first pairing (its
 * SHA-256 fingerprint is remembered), refused afterwards if it changes. The fingerprint is checked
 * on the TLS handshake before a single byte of the request (and its application key) is sent.
 */
import http from 'node:http';
import { isIP } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { DeviceUnreachableError, tooLarge } from '../lan/http';
import { parseDeviceJson } from '../../util/safe-json';

export class CertificateMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `presented a different certificate than when it was paired (SHA-256 ${short(actual)} instead of ${short(expected)}). ` +
        'If the bridge was reset or replaced, remove it and pair it again; otherwise another device may be pretending to be it.',
    );
    this.name = 'CertificateMismatchError';
  }
}

const short = (fingerprint: string) => `${fingerprint.slice(0, 23)}…`;

export interface PinnedTarget {
  host: string;
  port: number;
  /** Expected SHA-256 fingerprint (`AB:CD:…`); undefined = trust on first use and report what was seen. */
  fingerprint?: string;
  timeoutMs?: number;
}

export async function connectPinned(target: PinnedTarget): Promise<{ socket: TLSSocket; fingerprint: string }> {
  const timeoutMs = target.timeoutMs ?? 3000;
  const socket = tls.connect({
    host: target.host,
    port: target.port,
    // The bridge's certificate is self-signed; the pin below replaces the CA check.
    rejectUnauthorized: false,
    ...(isIP(target.host) ? {} : { servername: target.host }),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DeviceUnreachableError(`did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new DeviceUnreachableError(
          error.code === 'ECONNREFUSED' ? 'refused the connection' : `failed the secure connection (${error.message})`,
        ),
      );
    });
  });
  const fingerprint = socket.getPeerCertificate().fingerprint256;
  if (!fingerprint) {
    socket.destroy();
    throw new DeviceUnreachableError('presented no certificate');
  }
  if (target.fingerprint && fingerprint !== target.fingerprint) {
    socket.destroy();
    throw new CertificateMismatchError(target.fingerprint, fingerprint);
  }
  return { socket, fingerprint };
}

export interface PinnedResponse {
  status: number;
  body: unknown;
  fingerprint: string;
}

export const HUE_BODY_LIMIT = 4 << 20;

/** One request on its own pinned connection. */
export async function pinnedRequest(
  target: PinnedTarget,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<PinnedResponse> {
  const { socket, fingerprint } = await connectPinned(target);
  const timeoutMs = target.timeoutMs ?? 3000;
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: request.method ?? 'GET',
        path: request.path,
        host: target.host,
        headers: {
          Accept: 'application/json',
          Connection: 'close',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...request.headers,
        },
        createConnection: () => socket,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // A big bridge's full resource list runs to a few MiB: more than the 1 MiB default of other devices.
          if (size > HUE_BODY_LIMIT) req.destroy(tooLarge(`${target.host}${request.path}`, HUE_BODY_LIMIT));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? parseDeviceJson(text) : undefined;
          } catch {
            // not JSON: left as text
          }
          resolve({ status: res.statusCode ?? 0, body, fingerprint });
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new DeviceUnreachableError(`did not answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof DeviceUnreachableError ? error : new DeviceUnreachableError(`dropped the connection (${error.message})`),
      );
    });
    req.end(payload);
  });
}

/** A long-lived GET (the eventstream) on a pinned connection; `onChunk` gets text as it arrives. */
export async function pinnedStream(
  target: PinnedTarget,
  request: { path: string; headers?: Record<string, string> },
  onChunk: (text: string) => void,
): Promise<{ ended: Promise<string>; close(): void }> {
  const { socket } = await connectPinned(target);
  socket.setKeepAlive(true, 10_000);
  return new Promise((resolve, reject) => {
    let settle: (reason: string) => void = () => {};
    const ended = new Promise<string>((r) => (settle = r));
    const req = http.request(
      {
        method: 'GET',
        path: request.path,
        host: target.host,
        headers: { Accept: 'text/event-stream', ...request.headers },
        createConnection: () => socket,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          req.destroy();
          return reject(
            new DeviceUnreachableError(
              res.statusCode === 403
                ? 'no longer accepts our application key: pair it again'
                : `answered the event stream with HTTP ${res.statusCode}`,
            ),
          );
        }
        res.setEncoding('utf8');
        res.on('data', (text: string) => onChunk(text));
        res.on('end', () => settle('closed its event stream'));
        res.on('error', () => settle('dropped its event stream'));
        resolve({ ended, close: () => req.destroy() });
      },
    );
    req.on('error', (error) => {
      settle('dropped its event stream');
      reject(new DeviceUnreachableError(`refused the event stream (${error.message})`));
    });
    req.on('close', () => settle('dropped its event stream'));
    req.end();
  });
}
