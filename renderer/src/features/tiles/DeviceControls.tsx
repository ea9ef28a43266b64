/**
 * A device's controls outside its tile (the device panel): the same components the tiles use, picked
 * by capability, so the panel and the tile always offer the same things.
 */
import type { Device } from '../../../../core/model';
import { deviceName } from '../../store/search';
import { LightControls, PowerSwitch } from './LightControls';
import { SpeakerControls } from './SpeakerControls';
import { ThermostatControls } from './ThermostatControls';
import './SpeakerTile.css';
import './DeviceControls.css';

/** Whether the device has anything `DeviceControls` can show. */
export function hasControls(device: Device): boolean {
  const c = device.capabilities;
  return !!(c.power || c.brightness || c.colorTemperature || c.color || c.climate || c.media);
}

export function DeviceControls({ device }: { device: Device }) {
  const c = device.capabilities;
  if (!hasControls(device)) return null;
  return (
    <section className="device-controls" aria-label={`Controls of ${deviceName(device)}`}>
      {c.power ? (
        <div className="device-controls__power">
          <span>Power</span>
          <PowerSwitch device={device} />
        </div>
      ) : null}
      {c.brightness || c.colorTemperature || c.color ? <LightControls device={device} /> : null}
      {c.climate ? <ThermostatControls device={device} /> : null}
      {c.media ? <SpeakerControls device={device} /> : null}
    </section>
  );
}
