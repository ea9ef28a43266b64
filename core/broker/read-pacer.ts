/**
 * Bounds how much of the broker's stream mqtt.js parses in one turn of the event loop, without ever reading the
 * socket more slowly. libuv reads a readable socket up to 32 times (64 KB each) per poll, and mqtt.js parses and emits
 * every packet of every read at once: a broker handing a starting hub ~2 MB of retained configs in one poll made turns
 * of 25–50 ms, on top of the dispatch and discovery slices, and the API's first answer waited for two or three of them
 * (profiled).
 *
 * mqtt.js pipes its stream into its parser (`stream.pipe(writable)`, once per connection). `pacePipe` replaces that
 * pipe on the stream: the socket stays in flowing mode and every chunk it reads is taken at once, but the parser is
 * given at most `bytesPerTurn` a turn; the rest waits here, in order, for the next check phase. Holding the socket
 * instead (mqtt.js's `handleMessage` callback deferred, tried first) let TCP back up to the broker, and mosquitto
 * dropped what queued up for the hub past its per-client limit: a starting hub lost configs of a live-starting house
 * (the rules bench stopped at 1,499 of 2,050 devices).
 */
import type { Readable, Writable } from 'node:stream';

export interface ReadPacerOptions {
  /** Default 256 KB: about 2 ms of mqtt-packet's parsing and the dispatch queue's intake here. */
  bytesPerTurn?: number;
  /** Runs `fn` in the next check phase; default setImmediate. */
  schedule?: (fn: () => void) => void;
}

/** Makes the stream's next `pipe(dest)` a paced one (mqtt.js's client calls it right after building the stream). */
export function pacePipe<S extends Readable>(stream: S, options: ReadPacerOptions = {}): S {
  const budget = options.bytesPerTurn ?? 256 * 1024;
  const schedule = options.schedule ?? ((fn: () => void) => void setImmediate(fn));
  stream.pipe = <T extends NodeJS.WritableStream>(destination: T): T => {
    const dest = destination as unknown as Writable;
    let waiting: (Buffer | undefined)[] = [];
    let head = 0;
    let used = 0;
    /** A turn is counted: its end (the next check phase) is scheduled. */
    let counting = false;
    let feeding = false;
    let ended = false;
    const endTurn = () => {
      used = 0;
      counting = false;
    };
    const give = (chunk: Buffer) => {
      if (!counting) {
        counting = true;
        schedule(endTurn);
      }
      used += chunk.length;
      dest.write(chunk);
    };
    const feed = () => {
      feeding = false;
      if (dest.destroyed || dest.writableEnded) {
        waiting = []; // mqtt.js let go of this connection: nothing to parse it for
        head = 0;
        return;
      }
      while (head < waiting.length && used < budget) {
        const chunk = waiting[head]!;
        waiting[head++] = undefined; // let it go once given
        give(chunk);
      }
      if (head < waiting.length) return later();
      waiting = [];
      head = 0;
      if (ended) dest.end();
    };
    const later = () => {
      if (feeding) return;
      feeding = true;
      schedule(feed);
    };
    stream.on('data', (chunk: Buffer) => {
      if (head === waiting.length && used < budget && !feeding) give(chunk);
      else {
        waiting.push(chunk);
        later();
      }
    });
    stream.once('end', () => {
      ended = true;
      if (head === waiting.length) dest.end();
    });
    return destination;
  };
  return stream;
}
