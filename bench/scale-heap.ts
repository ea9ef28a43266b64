/**
 * What grows in the hub under load: `npx tsx bench/scale-heap.ts [--devices 2000] [--rate 2000] [--minutes 4] [--dir DIR]`
 * runs the hub bundle against the virtual home at `--rate` msg/s and writes two heap snapshots (after one minute and
 * at the end) into DIR; compare them in Chrome DevTools ("Comparison") or with `--summary`, which prints the object
 * kinds whose count or size grew most between the two.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMosquitto } from '../core/test-support/mosquitto';
import { spawnHub, spawnSim } from './scale-hub';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '2000' },
    minutes: { type: 'string', default: '4' },
    dir: { type: 'string', default: '/tmp/homeroom-heap' },
    summary: { type: 'boolean', default: false },
    /** No snapshots (they inflate RSS for good): log memoryUsage() every 10 s to DIR/memory.jsonl instead. */
    'no-snapshots': { type: 'boolean', default: false },
    /** A sampling heap profile of what survives the young generation and dies in the old one (minutes 1–2), no snapshots. */
    promoted: { type: 'boolean', default: false },
    /** Extra node flags for the hub, comma-separated (e.g. --max-old-space-size=512). */
    'node-args': { type: 'string', default: '' },
  },
});

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

async function snapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const added = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (added.length === 0) continue;
    const file = join(dir, added[0]!);
    // V8 writes the file as it walks the heap: done once its size stops changing.
    for (let size = -1; size !== statSync(file).size || size === 0;) {
      size = statSync(file).size;
      await new Promise((r) => setTimeout(r, 3000));
    }
    return file;
  }
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size per (type, name) of a snapshot. */
function aggregate(file: string): Map<string, { count: number; size: number }> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + ti]!]!;
    const name = type === 'string' || type === 'concatenated string' ? '' : s.strings[s.nodes[i + ni]!]!.slice(0, 60);
    const key = `${type}:${name}`;
    const e = out.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += s.nodes[i + si]!;
    out.set(key, e);
  }
  return out;
}

function compare(a: string, b: string): void {
  const x = aggregate(a);
  const y = aggregate(b);
  const rows = [...y].map(([k, v]) => {
    const o = x.get(k) ?? { count: 0, size: 0 };
    return { k, dCount: v.count - o.count, dSize: v.size - o.size, count: v.count, size: v.size };
  });
  rows.sort((p, q) => q.dSize - p.dSize);
  console.log('grew most (Δsize bytes, Δcount, count now, kind):');
  for (const r of rows.slice(0, 30)) console.log(`${r.dSize}\t${r.dCount}\t${r.count}\t${r.k}`);
}

async function main(): Promise<void> {
  const dir = values.dir;
  if (values.summary) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.heapsnapshot'))
      .sort();
    compare(join(dir, files.at(-2)!), join(dir, files.at(-1)!));
    return;
  }
  const broker = await startMosquitto({ config: 'max_queued_messages 0\nmax_inflight_messages 0' });
  const sim = await spawnSim(broker.url, Number(values.devices), Number(values.rate));
  const noSnapshots = values['no-snapshots'] || values.promoted;
  process.env.MEMLOG = join(dir, 'memory.jsonl');
  process.env.PROMOTED_PROFILE = join(dir, 'promoted.heapprofile');
  const nodeArgs = noSnapshots
    ? ['--import', new URL('./memory-log.mjs', import.meta.url).href]
    : [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${dir}`];
  if (values.promoted) nodeArgs.push('--import', new URL('./promoted-profile.mjs', import.meta.url).href);
  nodeArgs.push(...values['node-args'].split(',').filter(Boolean));
  const hub = await spawnHub({ mqttUrl: broker.url, nodeArgs });
  try {
    const minutes = Number(values.minutes);
    const t0 = Date.now();
    const sample = setInterval(
      () => console.log(`${((Date.now() - t0) / 60_000).toFixed(1)} min: hub RSS ${rssMb(hub.pid)} MB`),
      15_000,
    );
    if (noSnapshots) {
      await new Promise((r) => setTimeout(r, minutes * 60_000));
      clearInterval(sample);
      return;
    }
    await new Promise((r) => setTimeout(r, 60_000));
    console.log('first snapshot:', await snapshot(hub.pid, dir));
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + minutes * 60_000 - Date.now())));
    console.log('second snapshot:', await snapshot(hub.pid, dir));
    clearInterval(sample);
    compare(
      ...(readdirSync(dir)
        .filter((f) => f.endsWith('.heapsnapshot'))
        .sort()
        .slice(-2)
        .map((f) => join(dir, f)) as [string, string]),
    );
  } finally {
    await hub.stop();
    await sim.stop();
    await broker.stop();
  }
}

await main();
