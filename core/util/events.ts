/**
 * A typed event bus that one faulty listener cannot break: every listener is called
 * in its own try/catch and failures are reported by owner (DESIGN.md habit 6).
 */
export type Listener<T> = (payload: T) => void;

export class SafeEmitter<EventMap extends Record<string, unknown>> {
  private listeners = new Map<keyof EventMap, Set<{ owner: string; fn: Listener<never> }>>();

  constructor(private readonly onListenerError: (owner: string, event: string, error: unknown) => void) {}

  /** Returns a function that removes the listener. */
  on<E extends keyof EventMap>(event: E, owner: string, fn: Listener<EventMap[E]>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = { owner, fn: fn as Listener<never> };
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const { owner, fn } of [...set]) {
      try {
        (fn as Listener<EventMap[E]>)(payload);
      } catch (error) {
        this.onListenerError(owner, String(event), error);
      }
    }
  }
}
