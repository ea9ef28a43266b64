/**
 * The virtual office's meeting-room calendars over HTTP, as a calendar service publishes an ICS address:
 * `GET /calendars/<roomId>.ics` on 127.0.0.1, with an ETag and Last-Modified, answering 304 to a conditional
 * request for a calendar that has not changed.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CalendarServer {
  /** The ICS URL of a meeting room. */
  urlOf(roomId: string): string;
  stop(): Promise<void>;
}

export async function startCalendarServer(
  calendars: readonly { roomId: string; ics(): string }[],
  options: { port?: number; now?: () => number } = {},
): Promise<CalendarServer> {
  const now = options.now ?? Date.now;
  const changedAt = new Map<string, { etag: string; at: number }>();
  const server: Server = createServer((req, res) => {
    const match = /^\/calendars\/([\w-]+)\.ics$/.exec(new URL(req.url ?? '/', 'http://sim').pathname);
    const calendar = match && calendars.find((c) => c.roomId === match[1]);
    if (req.method !== 'GET' || !calendar) {
      res.writeHead(req.method === 'GET' ? 404 : 405);
      return res.end();
    }
    const text = calendar.ics();
    const etag = `"${createHash('sha1').update(text).digest('hex').slice(0, 20)}"`;
    let seen = changedAt.get(calendar.roomId);
    if (seen?.etag !== etag) changedAt.set(calendar.roomId, (seen = { etag, at: Math.floor(now() / 1000) * 1000 }));
    const lastModified = new Date(seen.at).toUTCString();
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && since >= seen.at)) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      return res.end();
    }
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      etag,
      'last-modified': lastModified,
      'cache-control': 'no-cache',
    });
    res.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    urlOf: (roomId) => `http://127.0.0.1:${port}/calendars/${roomId}.ics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
