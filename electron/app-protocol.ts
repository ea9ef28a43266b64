/**
 * The UI is served from `app://homeroom/…`, a privileged custom scheme, not `file://` (Electron's security
 * checklist, "Avoid usage of the file:// protocol"): a page on it reaches only the built renderer folder,
 * never the rest of the disk. Pure: main.ts registers the scheme and calls `resolveAppRequest` from
 * `protocol.handle`; this module decides which file (if any) a URL names.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'homeroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * For `protocol.registerSchemesAsPrivileged` (before `ready`): standard (relative URLs and an origin),
 * secure (like https, so the page is a secure context), fetch for the page's own assets. No CORS bypass,
 * no service workers, no streaming privileges: the UI needs none.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** The window's first page (the renderer uses a hash router, so this is the only document). */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export type AppRequest =
  { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Which file under `root` (the built renderer folder) a request names. Refused: another scheme or host,
 * a method other than GET/HEAD, a bad percent escape, a NUL, a backslash, and any path that leaves `root`
 * after decoding and normalising (`..`, `%2e%2e`, `%2f`). Only known asset types are served.
 */
export function resolveAppRequest(root: string, url: string, method = 'GET'): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'only GET and HEAD' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return { ok: false, status: 403, reason: 'not the app’s origin' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent escape' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'bad character in path' };
  // The URL parser already resolved literal (and %2e) dot segments; a `..` left after decoding came from an
  // encoded slash (`..%2f`), which no page of ours asks for.
  if (decoded.split('/').includes('..')) return { ok: false, status: 403, reason: 'outside the app' };
  const relative = path.posix.normalize(decoded === '/' ? '/index.html' : decoded).replace(/^\/+/, '');
  if (relative === '' || relative === '.' || relative.split('/').includes('..'))
    return { ok: false, status: 403, reason: 'outside the app' };
  const base = path.resolve(root);
  const file = path.resolve(base, ...relative.split('/'));
  // The decisive check, whatever the platform's separators: the file is inside root.
  const within = path.relative(base, file);
  if (within === '' || within.startsWith('..') || path.isAbsolute(within))
    return { ok: false, status: 403, reason: 'outside the app' };
  const contentType = TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: 'not an asset type the app serves' };
  return { ok: true, file, contentType };
}

/** Whether a frame shows our own UI (checked on every IPC call, navigation and permission request). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
