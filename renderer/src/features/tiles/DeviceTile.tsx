import { memo, useMemo } from 'react';
import type { Device } from '../../../../core/model';
import { useDevice } from '../../store/context';
import { tileKindOf } from '../../store/tile-kind';
import { LightTile } from './LightTile';
import { SensorTile } from './SensorTile';
import { SpeakerTile } from './SpeakerTile';
import { SwitchTile } from './SwitchTile';
import { ThermostatTile } from './ThermostatTile';
import { TilePositionContext } from './TileShell';

/**
 * Picks the tile from the device's capabilities; subscribes to this one device only. `position`
 * and `setSize` (1-based, in its room) tell a screen reader where the tile is when the list around
 * it is virtualized.
 */
export const DeviceTile = memo(function DeviceTile({
  id,
  position,
  setSize,
}: {
  id: string;
  position?: number;
  setSize?: number;
}) {
  const device = useDevice(id);
  const where = useMemo(() => (position && setSize ? { position, setSize } : null), [position, setSize]);
  // The same element while the device is the same: a new position (a room growing during the first
  // load) re-renders only the context's reader (the tile's frame), not the controls.
  const tile = useMemo(() => (device ? tileFor(device) : null), [device]);
  if (!tile) return null;
  return <TilePositionContext.Provider value={where}>{tile}</TilePositionContext.Provider>;
});

function tileFor(device: Device) {
  switch (tileKindOf(device)) {
    case 'thermostat':
      return <ThermostatTile device={device} />;
    case 'light':
      return <LightTile device={device} />;
    case 'switch':
      return <SwitchTile device={device} />;
    case 'speaker':
      return <SpeakerTile device={device} />;
    default:
      return <SensorTile device={device} />;
  }
}
