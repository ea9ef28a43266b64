/**
 * How a tile opens its device's panel: by address when the app runs under its router (so the panel
 * has a URL and Back closes it), else the tile shows the panel itself (components rendered alone, in tests).
 */
import { createContext, useContext } from 'react';

export type OpenDevicePanel = (deviceId: string) => void;

export const DevicePanelContext = createContext<OpenDevicePanel | null>(null);

export const useOpenDevicePanel = (): OpenDevicePanel | null => useContext(DevicePanelContext);
