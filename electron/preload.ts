/**
 * Runs sandboxed before the page. Exposes the HubApi as `window.homeroom`: one function
 * per method and one event subscription — never ipcRenderer itself (Electron security
 * guide, "Do not expose Electron APIs to untrusted web content").
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type BridgeMethods, type HomeroomBridge } from '../core/api/bridge';
import { METHOD_NAMES, type EventName } from '../core/api/contract';

const api = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (params: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, params)]),
) as BridgeMethods;

const bridge: HomeroomBridge = {
  ...api,
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('homeroom', bridge);
