/**
 * Resilience of the real headless hub (core/cli.ts, mDNS browsing on) against a hostile LAN, inside
 * scripts/netns.sh: a flood of spoofed `_wled._tcp` records whose every address streams an endless
 * body, and the same endless device added by address. The review saw one such record take the hub
 * from 149 MB to 3 GB. The hub's peak RSS (VmHWM of its process) must stay under 300 MB, the inbox at
 * its cap, the API answering. Small by default; HOMEROOM_SOAK=1 sends the full 10,000 records and
 * prints the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bonjour } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../store/test-support';
import { HostileDevice } from '../test-support/hostile-device';
import { assertIsolatedNetwork } from '../util/netns';

const SOAK = process.env.HOMEROOM_SOAK === '1';
const RECORDS = SOAK ? 10_000 : 1_000;
const PER_PACKET = 50;
const RSS_LIMIT_MB = 300;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const token = 'resilience-token-0123456789abcdef';
const data = tempDataDir();
let hub: { child: ChildProcess; url: string } | undefined;
let raw: Bonjour | undefined;
const endless = new HostileDevice('endless');

interface RawMdns {
  respond(packet: { answers: unknown[]; additionals?: unknown[] }, callback?: () => void): void;
}

function kib(field: 'VmHWM' | 'VmRSS', pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : NaN;
}
const mb = (kb: number) => Math.round(kb / 1024);

async function startHub(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'core/cli.ts', '--port', '0', '--mqtt-port', '0', '--token', token, '--data', data.dir, '--log', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const started = Date.now();
  for (;;) {
    const match = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
    if (match) return { child, url: match[1]! };
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`hub did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(`api${path}`, hub!.url), {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, json: await res.json() };
}

/** `count` distinct spoofed WLED instances, each pointing at the endless device, sent PER_PACKET at a time. */
async function flood(count: number): Promise<void> {
  const mdns = (raw as unknown as { server: { mdns: RawMdns } }).server.mdns;
  for (let start = 0; start < count; start += PER_PACKET) {
    const answers: unknown[] = [];
    const additionals: unknown[] = [];
    for (let i = start; i < Math.min(count, start + PER_PACKET); i++) {
      const mac = (0xc0ff0000 + i).toString(16).padStart(12, '0');
      const fqdn = `wled-${mac}._wled._tcp.local`;
      answers.push({ name: '_wled._tcp.local', type: 'PTR', ttl: 120, data: fqdn });
      additionals.push(
        { name: fqdn, type: 'SRV', ttl: 120, data: { target: `wled-${mac}.local`, port: endless.port } },
        { name: fqdn, type: 'TXT', ttl: 120, data: [Buffer.from(`mac=${mac}`)] },
        { name: `wled-${mac}.local`, type: 'A', ttl: 120, data: '127.0.0.1' },
      );
    }
    await new Promise<void>((resolve) => mdns.respond({ answers, additionals }, () => resolve()));
  }
}

beforeAll(async () => {
  assertIsolatedNetwork(); // must be first: nothing below may multicast on a real network
  await endless.start();
  hub = await startHub();
  raw = new Bonjour();
}, 40_000);

afterAll(async () => {
  raw?.destroy();
  hub?.child.kill('SIGKILL');
  await endless.stop();
  data.remove();
});

describe('the hub under a hostile LAN', () => {
  it(`${RECORDS} spoofed mDNS records pointing at an endless body: RSS stays under ${RSS_LIMIT_MB} MB, the inbox at its cap`, async () => {
    const pid = hub!.child.pid!;
    const before = kib('VmRSS', pid);
    const started = Date.now();
    await flood(RECORDS);
    // The hub has heard the flood: its inbox fills up to the cap (fewer when the kernel dropped datagrams).
    await expect
      .poll(async () => ((await api('/discovery')).json as unknown[]).length, { timeout: 15_000, interval: 200 })
      .toBeGreaterThanOrEqual(Math.min(200, RECORDS / 10));
    const list = (await api('/discovery')).json as unknown[];
    expect(list.length).toBeLessThanOrEqual(200);
    // Each allowed probe reads at most the 1 MiB cap of the endless body; the rest are never sent.
    expect(endless.requests).toBeLessThanOrEqual(10);
    expect((await api('/health')).status).toBe(200);
    const peak = kib('VmHWM', pid);
    if (SOAK)
      console.log(
        `soak: mdns flood ${RECORDS} records, ${endless.requests} probes of an endless body, inbox ${list.length}, RSS before ${mb(before)} MB, RSS peak ${mb(peak)} MB, ${Date.now() - started} ms`,
      );
    expect(mb(peak)).toBeLessThan(RSS_LIMIT_MB);
  }, 120_000);

  it('adding the endless device by address: a clear 404, and RSS stays under the limit', async () => {
    const pid = hub!.child.pid!;
    const tries = SOAK ? 50 : 5;
    for (let i = 0; i < tries; i++) {
      const answer = await api('/discovery/manual', { method: 'POST', body: { host: '127.0.0.1', port: endless.port } });
      expect(answer.status).toBe(404);
    }
    const peak = kib('VmHWM', pid);
    if (SOAK) console.log(`soak: endless body added by address ${tries} times, RSS peak ${mb(peak)} MB`);
    expect(mb(peak)).toBeLessThan(RSS_LIMIT_MB);
  }, 120_000);
});
