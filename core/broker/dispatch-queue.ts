/**
 * Bounds how long incoming MQTT messages hold the event loop, without ever slowing how fast the socket is read. libuv
 * reads a readable socket up to 32 times (64 KB each) per poll and mqtt.js parses every packet of a read at once: a
 * broker handing a starting hub its retained messages (~15 MB for 2,000 zigbee2mqtt devices) or a resync's burst of
 * states became turns of 100–130 ms in which the API could not answer (profiled).
 *
 * The messages wait here, in order, and their handlers run in slices of `budgetMs`, with a turn of the event loop
 * (the API's requests, the next socket reads) between slices. The socket itself is read as fast as it comes
 * (read-pacer.ts bounds only how much of it one turn parses): a hub that stopped reading (mqtt.js's `handleMessage`
 * backpressure, tried first) made mosquitto drop what queued up for it past its per-client limit, and a starting hub
 * lost 1,300–2,600 of 9,480 discovery configs.
 */
export interface DispatchQueueOptions {
  /** Default 5 ms, like the discovery slices it shares a turn with (discovery-queue.ts). */
  budgetMs?: number;
  now?: () => number;
  /** Runs `fn` after pending I/O; default setImmediate. */
  schedule?: (fn: () => void) => void;
}

export interface DispatchQueue<T> {
  push(item: T): void;
  /** Forget what is waiting (the connection stopped). */
  clear(): void;
  readonly size: number;
}

export function createDispatchQueue<T>(handle: (item: T) => void, options: DispatchQueueOptions = {}): DispatchQueue<T> {
  const budgetMs = options.budgetMs ?? 5;
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? ((fn: () => void) => void setImmediate(fn));
  let items: T[] = [];
  let head = 0;
  /** When the current slice began; undefined between slices (a slice ends at the latest in the next check phase). */
  let sliceStart: number | undefined;
  /** A drain is scheduled: what arrives waits behind what is queued. */
  let waiting = false;
  const endSlice = () => (sliceStart = undefined);
  const beginSlice = () => {
    sliceStart = now();
    schedule(endSlice);
  };
  const spent = () => sliceStart !== undefined && now() - sliceStart >= budgetMs;

  const drain = () => {
    waiting = false;
    beginSlice();
    while (head < items.length) {
      const item = items[head]!;
      items[head++] = undefined as T; // let it go once handled
      handle(item); // at least one a slice, whatever the budget
      if (head < items.length && spent()) {
        waiting = true;
        schedule(drain);
        return;
      }
    }
    items = [];
    head = 0;
  };

  return {
    push(item) {
      if (waiting) {
        items.push(item);
        return;
      }
      if (sliceStart === undefined) beginSlice();
      else if (spent()) {
        items.push(item);
        waiting = true;
        schedule(drain);
        return;
      }
      handle(item); // within the slice's budget: at once (a command's confirmation waits for nothing)
    },
    clear() {
      items = [];
      head = 0;
    },
    get size() {
      return items.length - head;
    },
  };
}
