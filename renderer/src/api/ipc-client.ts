/** HubClient over Electron's preload bridge (`window.homeroom`, see core/api/bridge.ts). */
import {
  ApiError,
  API_ERROR_CODES,
  events,
  type ApiErrorCode,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodRequest,
  type MethodResponse,
} from '../../../core/api/contract';
import type { BridgeResult, HomeroomBridge } from '../../../core/api/bridge';
import type { ConnectionState, HubConnection } from './connection';

declare global {
  interface Window {
    homeroom?: HomeroomBridge;
  }
}

export class IpcHubClient implements HubConnection {
  readonly connection: ConnectionState = { state: 'connected' };
  private readonly handlers = new Map<EventName, Set<(payload: never) => void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly bridge: HomeroomBridge) {
    this.unsubscribe = bridge.onEvent((name, payload) => this.dispatch(name, payload));
  }

  onConnection(): () => void {
    return () => {};
  }

  async call<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>> {
    const invoke = this.bridge[method] as (p: MethodRequest<M>) => Promise<BridgeResult<MethodResponse<M>>>;
    const result = await invoke(params);
    if (result.ok) return result.result;
    const code = (API_ERROR_CODES as readonly string[]).includes(result.error.code)
      ? (result.error.code as ApiErrorCode)
      : 'internal';
    throw new ApiError(code, result.error.message);
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  close(): void {
    this.unsubscribe();
  }

  private dispatch(name: EventName, payload: unknown): void {
    const set = this.handlers.get(name);
    if (!set || !(name in events)) return;
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) return;
    for (const handler of set) {
      try {
        (handler as (p: unknown) => void)(parsed.data);
      } catch (error) {
        console.error(`A ${name} handler failed`, error);
      }
    }
  }
}
