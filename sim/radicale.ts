/**
 * A real CalDAV server for the virtual office and for tests: Debian's radicale (/usr/bin/radicale), started with a
 * throwaway config in a temporary directory, listening on 127.0.0.1 only, htpasswd users with plain passwords
 * (Debian's radicale 3.1 has passlib but no bcrypt module, and these users exist only for the run).
 * Plain HTTP helpers speak to it (MKCALENDAR, PUT, DELETE, REPORT) so a test can check what the hub wrote
 * without going through the hub's own client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const RADICALE = '/usr/bin/radicale';

export function radicaleInstalled(): boolean {
  return existsSync(RADICALE);
}

export interface Radicale {
  /** http://127.0.0.1:<port>/ */
  url: string;
  port: number;
  /** The URL of `user`'s calendar collection `name`. */
  calendarUrl(user: string, name: string): string;
  /** Creates a calendar collection (MKCALENDAR) and answers its URL. */
  makeCalendar(user: string, password: string, name: string, displayName?: string): Promise<string>;
  /** Writes one object (`<uid>.ics`), answering its ETag. */
  put(calendarUrl: string, auth: { user: string; password: string }, uid: string, ics: string): Promise<string | undefined>;
  remove(calendarUrl: string, auth: { user: string; password: string }, uid: string): Promise<void>;
  /** A plain calendar-query REPORT: every object's calendar-data, by href. */
  report(calendarUrl: string, auth: { user: string; password: string }): Promise<{ href: string; data: string }[]>;
  stop(): Promise<void>;
}

export async function startRadicale(users: Record<string, string>): Promise<Radicale> {
  if (!radicaleInstalled()) throw new Error(`radicale is not installed (${RADICALE}); apt-get install radicale`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeroom-radicale-'));
  const port = await freePort();
  await writeFile(
    path.join(dir, 'users'),
    Object.entries(users)
      .map(([u, p]) => `${u}:${p}`)
      .join('\n') + '\n',
  );
  await writeFile(
    path.join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${path.join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${path.join(dir, 'collections')}`,
      '[web]',
      'type = none',
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  );
  const child = await launch(['--config', path.join(dir, 'config')], port);
  const base = `http://127.0.0.1:${port}/`;
  const header = (auth: { user: string; password: string }) =>
    `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;

  return {
    url: base,
    port,
    calendarUrl: (user, name) => `${base}${encodeURIComponent(user)}/${encodeURIComponent(name)}/`,
    async makeCalendar(user, password, name, displayName = name) {
      const url = `${base}${encodeURIComponent(user)}/${encodeURIComponent(name)}/`;
      const body = `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>${displayName.replace(/[<&]/g, '')}</D:displayname>
  <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set>
</C:mkcalendar>`;
      const response = await fetch(url, {
        method: 'MKCALENDAR',
        headers: { authorization: header({ user, password }), 'content-type': 'application/xml' },
        body,
      });
      if (response.status !== 201) throw new Error(`MKCALENDAR ${url}: ${response.status} ${await response.text()}`);
      return url;
    },
    async put(calendarUrl, auth, uid, ics) {
      const response = await fetch(`${calendarUrl}${encodeURIComponent(uid)}.ics`, {
        method: 'PUT',
        headers: { authorization: header(auth), 'content-type': 'text/calendar; charset=utf-8' },
        body: ics,
      });
      if (!response.ok) throw new Error(`PUT ${uid}: ${response.status} ${await response.text()}`);
      return response.headers.get('etag') ?? undefined;
    },
    async remove(calendarUrl, auth, uid) {
      const response = await fetch(`${calendarUrl}${encodeURIComponent(uid)}.ics`, {
        method: 'DELETE',
        headers: { authorization: header(auth) },
      });
      if (!response.ok) throw new Error(`DELETE ${uid}: ${response.status}`);
    },
    async report(calendarUrl, auth) {
      const response = await fetch(calendarUrl, {
        method: 'REPORT',
        headers: { authorization: header(auth), depth: '1', 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>`,
      });
      if (response.status !== 207) throw new Error(`REPORT: ${response.status}`);
      const xml = await response.text();
      const out: { href: string; data: string }[] = [];
      for (const match of xml.matchAll(/<(?:\w+:)?response>([\s\S]*?)<\/(?:\w+:)?response>/g)) {
        const part = match[1] ?? '';
        const href = /<(?:\w+:)?href>([^<]*)</.exec(part)?.[1] ?? '';
        const data = /<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/.exec(part)?.[1];
        if (data !== undefined) out.push({ href, data: unescapeXml(data) });
      }
      return out;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#13;/g, '\r')
    .replace(/&amp;/g, '&');
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(RADICALE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`radicale exited early (${child.exitCode}): ${stderr.trim()}`);
    if (await canConnect(port)) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`radicale did not listen on port ${port} within 20 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
