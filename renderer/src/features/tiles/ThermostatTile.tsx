import type { Device } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { shownValue } from '../../store/pending';
import { ThermostatIcon } from '../../ui/icons';
import { useTemperature } from '../../units/use-temperature';
import { MODE_LABELS } from './climate-modes';
import { ReadingList, readingsOf } from './Readings';
import { ThermostatControls } from './ThermostatControls';
import { TileShell } from './TileShell';

export function ThermostatTile({ device }: { device: Device }) {
  const temperature = useTemperature();
  const pending = useDevicePending(device.id);
  const cap = device.capabilities.climate;
  if (!cap) return null;
  const climate = cap.value;
  const mode = shownValue(climate.mode, pending, 'climate.mode');
  const target = shownValue(climate.targetTemperature, pending, 'climate.targetTemperature');

  return (
    <TileShell
      device={device}
      icon={<ThermostatIcon />}
      active={climate.action === 'heating' || climate.action === 'cooling'}
      accent={climate.action === 'cooling' ? 'var(--cool)' : 'var(--heat)'}
      summary={
        mode.value
          ? `${MODE_LABELS[mode.value]}${target.value !== null && mode.value !== 'off' ? ` · set to ${temperature.format(target.value)}` : ''}`
          : 'No state yet'
      }
    >
      <ThermostatControls device={device} />
      <ReadingList readings={readingsOf(device, temperature.units)} />
    </TileShell>
  );
}
