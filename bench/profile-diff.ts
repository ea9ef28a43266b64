/**
 * `npx tsx bench/profile-diff.ts DIR [N=30]`: what one kind of window costs more than the other, by function. DIR holds
 * `.cpuprofile` files named `…-on` and `…-off` (`RULES_CPU_PROF=DIR npx tsx bench/rules.ts`); each function's self and
 * inclusive time is averaged per kind as ms of CPU per s of profile, and the N largest differences are printed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [dir, top = '30'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx bench/profile-diff.ts DIR [N]');
  process.exit(2);
}

const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/|dist\/|core\/|bench\/)/, '$1')}:${n.callFrame.lineNumber + 1}`;

/** ms of CPU per s of profile, by function: self and inclusive (a function counted once per stack). */
function costs(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const walk = (node: ProfileNode, stack: Set<string>): number => {
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + node.hitCount);
    const inner = stack.has(key) ? stack : new Set([...stack, key]);
    let hits = node.hitCount;
    for (const child of node.children ?? []) hits += walk(byId.get(child)!, inner);
    if (!stack.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    return hits;
  };
  walk(profile.nodes[0]!, new Set());
  const scale = (m: Map<string, number>) => new Map([...m].map(([k, hits]) => [k, (hits * msPerSample) / seconds]));
  return { self: scale(self), inclusive: scale(inclusive) };
}

function mean(maps: Map<string, number>[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) sum.set(k, (sum.get(k) ?? 0) + v / maps.length);
  return sum;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
const side = (kind: 'on' | 'off') =>
  files.filter((f) => f.endsWith(`-${kind}.cpuprofile`)).map((f) => costs(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
const on = side('on');
const off = side('off');
if (on.length === 0 || off.length === 0) {
  console.error(`${dir} needs profiles of both kinds (…-on.cpuprofile and …-off.cpuprofile)`);
  process.exit(2);
}

for (const kind of ['self', 'inclusive'] as const) {
  const a = mean(on.map((c) => c[kind]));
  const b = mean(off.map((c) => c[kind]));
  const rows = [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => ({ fn: k, on: a.get(k) ?? 0, off: b.get(k) ?? 0 }))
    .map((r) => ({ ...r, more: r.on - r.off }))
    .sort((x, y) => Math.abs(y.more) - Math.abs(x.more))
    .slice(0, Number(top));
  console.log(`\n${kind} (ms of CPU per s; ${on.length} on / ${off.length} off profiles)`);
  for (const r of rows)
    console.log(
      `${r.more >= 0 ? '+' : ''}${r.more.toFixed(2).padStart(6)}  ${r.on.toFixed(2).padStart(6)} / ${r.off.toFixed(2).padStart(6)}  ${r.fn}`,
    );
}
