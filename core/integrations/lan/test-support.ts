/**
 * Test-only helpers for the LAN integrations: what a simulated device received (so tests assert
 * the exact documented request), the recorded protocol fixtures, and waiting without sleeping.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Registry } from '../../registry/registry';
import type { Device } from '../../model';
import { protocolFile } from '../../../fixtures';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json(): unknown;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Wraps a simulated device's request handler; every request (with its body) is appended to the returned list. */
export function recordRequests(device: object): Received[] {
  const target = device as { handle: Handler };
  const original = target.handle.bind(device);
  const received: Received[] = [];
  target.handle = async (req, res) => {
    let forward: IncomingMessage = req;
    let body = '';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const buffer = Buffer.concat(chunks);
      body = buffer.toString('utf8');
      forward = Object.assign(Readable.from([buffer]), {
        method: req.method,
        url: req.url,
        headers: req.headers,
        socket: req.socket,
      }) as unknown as IncomingMessage;
    }
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: () => JSON.parse(body) });
    return original(forward, res);
  };
  return received;
}

/** A JSON recording under fixtures/protocols, e.g. `wled/GET-json-state-0.15.3.json`. */
export function protocolJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(protocolFile(path)) as T;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 2000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the device once `predicate` holds (checked on every registry change). */
export function deviceWhere(
  registry: Registry,
  id: string,
  predicate: (d: Device) => boolean,
  timeoutMs = 2000,
): Promise<Device> {
  return waitFor(
    () => {
      const device = registry.get(id);
      return device && predicate(device) ? device : undefined;
    },
    timeoutMs,
    `${id} to match`,
  );
}
