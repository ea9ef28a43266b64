/** Test helpers for the LAN device tests: wait for pushed messages without sleeping. */
import http from 'node:http';
import https from 'node:https';
import { WebSocket } from 'ws';

/** A WebSocket client that queues every message so a test can await the next one. */
export class WsProbe {
  readonly ws: WebSocket;
  private readonly queue: unknown[] = [];
  private waiters: Array<(msg: unknown) => void> = [];
  readonly closed: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as unknown;
      const waiter = this.waiters.shift();
      if (waiter) waiter(msg);
      else this.queue.push(msg);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()));
    this.ws.on('error', () => {}); // a dropped device is an expected outcome in these tests
  }

  opened(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  next<T = Record<string, unknown>>(timeoutMs = 2000): Promise<T> {
    if (this.queue.length) return Promise.resolve(this.queue.shift() as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no WebSocket message')), timeoutMs);
      this.waiters.push((msg) => {
        clearTimeout(timer);
        resolve(msg as T);
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

/**
 * HTTP(S) request pinned to one certificate (`ca`): the Hue bridge's cert names its bridge
 * id, not 127.0.0.1, so the host-name check is skipped as Hue clients do.
 */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.startsWith('https:') ? https : http;
    const req = transport.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, checkServerIdentity: () => undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An open text stream (SSE) whose chunks can be awaited until a pattern shows up. */
export function openStream(url: string, options: { headers?: Record<string, string>; ca?: string } = {}) {
  let buffer = '';
  let notify: (() => void) | undefined;
  let res: http.IncomingMessage | undefined;
  const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
    const transport = url.startsWith('https:') ? https : http;
    const req = transport.get(url, { headers: options.headers, ca: options.ca, checkServerIdentity: () => undefined }, (r) => {
      res = r;
      r.setEncoding('utf8');
      r.on('data', (c: string) => {
        buffer += c;
        notify?.();
      });
      r.on('error', () => {});
      resolve(r);
    });
    req.on('error', reject);
  });
  return {
    ready,
    /** Resolves with (and consumes) the buffered text up to the first blank-line-terminated block matching `pattern`. */
    async until(pattern: RegExp, timeoutMs = 2000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const blocks = buffer.split('\n\n');
        const index = blocks.slice(0, -1).findIndex((b) => pattern.test(b));
        if (index >= 0) {
          const block = blocks[index]!;
          buffer = blocks.slice(index + 1).join('\n\n');
          return block;
        }
        if (Date.now() > deadline) throw new Error(`stream: no block matching ${pattern}; got ${JSON.stringify(buffer)}`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    close(): void {
      res?.destroy();
    },
  };
}
