import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serve the built UI; unknown paths get index.html (the UI's own routes: `/rooms/kitchen` reloads as
 * itself). The build links its files relatively (`./assets/…`, for Electron's file://), so a page at
 * `/rooms/kitchen` asks for `/rooms/assets/…`: such a request is answered from the one assets folder.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  const file = normalize(join(root, relative));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  const target = (await isFile(file)) ? file : ((await nestedAsset(root, relative)) ?? join(root, 'index.html'));
  if (!(await isFile(target))) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The Homeroom UI has not been built. Run `npm run build:renderer`, then reload.');
    return;
  }
  const hashed = target.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(target).pipe(res);
}

async function nestedAsset(root: string, relative: string): Promise<string | undefined> {
  const at = relative.lastIndexOf('/assets/');
  if (at <= 0) return undefined;
  const name = relative.slice(at + '/assets/'.length);
  if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.')) return undefined;
  const file = join(root, 'assets', name);
  return (await isFile(file)) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
