import type { IpcMainInvokeEvent } from 'electron';
import type { BridgeResult } from '../core/api/bridge';
import { methods, type MethodName } from '../core/api/contract';
import { toApiError, type Handlers } from '../core/api/handlers';

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
  if (typeof method !== 'string' || !Object.hasOwn(methods, method))
    return { ok: false, error: { code: 'invalid', message: `Unknown method "${String(method)}"` } };
  try {
    // The handler validates params against the contract's zod schema.
    return { ok: true, result: await handlers[method as MethodName](params, { client: 'desktop' }) };
  } catch (error) {
    const { code, message } = toApiError(error);
    return { ok: false, error: { code, message } };
  }
}
