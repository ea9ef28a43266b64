import { events, isEventName, type EventName, type EventPayload } from '../../../core/api/contract';

type Handler = (payload: never) => void;

/**
 * The hub's events for one client, whatever the transport: handlers by event name, and a
 * dispatch that validates each payload against the contract and isolates failing handlers.
 */
export class EventHandlers {
  private readonly handlers = new Map<EventName, Set<Handler>>();

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  dispatch(name: unknown, payload: unknown): void {
    if (!isEventName(name)) return;
    const event = name;
    const set = this.handlers.get(event);
    if (!set || set.size === 0) return;
    const parsed = events[event].payload.safeParse(payload);
    if (!parsed.success) {
      console.warn(`Ignoring malformed ${event} event from the hub`, parsed.error.issues);
      return;
    }
    for (const handler of set) {
      try {
        (handler as (p: unknown) => void)(parsed.data);
      } catch (error) {
        console.error(`A ${event} handler failed`, error);
      }
    }
  }
}
