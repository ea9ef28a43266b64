/**
 * A typed event bus that one faulty listener cannot break: every listener is called
 * in its own try/catch and failures are reported by owner (DESIGN.md habit 6).
 */
export type Listener<T> = (payload: T) => void;

type Entry = { owner: string; fn: Listener<never> };

export class SafeEmitter<EventMap extends Record<string, unknown>> {
  /**
   * Per event, an array that is replaced, never changed, when a listener is added or removed: an emit runs over the
   * listeners of the moment it started without copying them (deviceChanged is emitted for every state message).
   */
  private listeners = new Map<keyof EventMap, readonly Entry[]>();

  constructor(private readonly onListenerError: (owner: string, event: string, error: unknown) => void) {}

  /** Returns a function that removes the listener. */
  on<E extends keyof EventMap>(event: E, owner: string, fn: Listener<EventMap[E]>): () => void {
    const entry: Entry = { owner, fn: fn as Listener<never> };
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), entry]);
    return () => {
      const entries = this.listeners.get(event);
      if (entries?.includes(entry))
        this.listeners.set(
          event,
          entries.filter((e) => e !== entry),
        );
    };
  }

  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void {
    const entries = this.listeners.get(event);
    if (!entries) return;
    for (const { owner, fn } of entries) {
      try {
        (fn as Listener<EventMap[E]>)(payload);
      } catch (error) {
        this.onListenerError(owner, String(event), error);
      }
    }
  }
}
