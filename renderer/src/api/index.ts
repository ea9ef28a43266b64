import type { HubConnection } from './connection';
import { IpcHubClient } from './ipc-client';
import { takeToken } from './token';
import { hubWebSocketUrl, WsHubClient } from './ws-client';

export type { ConnectionState, HubConnection } from './connection';

/** IPC inside the desktop app (the preload exposes `window.homeroom`), WebSocket in a browser. */
export function createHubConnection(): HubConnection {
  if (window.homeroom) return new IpcHubClient(window.homeroom);
  return new WsHubClient({ url: hubWebSocketUrl(), token: takeToken() });
}
