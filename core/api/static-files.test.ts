/** The built UI over HTTP: a UI route reloads as index.html, and its relative asset links still load. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files';

const root = mkdtempSync(join(tmpdir(), 'homeroom-static-'));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<script src="./assets/index-abc.js"></script>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'outside-homeroom-static.js'), 'secret');
  server = createServer((req, res) => void serveStatic(root, req.url ?? '/', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'outside-homeroom-static.js'), { force: true });
});

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('serveStatic', () => {
  it('answers a UI route (a deep link, a reload) with index.html', async () => {
    for (const path of ['/rooms/kitchen', '/rooms/kitchen/devices/mqtt%3A1', '/logbook?period=7d', '/settings/backup']) {
      expect(await get(path), path).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    }
  });

  it('serves the relative asset links of a nested route from the one assets folder', async () => {
    const asset = { status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' };
    expect(await get('/assets/index-abc.js')).toEqual(asset);
    expect(await get('/rooms/assets/index-abc.js')).toEqual(asset);
    expect(await get('/rooms/kitchen/devices/assets/index-abc.js')).toEqual(asset);
  });

  it('never leaves the UI folder through an asset path', async () => {
    expect((await get('/rooms/assets/..%2F..%2Foutside-homeroom-static.js')).body).not.toBe('secret');
    expect((await get('/rooms/assets/%2E%2E%2F%2E%2E%2Foutside-homeroom-static.js')).body).not.toBe('secret');
  });
});
