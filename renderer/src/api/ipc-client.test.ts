import { describe, expect, it } from 'vitest';
import { ApiError, METHOD_NAMES } from '../../../core/api/contract';
import type { BridgeMethods, BridgeResult, HomeroomBridge } from '../../../core/api/bridge';
import { IpcHubClient } from './ipc-client';

/** What the preload exposes, with every method answering `answer(method, params)`. */
function bridge(answer: (method: string, params: unknown) => BridgeResult<unknown>) {
  const calls: [string, unknown][] = [];
  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (params: unknown) => {
        calls.push([method, params]);
        return answer(method, params);
      },
    ]),
  );
  const fake: HomeroomBridge = { ...(methods as BridgeMethods), onEvent: () => () => {} };
  return { fake, calls };
}

describe('IpcHubClient', () => {
  it('calls the method of the bridge and validates its answer like the WebSocket client', async () => {
    const { fake, calls } = bridge((method) =>
      method === 'getSettings' ? { ok: true, result: { units: 'fahrenheit' } } : { ok: true, result: { units: 'kelvin' } },
    );
    const client = new IpcHubClient(fake);
    await expect(client.call('getSettings', {})).resolves.toEqual({ units: 'fahrenheit' });
    expect(calls).toEqual([['getSettings', {}]]);
    await expect(client.call('updateSettings', { theme: 'dark' })).rejects.toEqual(
      new ApiError('internal', 'Unexpected answer from the hub to updateSettings'),
    );
  });

  it('turns error results into ApiErrors, unknown codes into internal', async () => {
    const { fake } = bridge((method) => ({
      ok: false,
      error: method === 'getDevice' ? { code: 'not_found', message: 'No device' } : { code: 'weird', message: 'x' },
    }));
    const client = new IpcHubClient(fake);
    await expect(client.call('getDevice', { id: 'x' })).rejects.toEqual(new ApiError('not_found', 'No device'));
    await expect(client.call('listDevices', {})).rejects.toMatchObject({ code: 'internal' });
  });
});
