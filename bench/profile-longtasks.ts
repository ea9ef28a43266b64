/**
 * `tsx bench/profile-longtasks.ts FILE.cpuprofile [MIN_MS=20] [N=12] [--windows LAG.json]`: the stretches of a
 * `node --cpu-prof` profile in which the main thread never went idle for MIN_MS or longer, each with its start (ms
 * from the profile's start) and the functions that took it (inclusive, then self). Sampling at
 * `--cpu-prof-interval 250` (µs) or finer gives sharper edges than the default 1 ms.
 *
 * A busy stretch may still yield (slices between `setImmediate` turns); what delays an HTTP answer is one turn of the
 * event loop. `--windows` takes those turns instead: a JSON list of `{ from, to }` in the profiler's clock
 * (`process.hrtime` µs), as bench/lag-recorder.mjs writes them (`npm run bench:scale -- --only cold --cpu-prof DIR
 * --cpu-prof-interval 250 --lag DIR`). Turns are sorted by the main thread's time in them ("busy"), since on a loaded
 * machine a turn's wall time also counts the process waiting for a core.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const args = process.argv.slice(2);
const windowsAt = args.indexOf('--windows');
const windowsFile = windowsAt >= 0 ? args.splice(windowsAt, 2)[1] : undefined;
const [file, minArg = '20', topArg = '12'] = args;
const minUs = Number(minArg) * 1000;
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/|dist\/|core\/)/, '$1')}:${n.callFrame.lineNumber + 1}`;
const stackOf = (id: number): string[] => {
  const out: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(label(byId.get(at)!));
  return out;
};
const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));

// A sample's time is the delta to the next one (the time the sampled stack held the thread).
let t = profile.startTime;
const times = profile.samples.map((_, i) => (t += profile.timeDeltas[i] ?? 0));
type Stretch = { start: number; end: number; samples: number[] };
const stretches: Stretch[] = [];
let current: Stretch | undefined;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  const end = times[i + 1] ?? times[i]!;
  if (idle.has(id)) {
    if (current && current.end - current.start >= minUs) stretches.push(current);
    current = undefined;
    continue;
  }
  current ??= { start: times[i]!, end, samples: [] };
  current.end = end;
  current.samples.push(i);
}
if (current && current.end - current.start >= minUs) stretches.push(current);
if (windowsFile) {
  stretches.length = 0;
  const windows = JSON.parse(readFileSync(windowsFile, 'utf8')) as { from?: number; to?: number }[];
  for (const w of windows) {
    if (w.from === undefined || w.to === undefined || w.to - w.from < minUs) continue;
    const samples: number[] = [];
    for (let i = 0; i < times.length; i++) if (times[i]! >= w.from && times[i]! < w.to) samples.push(i);
    stretches.push({ start: w.from, end: w.to, samples });
  }
}

const ms = (us: number) => (us / 1000).toFixed(1).padStart(7);
/**
 * A sample's time, at most 4 sampling intervals: on a loaded machine a sample 10–20 ms after the last one means the
 * process (or the profiler's thread) was descheduled, not that the sampled function ran that long.
 */
const interval = [...profile.timeDeltas].sort((a, b) => a - b)[profile.timeDeltas.length >> 1] ?? 1000;
const dt = (i: number) => Math.min(4 * interval, (times[i + 1] ?? times[i]!) - times[i]!);
/** Main-thread time in a stretch (wall time also counts the process being descheduled). */
const busy = (s: Stretch) => s.samples.reduce((sum, i) => (idle.has(profile.samples[i]!) ? sum : sum + dt(i)), 0);
console.log(`${stretches.length} ${windowsFile ? 'event-loop turns' : 'stretches without idle'} ≥ ${minArg} ms`);
for (const s of stretches.sort((a, b) => busy(b) - busy(a)).slice(0, top)) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const i of s.samples) {
    const stack = stackOf(profile.samples[i]!);
    self.set(stack[0]!, (self.get(stack[0]!) ?? 0) + dt(i));
    for (const f of new Set(stack)) inclusive.set(f, (inclusive.get(f) ?? 0) + dt(i));
  }
  const at = ((s.start - profile.startTime) / 1000).toFixed(0);
  console.log(`\n== ${ms(busy(s))} ms busy (${ms(s.end - s.start).trim()} ms wall) at +${at} ms`);
  const shown = [...inclusive].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of shown.slice(0, 18)) console.log(`  incl ${ms(v)}  ${k}`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  self ${ms(v)}  ${k}`);
}
