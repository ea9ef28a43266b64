// `node --import ./bench/lag-recorder.mjs …` (bench:scale --lag DIR adds it to the hub): records every gap over 20 ms
// between two runs of a 1 ms timer, i.e. every turn of the event loop long enough to delay an HTTP answer as much, in
// the CPU profiler's clock (CLOCK_MONOTONIC µs, as `--cpu-prof` timestamps), with the CPU time the process used
// meanwhile (all its threads: far below the gap means it was descheduled, not busy). Written at exit to
// $LAG_OUT/lag-<pid>.json for `bench/profile-longtasks.ts PROFILE --windows FILE`.
import { writeFileSync } from 'node:fs';

const turns = [];
// LAG_MS lowers the threshold (e.g. 2) to see every turn around a slow answer.
const threshold = Number(process.env.LAG_MS ?? 20);
let last = process.hrtime.bigint();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const ms = Number(now - last) / 1e6;
  if (ms > threshold) {
    const cpuMs = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
    turns.push({
      from: Number(last / 1000n),
      to: Number(now / 1000n),
      ms: Math.round(ms * 10) / 10,
      cpuMs: Math.round(cpuMs * 10) / 10,
    });
  }
  last = now;
  lastCpu = cpu;
}, 1).unref();
process.on('exit', () => writeFileSync(`${process.env.LAG_OUT ?? '.'}/lag-${process.pid}.json`, JSON.stringify(turns)));
