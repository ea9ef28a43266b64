import { useCallback } from 'react';
import type { Command, Device } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';

export function useSendCommand(deviceId: string): (command: Command) => void {
  const store = useHubStoreApi();
  return useCallback((command: Command) => void store.getState().sendCommand(deviceId, command), [store, deviceId]);
}

/** Controls are disabled while the device is not online or the hub is not reachable. */
export function useControlsDisabled(device: Pick<Device, 'availability'>): boolean {
  const hubDown = useHub((s) => s.connection.state !== 'connected');
  return hubDown || device.availability !== 'online';
}
