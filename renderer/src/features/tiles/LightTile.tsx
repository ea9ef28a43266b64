import type { Device } from '../../../../core/model';
import { useUnits } from '../../store/context';
import { BulbIcon } from '../../ui/icons';
import { hueSatToCss, kelvinToCss } from './format';
import { LightControls, PowerSwitch, useLightState } from './LightControls';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';

export function LightTile({ device }: { device: Device }) {
  const units = useUnits();
  const { power, brightness, ct, color, isOn } = useLightState(device);
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
      headerControl={<PowerSwitch device={device} />}
    >
      <LightControls device={device} />
      <ReadingList readings={readingsOf(device, units)} />
    </TileShell>
  );
}
