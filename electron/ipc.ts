import type { IpcMainInvokeEvent } from 'electron';
import type { BridgeResult } from '../core/api/bridge';
import { invoke, toApiError, type Handlers } from '../core/api/handlers';

/**
 * One IPC entry point for every HubApi method. It never throws (a rejected invoke would
 * lose the error's fields): failures come back as { ok: false, error }.
 */
export async function handleInvoke(
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  event: IpcMainInvokeEvent,
  method: unknown,
  params: unknown,
): Promise<BridgeResult<unknown>> {
  if (!isTrustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame' } };
  try {
    // Only the contract's own method names; the parameters are validated against the method's row.
    return { ok: true, result: await invoke(handlers, method, params, { client: 'desktop' }) };
  } catch (error) {
    const { code, message } = toApiError(error);
    return { ok: false, error: { code, message } };
  }
}
