/** The discovery inbox from the hub: loaded once, then kept current by `discoveryChanged`. */
import { useEffect, useState } from 'react';
import type { DiscoveryEntry } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';

export function useDiscoveryInbox(): DiscoveryEntry[] {
  const { client } = useHubStoreApi();
  const connected = useHub((s) => s.connection.state === 'connected');
  const [entries, setEntries] = useState<DiscoveryEntry[]>([]);
  useEffect(() => {
    let live = true;
    const off = client.on('discoveryChanged', ({ devices }) => live && setEntries(devices));
    if (connected) {
      client.call('listDiscovery', {}).then(
        (devices) => live && setEntries(devices),
        () => {}, // a hub without discovery: the inbox stays empty
      );
    }
    return () => {
      live = false;
      off();
    };
  }, [client, connected]);
  return entries;
}

export const KIND_LABELS: Record<DiscoveryEntry['kind'], string> = {
  light: 'Light',
  switch: 'Switch',
  plug: 'Plug',
  thermostat: 'Thermostat',
  sensor: 'Sensor',
  speaker: 'Speaker',
  other: 'Bridge',
};
