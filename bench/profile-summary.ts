/**
 * `tsx bench/profile-summary.ts FILE.cpuprofile [N]`: self and inclusive time by function of a `node --cpu-prof`
 * profile, the N heaviest (docs/performance.md quotes these). A `.heapprofile` (a sampling heap profile, e.g.
 * `bench/profile-mqtt.ts --heap`) is summarised the same way, in bytes allocated by function.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const [file, top = '25'] = process.argv.slice(2);
const raw = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, unknown>;

interface HeapNode {
  callFrame: Node['callFrame'];
  selfSize: number;
  children: HeapNode[];
}
if ('head' in raw) {
  const selfBytes = new Map<string, number>();
  const totalBytes = new Map<string, number>();
  const name = (n: HeapNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/|dist\/|core\/)/, '$1')}:${n.callFrame.lineNumber + 1}`;
  const walk = (n: HeapNode, stack: Set<string>): number => {
    const key = name(n);
    const inner = new Set([...stack, key]);
    const sum = n.selfSize + n.children.reduce((t, c) => t + walk(c, inner), 0);
    selfBytes.set(key, (selfBytes.get(key) ?? 0) + n.selfSize);
    if (!stack.has(key)) totalBytes.set(key, (totalBytes.get(key) ?? 0) + sum);
    return sum;
  };
  const all = walk(raw.head as HeapNode, new Set());
  const kb = (b: number) => (b / 1024).toFixed(0).padStart(9);
  console.log(`sampled allocations: ${kb(all)} KB\n\nself (KB)`);
  for (const [k, v] of [...selfBytes].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${kb(v)}  ${k}`);
  console.log('\ninclusive (KB)');
  for (const [k, v] of [...totalBytes].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${kb(v)}  ${k}`);
  process.exit(0);
}
const profile = raw as unknown as {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/|dist\/|core\/)/, '$1')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
const inclusive = (n: Node, stack: Set<string>): number => {
  let t = selfUs.get(n.id) ?? 0;
  for (const c of n.children ?? []) t += inclusive(byId.get(c)!, new Set([...stack, label(n)]));
  const key = label(n);
  self.set(key, (self.get(key) ?? 0) + (selfUs.get(n.id) ?? 0));
  if (!stack.has(key)) total.set(key, (total.get(key) ?? 0) + t);
  return t;
};
inclusive(profile.nodes[0]!, new Set());
const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
console.log(`profile: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`);
console.log('\nself time (ms)');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${ms(v)}  ${k}`);
console.log('\ninclusive time (ms)');
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${ms(v)}  ${k}`);
