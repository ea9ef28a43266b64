import { memo } from 'react';
import { useDevice } from '../../store/context';
import { tileKindOf } from '../../store/tile-kind';
import { LightTile } from './LightTile';
import { SensorTile } from './SensorTile';
import { SpeakerTile } from './SpeakerTile';
import { SwitchTile } from './SwitchTile';
import { ThermostatTile } from './ThermostatTile';

/** Picks the tile from the device's capabilities; subscribes to this one device only. */
export const DeviceTile = memo(function DeviceTile({ id }: { id: string }) {
  const device = useDevice(id);
  if (!device) return null;
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
});
