/**
 * `npx tsx bench/ab-mqtt.ts --before DIR [--rounds 7] [--json]`: the hub of another checkout against this one in ONE
 * process, so both see the same machine load. Each hub has its own mosquitto; ingest rounds alternate bare
 * subscriber / before / after (the two hubs' order swapping every round), command round trips likewise in blocks of 100. DIR is a copy of the older tree with
 * this bench/run.ts in it (it exports the setup), e.g.
 *   git archive 2a82f4d | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/ && cp bench/run.ts /tmp/before/bench/
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as after from './run';
import { latencySummary, median } from './stats';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});
if (!values.before) throw new Error('--before DIR is required');
const before = (await import(pathToFileURL(`${values.before}/bench/run.ts`).href)) as typeof after;
const rounds = Number(values.rounds);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

const a = await before.startMqttBench();
const b = await after.startMqttBench();
try {
  const load = [loadavg()[0]!];
  const ingest = { raw: [] as after.IngestRound[], before: [] as after.IngestRound[], after: [] as after.IngestRound[] };
  for (let r = 0; r < rounds; r++) {
    const raw = await after.rawIngest(b.broker.url, 3 * r + 1);
    // Which hub goes first swaps every round: one's garbage is not always collected during the other's turn.
    const first = r % 2 === 0;
    const old = first ? await before.hubIngest(a.broker.url, a.hub, 3 * r + 2) : undefined;
    const now = await after.hubIngest(b.broker.url, b.hub, 3 * r + 3);
    const oldLate = old ?? (await before.hubIngest(a.broker.url, a.hub, 3 * r + 2));
    if (r === 0) continue; // warm-up
    ingest.raw.push(raw);
    ingest.before.push(oldLate);
    ingest.after.push(now);
  }
  const side = (rs: after.IngestRound[]) => ({
    perS: Math.round(median(rs.map((r) => r.perS))),
    cpuUsPerMsg: round(median(rs.map((r) => r.cpuUsPerMsg)), 2),
    ratio: round(median(rs.map((r, i) => r.perS / ingest.raw[i]!.perS))),
  });

  const responders = [await before.startResponder(a.broker.url), await after.startResponder(b.broker.url)];
  const raw = await after.rawRoundTripper(b.broker.url);
  const trips = { before: before.hubRoundTripper(a.hub), after: after.hubRoundTripper(b.hub) };
  await raw.run(300);
  await trips.before.run(300);
  await trips.after.run(300);
  const samples = { raw: [] as number[], before: [] as number[], after: [] as number[] };
  for (let i = 0; i < 10; i++) {
    samples.raw.push(...(await raw.run(100)));
    if (i % 2 === 0) samples.before.push(...(await trips.before.run(100)));
    samples.after.push(...(await trips.after.run(100)));
    if (i % 2 === 1) samples.before.push(...(await trips.before.run(100)));
  }
  raw.close();
  for (const r of responders) r.end(true);
  load.push(loadavg()[0]!);
  const latency = (s: number[]) => {
    const l = latencySummary(s);
    return { p50: round(l.p50), p99: round(l.p99) };
  };
  const result = {
    loadAvg1m: load.map((l) => round(l, 2)),
    ingest: { raw: side(ingest.raw), before: side(ingest.before), after: side(ingest.after) },
    command: { raw: latency(samples.raw), before: latency(samples.before), after: latency(samples.after) },
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`load average ${result.loadAvg1m.join(' → ')}`);
    console.table({
      'ingest msg/s': { raw: result.ingest.raw.perS, before: result.ingest.before.perS, after: result.ingest.after.perS },
      'ingest ratio to raw': { before: result.ingest.before.ratio, after: result.ingest.after.ratio },
      'ingest CPU µs/msg': {
        raw: result.ingest.raw.cpuUsPerMsg,
        before: result.ingest.before.cpuUsPerMsg,
        after: result.ingest.after.cpuUsPerMsg,
      },
      'command p50 ms': { raw: result.command.raw.p50, before: result.command.before.p50, after: result.command.after.p50 },
      'command p99 ms': { raw: result.command.raw.p99, before: result.command.before.p99, after: result.command.after.p99 },
    });
  }
} finally {
  await a.stop();
  await b.stop();
}
