/** HubClient over Electron's preload bridge (`window.homeroom`, see core/api/bridge.ts). */
import {
  ApiError,
  API_ERROR_CODES,
  routes,
  type ApiErrorCode,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodRequest,
  type MethodResponse,
} from '../../../core/api/contract';
import type { BridgeMethods, HomeroomBridge } from '../../../core/api/bridge';
import type { ConnectionState, HubConnection } from './connection';
import { EventHandlers } from './event-handlers';

declare global {
  interface Window {
    homeroom?: HomeroomBridge;
  }
}

export class IpcHubClient implements HubConnection {
  readonly connection: ConnectionState = { state: 'connected' };
  private readonly events = new EventHandlers();
  private readonly unsubscribe: () => void;

  constructor(private readonly bridge: HomeroomBridge) {
    this.unsubscribe = bridge.onEvent((name, payload) => this.events.dispatch(name, payload));
  }

  onConnection(): () => void {
    return () => {};
  }

  async call<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>> {
    const bridge: BridgeMethods = this.bridge;
    const result = await bridge[method](params);
    if (result.ok) {
      // Validated like the WebSocket client's answers: both transports give the UI the same parsed values.
      const parsed = routes[method].response.safeParse(result.result);
      if (parsed.success) return parsed.data;
      throw new ApiError('internal', `Unexpected answer from the hub to ${method}`);
    }
    const code = (API_ERROR_CODES as readonly string[]).includes(result.error.code)
      ? (result.error.code as ApiErrorCode)
      : 'internal';
    throw new ApiError(code, result.error.message);
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, handler);
  }

  retry(): void {
    // Always connected: the hub runs in the same app.
  }

  close(): void {
    this.unsubscribe();
  }
}
