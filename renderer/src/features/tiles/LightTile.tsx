import type { Device, HueSaturation } from '../../../../core/model';
import { useDevicePending, useUnits } from '../../store/context';
import { deviceName } from '../../store/search';
import { shownValue } from '../../store/pending';
import { Slider } from '../../ui/Slider';
import { Switch } from '../../ui/Switch';
import { BulbIcon } from '../../ui/icons';
import { ColorControl } from './ColorControl';
import { hueSatToCss, kelvinGradient, kelvinToCss } from './format';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';
import { useControlsDisabled, useSendCommand } from './use-control';

export function LightTile({ device }: { device: Device }) {
  const units = useUnits();
  const pending = useDevicePending(device.id);
  const send = useSendCommand(device.id);
  const caps = device.capabilities;
  const offline = useControlsDisabled(device);
  const name = deviceName(device);

  const power = shownValue(caps.power?.value ?? null, pending, 'power');
  const brightness = shownValue(caps.brightness?.value ?? null, pending, 'brightness');
  const ct = shownValue(caps.colorTemperature?.value ?? null, pending, 'colorTemperature');
  const color = shownValue<HueSaturation | null>(caps.color?.value ?? null, pending, 'color');

  const isOn = power.value ?? (brightness.value !== null ? brightness.value > 0 : false);
  const ctMin = caps.colorTemperature?.min ?? 2200;
  const ctMax = caps.colorTemperature?.max ?? 6500;
  const accent =
    color.value && color.value.saturation > 5
      ? hueSatToCss(color.value.hue, color.value.saturation)
      : ct.value
        ? kelvinToCss(ct.value)
        : 'var(--warm)';

  const summary =
    power.value === null && brightness.value === null
      ? 'No state yet'
      : isOn
        ? brightness.value !== null
          ? `On · ${Math.round(brightness.value)}%`
          : 'On'
        : 'Off';

  return (
    <TileShell
      device={device}
      icon={<BulbIcon />}
      accent={accent}
      active={isOn}
      summary={summary}
      headerControl={
        caps.power ? (
          <Switch
            label={name}
            checked={!!power.value}
            pending={power.pending}
            disabled={offline || !caps.power.writable}
            onCheckedChange={(on) => send({ power: on })}
          />
        ) : null
      }
    >
      {caps.brightness ? (
        <Slider
          label="Brightness"
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
          value={color.value}
          pending={color.pending}
          disabled={offline || !caps.color.writable}
          onCommit={(v) => send({ color: v })}
        />
      ) : null}
      <ReadingList readings={readingsOf(device, units)} />
    </TileShell>
  );
}
