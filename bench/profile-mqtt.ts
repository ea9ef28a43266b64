/**
 * `npx tsx bench/profile-mqtt.ts [--phase ingest|command] [--rounds N] [--out FILE]`: a CPU profile of the in-process
 * hub under bench/run.ts's load, recorded only while that phase runs (not the module loading, discovery or the
 * baseline), so `npx tsx bench/profile-summary.ts FILE 50` shows the per-message path. Ingest: N rounds of 20,000
 * state messages for 500 bulbs; command: N × 100 REST command round trips. `--heap`: a sampling heap profile of what
 * the phase allocates instead (`.heapprofile`, by function: `npx tsx bench/profile-summary.ts --heap FILE`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { hubIngest, hubRoundTripper, startMqttBench, startResponder } from './run';

const { values } = parseArgs({
  options: {
    phase: { type: 'string', default: 'ingest' },
    rounds: { type: 'string', default: '5' },
    out: { type: 'string', default: '/tmp/mqtt-phase.cpuprofile' },
    heap: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);

const bench = await startMqttBench(console.log);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const start = () =>
  values.heap
    ? session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      })
    : session.post('Profiler.start');
const stop = async () =>
  values.heap ? (await session.post('HeapProfiler.stopSampling')).profile : (await session.post('Profiler.stop')).profile;
try {
  if (values.phase === 'ingest') {
    await hubIngest(bench.broker.url, bench.hub, 1); // warm-up, unprofiled
    await start();
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      const round = await hubIngest(bench.broker.url, bench.hub, r + 2);
      console.log(`round ${r + 1}: ${Math.round(round.perS)} msg/s, ${round.cpuUsPerMsg.toFixed(1)} µs CPU per message`);
    }
    console.log(`${rounds} rounds in ${Math.round(performance.now() - started)} ms`);
  } else {
    const responder = await startResponder(bench.broker.url);
    const trips = hubRoundTripper(bench.hub);
    await trips.run(300);
    await start();
    const samples = (await trips.run(rounds * 100)).sort((a, b) => a - b);
    console.log(`p50 ${samples[samples.length >> 1]!.toFixed(3)} ms, max ${samples.at(-1)!.toFixed(3)} ms`);
    responder.end(true);
  }
  const profile = await stop();
  writeFileSync(values.out, JSON.stringify(profile));
  console.log(`profile: ${values.out}`);
} finally {
  session.disconnect();
  await bench.stop();
}
