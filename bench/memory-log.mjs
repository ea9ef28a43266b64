// Preloaded into the hub by bench/scale-heap.ts --no-snapshots: memoryUsage() and V8 heap figures every 10 s, one JSON line each, to $MEMLOG.
import fs from 'node:fs';
import v8 from 'node:v8';
const t0 = Date.now();
setInterval(
  () => {
    const m = process.memoryUsage();
    const h = v8.getHeapStatistics();
    fs.appendFileSync(
      process.env.MEMLOG || '/tmp/startmem/mem.log',
      JSON.stringify({
        s: Math.round((Date.now() - t0) / 1000),
        rss: m.rss >> 20,
        heapTotal: m.heapTotal >> 20,
        heapUsed: m.heapUsed >> 20,
        external: m.external >> 20,
        ab: m.arrayBuffers >> 20,
        malloced: h.malloced_memory >> 20,
        peakMalloced: h.peak_malloced_memory >> 20,
      }) + '\n',
    );
  },
  Number(process.env.MEMLOG_MS || 10000),
).unref();
