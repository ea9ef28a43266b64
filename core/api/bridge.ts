/**
 * What Electron's preload exposes as `window.homeroom`: one function per HubApi method
 * (never ipcRenderer itself) plus one event subscription. Pure types: shared by
 * electron/preload.ts and the renderer's IPC client.
 */
import type { EventName, HandlerResponse, MethodName, MethodRequest } from './contract';

export type BridgeMethods = {
  [M in MethodName]: (params: MethodRequest<M>) => Promise<BridgeResult<HandlerResponse<M>>>;
};

export type HomeroomBridge = BridgeMethods & {
  /** Subscribe to every hub event; returns an unsubscribe function. */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
};

/** Errors cannot cross contextBridge with their fields intact, so results carry them. */
export type BridgeResult<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

export const IPC_INVOKE_CHANNEL = 'homeroom:invoke';
export const IPC_EVENT_CHANNEL = 'homeroom:event';
