// Preloaded into the hub by bench/scale-heap.ts --promoted: a sampling heap profile of the objects that survived the
// young generation and were then collected by a major GC (what makes the old generation grow and RSS saw-tooth),
// from 60 s after the start for 60 s, written to $PROMOTED_PROFILE (open in DevTools or summarise with
// bench/profile-summary-heap).
import inspector from 'node:inspector';
import fs from 'node:fs';
const session = new inspector.Session();
session.connect();
setTimeout(() => {
  session.post('HeapProfiler.enable', () =>
    session.post(
      'HeapProfiler.startSampling',
      { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false },
      () =>
        setTimeout(
          () =>
            session.post('HeapProfiler.stopSampling', (err, { profile }) => {
              fs.writeFileSync(process.env.PROMOTED_PROFILE, JSON.stringify(profile));
            }),
          60_000,
        ).unref(),
    ),
  );
}, 60_000).unref();
