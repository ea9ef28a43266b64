/** A light's controls (and any device's power switch), shared by the tiles and the device panel. */
import type { Device, HueSaturation } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { deviceName } from '../../store/search';
import { shownValue } from '../../store/pending';
import { Slider } from '../../ui/Slider';
import { Switch } from '../../ui/Switch';
import { ColorControl } from './ColorControl';
import { kelvinGradient } from './format';
import { useControlsDisabled, useSendCommand } from './use-control';

/** A light's values as shown: a command on its way wins over the last report. */
export function useLightState(device: Device) {
  const pending = useDevicePending(device.id);
  const caps = device.capabilities;
  const power = shownValue(caps.power?.value ?? null, pending, 'power');
  const brightness = shownValue(caps.brightness?.value ?? null, pending, 'brightness');
  const ct = shownValue(caps.colorTemperature?.value ?? null, pending, 'colorTemperature');
  const color = shownValue<HueSaturation | null>(caps.color?.value ?? null, pending, 'color');
  const isOn = power.value ?? (brightness.value !== null ? brightness.value > 0 : false);
  return { power, brightness, ct, color, isOn };
}

/** The device's on/off switch, named after the device (nothing when it has no power capability). */
export function PowerSwitch({ device }: { device: Device }) {
  const pending = useDevicePending(device.id);
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const cap = device.capabilities.power;
  if (!cap) return null;
  const power = shownValue(cap.value ?? null, pending, 'power');
  return (
    <Switch
      label={deviceName(device)}
      checked={!!power.value}
      pending={power.pending}
      disabled={offline || !cap.writable}
      onCheckedChange={(on) => send({ power: on })}
    />
  );
}

/**
 * Brightness, colour temperature and colour, each as the device supports them; shared by the tile and
 * the device panel. Every control's accessible name starts with the device's name ("Desk lamp
 * brightness"), so a room page or panel with several lights stays unambiguous.
 */
export function LightControls({ device }: { device: Device }) {
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const { brightness, ct, color } = useLightState(device);
  const caps = device.capabilities;
  const name = deviceName(device);
  const ctMin = caps.colorTemperature?.min ?? 2200;
  const ctMax = caps.colorTemperature?.max ?? 6500;
  return (
    <>
      {caps.brightness ? (
        <Slider
          label="Brightness"
          accessibleLabel={`${name} brightness`}
          value={brightness.value ?? 0}
          min={caps.brightness.min ?? 0}
          max={caps.brightness.max ?? 100}
          step={caps.brightness.step ?? 1}
          format={(v) => `${Math.round(v)}%`}
          pending={brightness.pending}
          disabled={offline || !caps.brightness.writable}
          onCommit={(v) => send({ brightness: v })}
        />
      ) : null}
      {caps.colorTemperature ? (
        <Slider
          label="Colour temperature"
          accessibleLabel={`${name} colour temperature`}
          className="ui-slider--gradient"
          value={ct.value ?? Math.round((ctMin + ctMax) / 2)}
          min={ctMin}
          max={ctMax}
          step={caps.colorTemperature.step ?? 50}
          format={(v) => `${Math.round(v)} K`}
          trackBackground={kelvinGradient(ctMin, ctMax)}
          pending={ct.pending}
          disabled={offline || !caps.colorTemperature.writable}
          onCommit={(v) => send({ colorTemperature: v })}
        />
      ) : null}
      {caps.color ? (
        <ColorControl
          label={`${name} colour`}
          value={color.value}
          pending={color.pending}
          disabled={offline || !caps.color.writable}
          onCommit={(v) => send({ color: v })}
        />
      ) : null}
    </>
  );
}
