import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../core/api/handlers';
import { Registry } from '../core/registry/registry';
import { ManualClock } from '../core/util/clock';
import { silentLogger } from '../core/util/logger';
import { handleInvoke } from './ipc';

// The Electron binary is not available here; IPC's logic is plain functions over the real handlers.
const clock = new ManualClock(0);
const registry = new Registry({ clock, logger: silentLogger });
const handlers = createHandlers({ registry, version: 'test', startedAt: 0, now: () => clock.now(), mqttStatus: () => undefined });
const event = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent;
const trusted = (e: IpcMainInvokeEvent) => e.senderFrame?.url === 'file:///app/dist/renderer/index.html';

describe('handleInvoke', () => {
  it('answers a valid call from our own page', async () => {
    const result = await handleInvoke(handlers, trusted, event('file:///app/dist/renderer/index.html'), 'listDevices', {});
    expect(result).toEqual({ ok: true, result: [] });
  });

  it('refuses calls from any other frame', async () => {
    const result = await handleInvoke(handlers, trusted, event('https://evil.example/'), 'listDevices', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses unknown methods, including prototype names', async () => {
    for (const method of ['deleteEverything', '__proto__', 'constructor', 42]) {
      const result = await handleInvoke(handlers, trusted, event('file:///app/dist/renderer/index.html'), method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  it('validates parameters and returns errors as values instead of throwing', async () => {
    const page = event('file:///app/dist/renderer/index.html');
    expect(await handleInvoke(handlers, trusted, page, 'getDevice', { id: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await handleInvoke(handlers, trusted, page, 'sendCommand', { id: 'x', command: { power: 'on' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await handleInvoke(handlers, trusted, page, 'getDevice', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'No device with id "nope"' },
    });
  });
});
