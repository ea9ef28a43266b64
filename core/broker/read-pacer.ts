/**
 * Bounds how much of the broker's stream mqtt.js parses and hands over in one turn of the event loop. libuv reads a
 * readable socket up to 32 times (64 KB each) per poll, and mqtt.js parses and emits every packet of every read at
 * once: a broker handing a starting hub ~2 MB of retained configs in one poll made turns of 25–50 ms, on top of the
 * dispatch and discovery slices, and the API's first answer waited for two or three of them (profiled).
 *
 * mqtt.js calls `handleMessage(packet, done)` after each incoming PUBLISH and handles the next packet only once
 * `done` runs. Past `bytesPerTurn` in a turn, `done` waits for the next check phase: mqtt.js stops parsing, its
 * writable stops draining, the socket is paused until then, and the next poll serves the API's sockets too. Reading
 * is delayed by one turn, never held until messages are handled (the dispatch queue absorbs them): a hub that read
 * only as fast as it handled made mosquitto drop what queued up past its per-client limit (dispatch-queue.ts).
 */
export interface ReadPacerOptions {
  /** Default 256 KB: about 2 ms of mqtt-packet's parsing and the handlers' queueing here. */
  bytesPerTurn?: number;
  /** Runs `fn` in the next check phase; default setImmediate. */
  schedule?: (fn: () => void) => void;
}

export type HandleMessage = (packet: { length?: number }, done: () => void) => void;

export function createReadPacer(options: ReadPacerOptions = {}): HandleMessage {
  const budget = options.bytesPerTurn ?? 256 * 1024;
  const schedule = options.schedule ?? ((fn: () => void) => void setImmediate(fn));
  let used = 0;
  let counting = false;
  const endTurn = () => {
    used = 0;
    counting = false;
  };
  return (packet, done) => {
    if (!counting) {
      counting = true;
      schedule(endTurn);
    }
    used += packet.length ?? 0;
    if (used < budget) done();
    else schedule(done);
  };
}
