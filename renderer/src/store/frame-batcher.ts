/**
 * Coalesces high-rate keyed updates and hands them over at most once per animation frame
 * (DESIGN.md habit 9). A key pushed twice before the frame keeps only its last value;
 * `null` is a removal, kept in order with updates of the same key.
 */
export type FrameScheduler = {
  request(callback: () => void): number;
  cancel(handle: number): void;
};

export const animationFrameScheduler: FrameScheduler = {
  request: (callback) => requestAnimationFrame(() => callback()),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export interface FrameBatcher<T> {
  push(key: string, value: T | null): void;
  /** Applies what is buffered now (e.g. before a snapshot that must win over older events). */
  flush(): void;
  readonly size: number;
  dispose(): void;
}

export function createFrameBatcher<T>(
  apply: (batch: ReadonlyMap<string, T | null>) => void,
  scheduler: FrameScheduler = animationFrameScheduler,
): FrameBatcher<T> {
  let buffer = new Map<string, T | null>();
  let handle: number | null = null;

  const flush = () => {
    if (handle !== null) scheduler.cancel(handle);
    handle = null;
    if (buffer.size === 0) return;
    const batch = buffer;
    buffer = new Map();
    apply(batch);
  };

  return {
    push(key, value) {
      buffer.delete(key); // keep insertion order = order of the latest change
      buffer.set(key, value);
      if (handle === null) {
        handle = scheduler.request(() => {
          handle = null;
          flush();
        });
      }
    },
    flush,
    get size() {
      return buffer.size;
    },
    dispose() {
      if (handle !== null) scheduler.cancel(handle);
      handle = null;
      buffer = new Map();
    },
  };
}
