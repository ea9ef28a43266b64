import type { HubConnection } from './connection';
import { IpcHubClient } from './ipc-client';
import { hubWebSocketUrl, WsHubClient } from './ws-client';

export type { ConnectionState, HubConnection } from './connection';

/**
 * IPC inside the desktop app (the preload exposes `window.homeroom`), WebSocket in a browser. A browser
 * is signed in by its session cookie; `token` only when the cookie could not be set (this page load only).
 */
export function createHubConnection(token?: string): HubConnection {
  if (window.homeroom) return new IpcHubClient(window.homeroom);
  return new WsHubClient({ url: hubWebSocketUrl(), token });
}
