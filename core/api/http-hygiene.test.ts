/**
 * The HTTP server against a hostile client on loopback: the Host allowlist (DNS rebinding), the
 * WebSocket Origin check, failed sign-ins rate-limited per client and logged once per burst, bad
 * percent-encoding, and what a fuzzing client writes to the log.
 */
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import type { Logger } from '../util/logger';

const token = 'hygiene-test-token-0123456789abcdef';
let hub: Hub | undefined;
let lines: { level: string; message: string }[] = [];
const logger: Logger = {
  debug: (message) => lines.push({ level: 'debug', message }),
  info: (message) => lines.push({ level: 'info', message }),
  warn: (message) => lines.push({ level: 'warn', message }),
  error: (message) => lines.push({ level: 'error', message }),
};

async function boot(allowedHosts?: string[]): Promise<Hub> {
  lines = [];
  const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
  hub = await startHub(
    { embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token, uiDir, ...(allowedHosts ? { allowedHosts } : {}) } },
    { logger },
  );
  return hub;
}

afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

const port = () => Number(new URL(hub!.url!).port);

/** A raw request, so that the Host header is exactly what a rebinding page's browser would send. */
function raw(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port(), path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens /api/ws with the given headers: 'open' or the HTTP status of the refusal. */
function upgrade(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}/api/ws`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (error) => reject(error));
  });
}

const bearer = { Authorization: `Bearer ${token}` };

describe('Host allowlist', () => {
  it('serves loopback names and refuses other hosts with 421', async () => {
    await boot();
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, 'LOCALHOST']) {
      expect((await raw('/api/devices', { ...bearer, Host: host })).status, host).toBe(200);
    }
    const evil = await raw('/api/devices', { ...bearer, Host: 'evil.example' });
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body)).toEqual({ code: 'wrong_host', message: expect.stringMatching(/evil\.example/) });
    expect((await raw('/', { Host: `evil.example:${port()}` })).status).toBe(421);
  });

  it('serves the names it is told to (--allow-host)', async () => {
    await boot(['homeroom.lan']);
    expect((await raw('/api/devices', { ...bearer, Host: `homeroom.lan:${port()}` })).status).toBe(200);
    expect((await raw('/api/devices', { ...bearer, Host: 'other.lan' })).status).toBe(421);
  });

  it('the page may open WebSockets only to the hub it came from (connect-src names that host, not any)', async () => {
    await boot(['homeroom.lan']);
    const csp = (await raw('/', { Host: `homeroom.lan:${port()}` })).headers['content-security-policy'];
    expect(csp).toContain(`connect-src 'self' ws://homeroom.lan:${port()} wss://homeroom.lan:${port()};`);
    expect(csp).not.toMatch(/connect-src[^;]* ws: /);
  });

  it('a rebinding page (Origin and Host both the attacker’s name) cannot open the WebSocket', async () => {
    await boot();
    const evil = `evil.example:${port()}`;
    expect(await upgrade({ Host: evil, Origin: `http://${evil}` })).toBe(421);
    expect(await upgrade({ Origin: `http://${evil}` })).toBe(403);
    expect(await upgrade({ Origin: `http://127.0.0.1:${port()}` })).toBe('open');
    expect(await upgrade({ Origin: `http://localhost:${port()}`, Host: `localhost:${port()}` })).toBe('open');
  });
});

describe('failed authentication', () => {
  it('answers 429 with Retry-After after 10 wrong tokens in a minute, and logs the burst once', async () => {
    await boot();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await raw('/api/devices', { Authorization: `Bearer wrong-${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    const limited = await raw('/api/devices', bearer);
    // While limited even the right token waits: otherwise the 429 would still be an oracle.
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const burst = lines.filter((l) => /failed sign-in|wrong token/i.test(l.message));
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ level: 'warn', message: expect.stringContaining('127.0.0.1') });
  });

  it('counts wrong tokens sent on the WebSocket and at sign-in too', async () => {
    await boot();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${hub!.url}api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: `wrong-${i}` }),
      });
      expect(res.status).toBe(401);
    }
    expect(await upgrade({})).toBe(429);
  });
});

describe('errors', () => {
  it('a bad percent escape is a 400 without a stack, and client errors are logged at debug only', async () => {
    await boot();
    for (const path of ['/api/devices/%E0%A4%A', '/api/devices/%zz', '/api/nope', '/%E0%A4%A']) {
      const res = await raw(path, bearer);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toMatch(/at .*\.ts|Error:/);
    }
    expect((await raw('/api/devices/%E0%A4%A', bearer)).status).toBe(400);
    expect(lines.filter((l) => l.level !== 'debug' && l.level !== 'info')).toEqual([]);
    expect(lines.some((l) => l.message.includes('\n    at '))).toBe(false);
  });
});
