/**
 * The dashboard's cost in Debian's Chromium, measured by the browser itself: long tasks
 * (PerformanceObserver) during the first load, rAF intervals while the house reports, and the
 * time from a click on a light's switch to the next frame, beside the same click on a page with
 * one button (the trivial baseline, same browser, same run).
 *
 * `bench/scale.ts` calls `measureUi`; alone, `npx tsx bench/scale-ui.ts [--devices 2000] [--json]
 * [--duration 30000] [--cpu-throttle 2]` starts its own hub and virtual home and prints the figures.
 * `--cpu-throttle N` slows both pages' CPU N times (Chromium's emulation): on an idle machine it
 * shows what a loaded one would, with the trivial page slowed the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';

export interface UiFigures {
  /** Long tasks from navigation until every device is listed (+1 s); `afterFirstPaint` only those ending after the first tile showed. */
  firstLoadLongTasks: { count: number; maxMs: number; afterFirstPaint: { count: number; maxMs: number } };
  /** Navigation start → the first device tile on screen. */
  firstPaintMs: number;
  /** Navigation start → the dashboard counts every device the hub has. */
  allTilesMs: number;
  /** rAF intervals over `durationMs` after the load (`over50`: how many longer than 50 ms); `trivial` those of the one-button page over up to 10 s. */
  frame: { p50: number; p95: number; max: number; over50: number; trivial: { p95: number; max: number; over50: number } };
  /** The longest animation frames (LoAF, > 50 ms) of the load and of the frame window, with the scripts in them. */
  longFrames: { load: LongFrame[]; steady: LongFrame[] };
  /** Device changes a second the hub sent a WebSocket client during the frame window (the load the page saw). */
  deviceChangesPerSecond: number;
  /** Click on a tile's switch → the frame after it; `trivialP95` the same on a one-button page. */
  click: { p95: number; trivialP95: number; all: number[] };
  devices: number;
}

export interface MeasureUiOptions {
  /** A signed-in UI address: http://127.0.0.1:PORT/?token=T */
  url: string;
  durationMs: number;
  chromiumPath?: string;
  /** Clicks per page (default 20). */
  clicks?: number;
  /** Chromium's CPU throttling rate for both pages (1: none). */
  cpuThrottle?: number;
}

// The same flags as playwright.config.ts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Installed before any page script: long tasks, frame intervals, and click → next frame. Plain JS
 * in a string: a function would be serialised after tsx's transform, with helpers the page lacks.
 */
const PROBE = `(() => {
  const probe = { longTasks: [], frames: [], clicks: [], firstTile: 0, longFrames: [] };
  window.__probe = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames with what ran in them (Chromium's LoAF): where a slow frame went.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.longFrames.push({
          start: Math.round(e.startTime),
          duration: Math.round(e.duration),
          blocking: Math.round(e.blockingDuration),
          render: Math.round(e.startTime + e.duration - (e.renderStart || e.startTime + e.duration)),
          styleAndLayout: Math.round(e.startTime + e.duration - (e.styleAndLayoutStart || e.startTime + e.duration)),
          scripts: e.scripts.map((x) => ({
            invoker: x.invoker,
            fn: x.sourceFunctionName,
            duration: Math.round(x.duration),
            forcedLayout: Math.round(x.forcedStyleAndLayoutDuration),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  let last = 0;
  const frame = (t) => {
    if (last) probe.frames.push(t - last);
    last = t;
    if (!probe.firstTile && document.querySelector('article')) probe.firstTile = performance.now();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The click's input timestamp → after the next frame's rendering (a message posted from rAF runs after it).
  window.addEventListener('click', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => probe.clicks.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, true);
})();`;

export type LongFrame = {
  start: number;
  duration: number;
  blocking: number;
  /** From the frame's rendering start (rAF, style, layout, paint) to its end; then style and layout alone. */
  render: number;
  styleAndLayout: number;
  scripts: { invoker: string; fn: string; duration: number; forcedLayout: number }[];
};
type ProbeData = {
  longTasks: { start: number; duration: number }[];
  frames: number[];
  clicks: number[];
  firstTile: number;
  longFrames: LongFrame[];
};
// Page code as strings: the bench's tsconfig has no DOM, and tsx's helpers do not exist in the page.
const readProbe = (page: Page) => page.evaluate<ProbeData>('window.__probe');

async function throttle(page: Page, rate: number | undefined): Promise<void> {
  if (!rate || rate === 1) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;
const longest = (frames: readonly LongFrame[], n = 5) => [...frames].sort((a, b) => b.duration - a.duration).slice(0, n);

async function hubDeviceCount(url: string): Promise<number> {
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const response = await fetch(new URL('/api/devices', u.origin), { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/api/devices answered ${response.status}`);
  const body = (await response.json()) as unknown[];
  return body.length;
}

/** How many devices the dashboard says it lists: the jump list's counts, or the one room's. */
const shownCount = (page: Page): Promise<number> =>
  page.evaluate(`(() => {
    const sum = (selector) =>
      [...document.querySelectorAll(selector)].reduce((n, el) => n + (Number.parseInt(el.textContent || '', 10) || 0), 0);
    return sum('.room-jump__count') || sum('.room__count');
  })()`);

/**
 * Counts the device changes the hub pushes to one more WebSocket client (signed in like the page),
 * so the figures say what load the page was under.
 */
function countDeviceChanges(url: string): { stop(): Promise<number> } {
  const u = new URL(url);
  const socket = new WebSocket(`${u.origin.replace(/^http/, 'ws')}/api/ws`);
  let changes = 0;
  let since = 0;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: u.searchParams.get('token') ?? undefined })));
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; name?: string; payload?: { devices?: unknown[] } };
    if (frame.type === 'auth_ok') {
      socket.send(JSON.stringify({ type: 'subscribe', events: ['devicesChanged'] }));
      since = performance.now();
    } else if (frame.type === 'event' && frame.name === 'devicesChanged') changes += frame.payload?.devices?.length ?? 0;
  });
  return {
    stop: async () => {
      const seconds = (performance.now() - since) / 1000;
      socket.close();
      return since && seconds > 0 ? changes / seconds : 0;
    },
  };
}

async function clickLoop(page: Page, target: () => Promise<void>, clicks: number): Promise<number[]> {
  for (let i = 0; i < clicks; i++) {
    await target();
    // Let the command settle (the device confirms) before the next click.
    await page.waitForTimeout(400);
  }
  return (await readProbe(page)).clicks;
}

export async function measureUi(options: MeasureUiOptions): Promise<UiFigures> {
  const clicks = options.clicks ?? 20;
  const devices = await hubDeviceCount(options.url);
  const browser = await chromium.launch({ executablePath: options.chromiumPath ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    await context.addInitScript({ content: PROBE });

    // The trivial page: one button, same browser.
    const trivial = await context.newPage();
    await throttle(trivial, options.cpuThrottle);
    // A real navigation (init scripts run on it; setContent would skip them), answered by the browser itself.
    const trivialUrl = new URL('/__trivial', options.url).href;
    await trivial.route(trivialUrl, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><button id="b" style="font-size:20px">Off</button><script>b.onclick=()=>{b.textContent=b.textContent==="On"?"Off":"On"}</script>',
      }),
    );
    await trivial.goto(trivialUrl);
    const trivialClicks = await clickLoop(trivial, () => trivial.click('#b'), clicks);
    // The machine's own frame jitter (a shared machine drops frames on an empty page too).
    await trivial.evaluate('window.__probe.frames.length = 0');
    await trivial.waitForTimeout(Math.min(options.durationMs, 10_000));
    const trivialFrames = (await readProbe(trivial)).frames;
    await trivial.close();

    const page = await context.newPage();
    await throttle(page, options.cpuThrottle);
    const navStart = Date.now();
    await page.goto(options.url);
    // Polled from here: waitForFunction's string predicate would be an eval, which the hub's CSP forbids.
    const firstDeadline = Date.now() + 60_000;
    while (!(await page.evaluate<boolean>('window.__probe.firstTile > 0'))) {
      if (Date.now() > firstDeadline) throw new Error('no device tile within 60 s');
      await page.waitForTimeout(25);
    }
    let allTilesMs = NaN;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if ((await shownCount(page)) >= devices) {
        allTilesMs = await page.evaluate<number>('performance.now()');
        break;
      }
      await page.waitForTimeout(25);
    }
    if (Number.isNaN(allTilesMs)) throw new Error(`the dashboard never listed ${devices} devices (${Date.now() - navStart} ms)`);
    await page.waitForTimeout(1000);
    const load = await readProbe(page);
    const afterPaint = load.longTasks.filter((t) => t.start + t.duration > load.firstTile);

    // Frames while the house reports: from now on only.
    const meter = countDeviceChanges(options.url);
    await page.evaluate('window.__probe.frames.length = 0; window.__probe.longFrames.length = 0');
    await page.waitForTimeout(options.durationMs);
    const steady = await readProbe(page);
    const frames = steady.frames;
    const deviceChangesPerSecond = Math.round(await meter.stop());

    // A light's switch in the first screen, clicked as a person would (real input events).
    const toggle = page.getByRole('switch').first();
    await page.evaluate('window.__probe.clicks.length = 0');
    const appClicks = await clickLoop(page, () => toggle.click(), clicks);

    return {
      firstLoadLongTasks: {
        count: load.longTasks.length,
        maxMs: round(Math.max(0, ...load.longTasks.map((t) => t.duration))),
        afterFirstPaint: { count: afterPaint.length, maxMs: round(Math.max(0, ...afterPaint.map((t) => t.duration))) },
      },
      firstPaintMs: round(load.firstTile),
      allTilesMs: round(allTilesMs),
      frame: {
        p50: round(percentile(frames, 50)),
        p95: round(percentile(frames, 95)),
        max: round(Math.max(...frames)),
        over50: frames.filter((f) => f > 50.5).length,
        trivial: {
          p95: round(percentile(trivialFrames, 95)),
          max: round(Math.max(...trivialFrames)),
          over50: trivialFrames.filter((f) => f > 50.5).length,
        },
      },
      click: {
        p95: round(percentile(appClicks, 95)),
        trivialP95: round(percentile(trivialClicks, 95)),
        all: appClicks.map(round),
      },
      deviceChangesPerSecond,
      longFrames: { load: longest(load.longFrames), steady: longest(steady.longFrames) },
      devices,
    };
  } finally {
    await browser.close();
  }
}

// ---------- Alone: a hub and a virtual home of its own ----------

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/**
 * A hub serving dist/renderer (build it first) with the virtual home plus `devices` more. A hub
 * whose CLI knows `--devices` runs them in its demo; otherwise a second simulator adds them on the
 * hub's embedded broker (then the extras stay unassigned to rooms).
 */
export async function startBenchHub(devices: number, rate = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const token = 'scale-ui-bench-token-0123456789';
  const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-scale-ui-'));
  const node = (args: string[]) =>
    spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: 'en_GB.UTF-8' },
    });
  const help = node(['core/cli.ts', '--help']);
  let helpText = '';
  help.stdout?.on('data', (c: Buffer) => (helpText += c.toString()));
  await new Promise((resolve) => help.once('exit', resolve));
  const hubKnowsDevices = /--devices/.test(helpText);

  const hubArgs = [
    'core/cli.ts',
    '--demo',
    '--port',
    '0',
    '--token',
    token,
    '--data',
    dataDir,
    '--no-discovery',
    '--log',
    'warn',
  ];
  if (hubKnowsDevices && devices > 0) hubArgs.push('--devices', String(devices));
  const hub = node(hubArgs);
  const [, url, mqtt] = await waitForLine(hub, /Open:\s+(http:\/\/\S+)\n[\s\S]*?MQTT:\s+(\S+)/, 'the hub');
  const children = [hub];
  if (!hubKnowsDevices && (devices > 0 || rate > 0)) {
    const sim = node([
      'sim/cli.ts',
      '--mqtt',
      mqtt!,
      '--devices',
      String(devices),
      '--rate',
      String(rate),
      '--no-lan',
      '--seed',
      '1',
    ]);
    children.push(sim);
  }
  const expected = 27 + devices;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const n = await hubDeviceCount(url!).catch(() => 0);
    if (n >= expected) break;
    if (Date.now() > deadline) throw new Error(`the hub lists ${n} of ${expected} devices after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: url!, stop: async () => void (await Promise.all(children.reverse().map(stop))) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '30000' },
      clicks: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
      'cpu-throttle': { type: 'string', default: '1' },
      verbose: { type: 'boolean', default: false },
      url: { type: 'string' },
    },
  });
  const devices = Number(values.devices);
  const rate = Number(values.rate);
  const hub = values.url ? null : await startBenchHub(devices, rate);
  try {
    const figures = await measureUi({
      url: values.url ?? hub!.url,
      durationMs: Number(values.duration),
      clicks: Number(values.clicks),
      cpuThrottle: Number(values['cpu-throttle']),
      ...(process.env.CHROMIUM_PATH ? { chromiumPath: process.env.CHROMIUM_PATH } : {}),
    });
    if (values.verbose) console.error(JSON.stringify(figures.longFrames, null, 1));
    if (values.json) {
      console.log(JSON.stringify(figures, null, 2));
      return;
    }
    const t = figures.firstLoadLongTasks;
    console.log(
      `UI at ${figures.devices} devices, ${values.url ? 'the given hub' : `${rate} msg/s`} (Chromium ${CHROMIUM_ARGS.join(' ')}${Number(values['cpu-throttle']) > 1 ? `, CPU throttled ${values['cpu-throttle']}×` : ''})`,
    );
    console.log(
      `  load              ${figures.deviceChangesPerSecond} device changes/s pushed by the hub during the frame window`,
    );
    console.log(`  first tile        ${figures.firstPaintMs} ms; every device listed ${figures.allTilesMs} ms`);
    console.log(`  long tasks        ${t.count} during first load, longest ${t.maxMs} ms`);
    console.log(`    after 1st paint ${t.afterFirstPaint.count}, longest ${t.afterFirstPaint.maxMs} ms (goal: none > 50 ms)`);
    console.log(
      `  frames            p50 ${figures.frame.p50} ms, p95 ${figures.frame.p95} ms, max ${figures.frame.max} ms (goal p95 ≤ 16.7, max ≤ 50)`,
    );
    console.log(`    over 50 ms      ${figures.frame.over50} (trivial page over its 10 s: ${figures.frame.trivial.over50})`);
    console.log(`    trivial page    p95 ${figures.frame.trivial.p95} ms, max ${figures.frame.trivial.max} ms`);
    const goal = 2 * figures.click.trivialP95 + 16;
    console.log(
      `  click → frame     p95 ${figures.click.p95} ms vs trivial page ${figures.click.trivialP95} ms (goal ≤ ${round(goal)} ms; ${round(figures.click.p95 / figures.click.trivialP95)}×)`,
    );
  } finally {
    await hub?.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
