import type { HubClient } from '../../../core/api/contract';

/** How the UI is connected to the hub. IPC is always `connected`. */
export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; reason: string; retryInMs: number }
  | { state: 'auth_failed'; reason: string };

/** A HubClient plus the state of its transport. */
export interface HubConnection extends HubClient {
  readonly connection: ConnectionState;
  /** Called on every transport state change; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Connects again now (after signing in, or instead of waiting for the next retry). IPC: nothing to do. */
  retry(): void;
  close(): void;
}
