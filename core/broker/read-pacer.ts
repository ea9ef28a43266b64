/**
 * Bounds how long incoming MQTT messages hold the event loop. libuv reads a readable socket up to 32 times (64 KB
 * each) per poll, and mqtt.js parses and delivers every packet of a read before it returns: a broker handing a
 * starting hub its retained messages (~15 MB for 2,000 zigbee2mqtt devices) or a resync's burst of states became
 * turns of 100–130 ms in which the API could not answer (profiled).
 *
 * mqtt.js asks `handleMessage(packet, done)` after delivering each PUBLISH and handles the next packet only once
 * `done` is called (its documented backpressure hook). The pacer calls `done` at once until a slice has used
 * `budgetMs`, then only from `schedule` (setImmediate: after the poll for other I/O). Meanwhile mqtt.js stops reading,
 * so the socket pauses and TCP holds the rest at the broker. Messages keep their order: one packet at a time.
 */
export interface ReadPacerOptions {
  /** Default 5 ms, like the discovery slices it shares a turn with (discovery-queue.ts). */
  budgetMs?: number;
  now?: () => number;
  /** Runs `fn` after pending I/O; default setImmediate. */
  schedule?: (fn: () => void) => void;
}

export type ReadPacer = (done: () => void) => void;

export function createReadPacer(options: ReadPacerOptions = {}): ReadPacer {
  const budgetMs = options.budgetMs ?? 5;
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? ((fn: () => void) => void setImmediate(fn));
  /** When the current slice began; undefined between slices. */
  let sliceStart: number | undefined;
  // A slice ends at the latest in the check phase after it began (a read that ends within budget needs no yield), so
  // an idle hub's next message starts a fresh one.
  const endSlice = () => (sliceStart = undefined);
  return (done) => {
    const at = now();
    if (sliceStart === undefined) {
      sliceStart = at;
      schedule(endSlice);
    } else if (at - sliceStart >= budgetMs) {
      // Scheduled after endSlice, so the next message begins a new slice; scheduled from the check phase, it runs in
      // the next turn, after that turn's poll (the API's requests).
      schedule(done);
      return;
    }
    done();
  };
}
