import type { Device } from '../../../../core/model';
import { useDevicePending, useUnits } from '../../store/context';
import { shownValue } from '../../store/pending';
import { BulbIcon, PlugIcon } from '../../ui/icons';
import { formatNumber } from './format';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';
import { PowerSwitch } from './LightControls';

export function SwitchTile({ device }: { device: Device }) {
  const units = useUnits();
  const pending = useDevicePending(device.id);
  const caps = device.capabilities;
  const power = shownValue(caps.power?.value ?? null, pending, 'power');
  const watts = caps.power_w?.value;
  const summary =
    power.value === null
      ? 'No state yet'
      : `${power.value ? 'On' : 'Off'}${typeof watts === 'number' ? ` · ${formatNumber(watts, 'W')}` : ''}`;

  return (
    <TileShell
      device={device}
      icon={device.kind === 'light' ? <BulbIcon /> : <PlugIcon />}
      active={!!power.value}
      accent="var(--accent)"
      summary={summary}
      headerControl={<PowerSwitch device={device} />}
    >
      <ReadingList readings={readingsOf(device, units)} />
    </TileShell>
  );
}
