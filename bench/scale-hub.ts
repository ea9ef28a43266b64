/**
 * The hub-side figures of `npm run bench:scale` (bench/scale.ts), each against a baseline from the same run:
 * - cold start: `npm run hub` (dist/hub.mjs, spawned) until `/api/devices` lists every retained device with its
 *   state, against a bare mqtt.js client (spawned) receiving every retained message;
 * - resync: mosquitto killed and restarted under a running hub and virtual home; time until every device reported
 *   again through the hub's WebSocket, against a bare mqtt.js subscriber seeing every device's state again;
 * - the longest `/api/health` answer during start and resync (goal < 50–100 ms: the event loop never blocks);
 * - hub RSS over minutes at N devices and R msg/s (sim --rate), against a bare subscriber's RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { Mosquitto } from '../core/test-support/mosquitto';
import { buildScenario } from '../sim/virtual-home';
import { Z2mBridge } from '../sim/z2m/bridge';
import { DEFAULT_DISCOVERY_OPTIONS, discoveryMessages } from '../sim/z2m/discovery';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const SCALE_TOKEN = 'scale-bench-token-0123456789';

export interface HubChild {
  url: string;
  loginUrl: string;
  pid: number;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  stop(): Promise<void>;
}

/** `npm run hub` as a user runs it (the bundle), or under tsx for comparison. */
export async function spawnHub(options: { mqttUrl: string; entry?: 'bundle' | 'tsx'; nodeArgs?: string[] }): Promise<HubChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-scale-hub-'));
  const entry = options.entry === 'tsx' ? ['--import', 'tsx', 'core/cli.ts'] : ['dist/hub.mjs'];
  const args = [...(options.nodeArgs ?? []), ...entry];
  args.push('--mqtt', options.mqttUrl, '--port', '0', '--token', SCALE_TOKEN, '--data', dataDir, '--no-discovery');
  args.push('--log', 'warn');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const match = /Open:\s+(http:\/\/\S+?)\?token=/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    loginUrl: `${url}?token=${SCALE_TOKEN}`,
    pid: child.pid!,
    spawnedAt,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4, noDelay: true });

export function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: `Bearer ${SCALE_TOKEN}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Asks `/api/health` back to back (5 ms apart); the slowest answer is the longest the API was unavailable. In its own
 * process: in the bench's, the WebSocket watcher's parsing of 2,000-device frames and the bare subscriber delayed the
 * probe's own event loop, and that delay counted as the hub's (a resync's "gaps" of 200–400 ms while the hub's CPU
 * profile showed it idle two thirds of the time).
 */
export class HealthProbe {
  devices = 0;
  private maxSeen = 0;
  private generation = 0;
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;

  constructor(hubUrl: string) {
    const script = `
      import { Agent, createServer, request } from 'node:http';
      const agent = new Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
      let max = 0, devices = 0, running = true, generation = 0;
      // Each line on stdin starts a new phase (max from zero); the end of stdin stops the probe.
      process.stdin.on('data', (d) => { generation += String(d).split('\\n').length - 1; max = 0; }).on('end', () => (running = false));
      const ask = () => new Promise((resolve) => {
        const req = request(process.env.HEALTH_URL, { agent, headers: { Authorization: 'Bearer ${SCALE_TOKEN}' } }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => { try { devices = JSON.parse(Buffer.concat(chunks).toString()).devices; } catch {} resolve(); });
        });
        req.on('error', () => resolve());
        req.end();
      });
      // The probe's own first requests load and compile Node's HTTP client (~6 ms for the first answer from an idle hub), which
      // counted as the hub's: warm it up on a server of its own first, so only the hub's answer is timed.
      const own = createServer((_req, res) => res.end(JSON.stringify({ devices: 0 })));
      await new Promise((resolve) => own.listen(0, '127.0.0.1', resolve));
      const ownUrl = 'http://127.0.0.1:' + own.address().port + '/api/health';
      for (let i = 0; i < 20; i++) await new Promise((resolve) =>
        request(ownUrl, { agent: new Agent({ keepAlive: false }), headers: { Authorization: 'Bearer x' } }, (res) => { res.resume(); res.on('end', resolve); }).end());
      await new Promise((resolve) => own.close(resolve));
      process.stdout.write('ready\\n');
      while (running) {
        const t0 = performance.now();
        await ask();
        max = Math.max(max, performance.now() - t0);
        process.stdout.write(JSON.stringify({ max, devices, generation }) + '\\n');
        await new Promise((r) => setTimeout(r, 5));
      }
      process.exit(0);
    `;
    this.child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, HEALTH_URL: `${hubUrl}api/health` },
    });
    let buffered = '';
    this.ready = new Promise((resolve) => {
      this.child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready') resolve();
          else if (line) {
            const { max, devices, generation } = JSON.parse(line) as { max: number; devices: number; generation: number };
            this.devices = devices;
            if (generation === this.generation) this.maxSeen = max; // a line written before the last reset is ignored
          }
        }
      });
    });
  }

  /** The slowest answer since the start (or the last reset). */
  get maxMs(): number {
    return this.maxSeen;
  }

  /** Forget what was measured so far (the next phase starts): answers from now on only. */
  reset(): void {
    this.generation++;
    this.maxSeen = 0;
    this.child.stdin!.write('reset\n');
  }

  async stop(): Promise<void> {
    await this.ready;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

/** Publishes `extraDevices` (+ the home's own) as retained zigbee2mqtt configs and states, then disconnects cleanly. */
export async function publishRetainedHome(mqttUrl: string, extraDevices: number): Promise<{ devices: number; topics: string[] }> {
  const scenario = buildScenario('home', 1, extraDevices);
  const client = await mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0 });
  const bridge = new Z2mBridge(client, scenario.devices);
  await bridge.start();
  await client.endAsync(); // a clean DISCONNECT: no will, the bridge stays "online"
  const topics = [`${DEFAULT_DISCOVERY_OPTIONS.baseTopic}/bridge/state`];
  for (const device of scenario.devices) {
    for (const m of discoveryMessages(device)) topics.push(m.topic);
    topics.push(`${DEFAULT_DISCOVERY_OPTIONS.baseTopic}/${device.name}`);
  }
  return { devices: scenario.devices.length, topics };
}

/** A bare mqtt.js client in its own process: spawn → every expected retained topic received. */
export async function bareClientColdStart(mqttUrl: string, topics: string[]): Promise<number> {
  const script = `
    import mqtt from 'mqtt';
    import { readFileSync } from 'node:fs';
    const expected = new Set(JSON.parse(readFileSync(process.env.TOPICS_FILE, 'utf8')));
    const client = mqtt.connect(process.env.MQTT_URL, { reconnectPeriod: 0 });
    client.on('message', (topic) => {
      expected.delete(topic);
      if (expected.size === 0) { process.stdout.write('done\\n'); client.end(true); }
    });
    client.on('connect', () => client.subscribe(['homeassistant/#', 'zigbee2mqtt/#']));
  `;
  const dir = mkdtempSync(join(tmpdir(), 'homeroom-scale-topics-'));
  const topicsFile = join(dir, 'topics.json');
  writeFileSync(topicsFile, JSON.stringify(topics));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TOPICS_FILE: topicsFile, MQTT_URL: mqttUrl },
  });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare client did not receive every retained message in 60 s')), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('done')) return;
      clearTimeout(timer);
      resolve(performance.now() - spawnedAt);
    });
  });
}

interface ApiDevice {
  id: string;
  lastSeen?: number;
}

export interface ColdStartResult {
  devices: number;
  /** spawn → /api/devices lists every device, each with a reported state: a start after the first (the code cache made). */
  hubMs: number;
  /** The same for the first start after a build, before the loader has a code cache (scripts/hub-loader.mjs). */
  firstStartMs: number;
  bareClientMs: number;
  ratio: number;
  /** Slowest /api/health answer from the moment the hub listened until it counted every device. */
  apiMaxGapMs: number;
}

const codeCache = join(repoRoot, 'dist', 'hub-main.v8cache');

export async function coldStart(broker: Mosquitto, extraDevices: number, nodeArgs: string[] = []): Promise<ColdStartResult> {
  const { devices, topics } = await publishRetainedHome(broker.url, extraDevices);
  const bareClientMs = await bareClientColdStart(broker.url, topics);
  // A user's hub starts from its code cache at every start but the first after an install or build: time both.
  rmSync(codeCache, { force: true });
  const first = await timeStart(broker, devices, nodeArgs);
  const later = await timeStart(broker, devices, nodeArgs);
  return {
    devices,
    hubMs: round(later.ms),
    firstStartMs: round(first.ms),
    bareClientMs: round(bareClientMs),
    ratio: round(later.ms / bareClientMs, 2),
    apiMaxGapMs: round(later.apiMaxGapMs),
  };
}

async function timeStart(broker: Mosquitto, devices: number, nodeArgs: string[]): Promise<{ ms: number; apiMaxGapMs: number }> {
  const hub = await spawnHub({ mqttUrl: broker.url, nodeArgs });
  const probe = new HealthProbe(hub.url);
  try {
    // The start's own longest answer: up to the moment every device is counted, before the bench asks for the whole
    // list (serialising and parsing 2,000 devices is the bench's request, not the start).
    let startGapMs: number | undefined;
    for (let waited = 0; ; waited += 20) {
      if (waited > 60_000) throw new Error(`only ${probe.devices} of ${devices} devices after 60 s`);
      if (probe.devices >= devices) {
        startGapMs ??= probe.maxMs;
        const listed = await getJson<ApiDevice[]>(`${hub.url}api/devices`);
        if (listed.length >= devices && listed.every((d) => d.lastSeen !== undefined))
          return { ms: performance.now() - hub.spawnedAt, apiMaxGapMs: startGapMs ?? probe.maxMs };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await probe.stop();
    await hub.stop();
  }
}

/** A WebSocket client of the hub, as the UI is: every device whose lastSeen is at or after `since`. */
export async function watchDevices(hub: HubChild): Promise<{ seenSince(since: number): number; close(): void }> {
  const ws = new WebSocket(`${hub.url.replace('http', 'ws')}api/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'auth', token: SCALE_TOKEN }));
  ws.send(JSON.stringify({ type: 'subscribe', events: ['devicesChanged'] }));
  const lastSeen = new Map<string, number>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; name?: string; payload?: { devices: ApiDevice[] } };
    if (frame.type !== 'event' || frame.name !== 'devicesChanged') return;
    for (const d of frame.payload!.devices) if (d.lastSeen !== undefined) lastSeen.set(d.id, d.lastSeen);
  });
  return {
    seenSince: (since) => {
      let n = 0;
      for (const at of lastSeen.values()) if (at >= since) n++;
      return n;
    },
    close: () => ws.close(),
  };
}

/** A bare subscriber that times when it has seen every device's state topic again after `mark()`. */
async function bareStateWatcher(mqttUrl: string, names: string[]) {
  const client = await mqtt.connectAsync(mqttUrl, { reconnectPeriod: 100 });
  client.on('error', () => {});
  let pending = new Set<string>();
  let resolveAll: (() => void) | undefined;
  client.on('message', (topic) => {
    if (!pending.delete(topic) || pending.size > 0) return;
    resolveAll?.();
  });
  await client.subscribeAsync('zigbee2mqtt/+');
  return {
    /** From now, wait for every state topic. */
    mark(): Promise<void> {
      pending = new Set(names.map((n) => `zigbee2mqtt/${n}`));
      return new Promise<void>((resolve) => (resolveAll = resolve));
    },
    close: () => client.end(true),
  };
}

export interface ResyncResult {
  devices: number;
  /** Broker listening again → every device reported again through the hub. */
  hubMs: number;
  bareClientMs: number;
  ratio: number;
  /** Slowest /api/health answer from the restart until every device was back. */
  apiMaxGapMs: number;
}

/**
 * The broker is killed (SIGKILL, like a crash) and restarted on the same port. mosquitto in core/test-support runs
 * without persistence, so it comes back empty: the virtual home re-announces on reconnect and on the hub's birth.
 */
export async function resync(broker: Mosquitto, extraDevices: number, nodeArgs: string[] = []): Promise<ResyncResult> {
  // In its own process (as `npm run sim`), so its re-announcing never delays the bench's own API probe.
  const home = await spawnSim(broker.url, extraDevices, 0);
  const names = buildScenario('home', 1, extraDevices).devices.map((d) => d.name); // the sim's default seed
  const hub = await spawnHub({ mqttUrl: broker.url, nodeArgs });
  const watcher = await watchDevices(hub);
  const probe = new HealthProbe(hub.url);
  const bare = await bareStateWatcher(broker.url, names);
  try {
    for (let waited = 0; watcher.seenSince(0) < names.length; waited += 50) {
      if (waited > 60_000) throw new Error(`only ${watcher.seenSince(0)} of ${names.length} devices before the restart`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000)); // settle
    await broker.restart();
    const back = performance.now();
    const backWall = Date.now();
    probe.reset();
    const bareDone = bare.mark().then(() => performance.now() - back);
    let hubMs = 0;
    for (let waited = 0; ; waited += 10) {
      if (waited > 60_000) throw new Error(`only ${watcher.seenSince(backWall)} of ${names.length} devices back after 60 s`);
      if (watcher.seenSince(backWall) >= names.length) {
        hubMs = performance.now() - back;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const bareClientMs = await bareDone;
    return {
      devices: names.length,
      hubMs: round(hubMs),
      bareClientMs: round(bareClientMs),
      ratio: round(hubMs / bareClientMs, 2),
      apiMaxGapMs: round(probe.maxMs),
    };
  } finally {
    bare.close();
    await probe.stop();
    watcher.close();
    await hub.stop();
    await home.stop();
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** User + system CPU of a process so far, in ms (from /proc/PID/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export interface RssResult {
  devices: number;
  rate: number;
  minutes: number;
  hubMb: { start: number; end: number; max: number; slopeMbPerMin: number };
  bareClientMb: { end: number; max: number };
  messages: number;
  /** CPU (user + system) per second of wall time over the measurement: what the memory policy's collections cost. */
  hubCpuMsPerS: number;
  bareClientCpuMsPerS: number;
}

/** The virtual home with `--rate` in its own process (as `npm run sim` runs it). */
export async function spawnSim(mqttUrl: string, extraDevices: number, rate: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sim/cli.ts', '--mqtt', mqttUrl, '--devices', String(extraDevices), '--rate', String(rate), '--no-lan'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sim did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the sim exited with ${code}:\n${output}`)));
  });
  return { stop: () => stopChild(child) };
}

/** Hub RSS every 10 s (and a bare subscriber's) over `minutes` at `rate` msg/s over the devices. */
export async function rssUnderLoad(
  broker: Mosquitto,
  extraDevices: number,
  rate: number,
  minutes: number,
  log: (line: string) => void,
): Promise<RssResult> {
  const sim = await spawnSim(broker.url, extraDevices, rate);
  const hub = await spawnHub({ mqttUrl: broker.url });
  const bareScript = `
    import mqtt from 'mqtt';
    let n = 0;
    const client = mqtt.connect(process.env.MQTT_URL);
    client.on('message', () => n++);
    client.on('connect', () => client.subscribe(['homeassistant/#', 'zigbee2mqtt/#']));
    setInterval(() => process.stdout.write(n + '\\n'), 1000);
  `;
  const bare = spawn(process.execPath, ['--input-type=module', '-e', bareScript], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MQTT_URL: broker.url },
  });
  let messages = 0;
  bare.stdout.on('data', (c: Buffer) => (messages = Number(c.toString().trim().split('\n').at(-1)) || messages));
  try {
    const t: number[] = [];
    const hubMb: number[] = [];
    const bareMb: number[] = [];
    const t0 = performance.now();
    const cpu0 = { hub: cpuMs(hub.pid), bare: cpuMs(bare.pid!) };
    const endAt = t0 + minutes * 60_000;
    while (performance.now() < endAt) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(0, endAt - performance.now()))));
      t.push((performance.now() - t0) / 60_000);
      hubMb.push(rssMb(hub.pid));
      bareMb.push(rssMb(bare.pid!));
      if (t.length % 6 === 0) log(`  RSS after ${t.at(-1)!.toFixed(1)} min: hub ${hubMb.at(-1)!.toFixed(0)} MB`);
    }
    const wallS = (performance.now() - t0) / 1000;
    const cpu = { hub: (cpuMs(hub.pid) - cpu0.hub) / wallS, bare: (cpuMs(bare.pid!) - cpu0.bare) / wallS };
    // The slope over the second half: the first minutes include JIT warm-up and caches filling.
    const half = Math.floor(t.length / 2);
    return {
      devices: extraDevices,
      rate,
      minutes,
      hubMb: {
        start: round(hubMb[0]!),
        end: round(hubMb.at(-1)!),
        max: round(Math.max(...hubMb)),
        slopeMbPerMin: round(slope(t.slice(half), hubMb.slice(half)), 2),
      },
      bareClientMb: { end: round(bareMb.at(-1)!), max: round(Math.max(...bareMb)) },
      messages,
      hubCpuMsPerS: round(cpu.hub),
      bareClientCpuMsPerS: round(cpu.bare),
    };
  } finally {
    await stopChild(bare);
    await hub.stop();
    await sim.stop();
  }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
