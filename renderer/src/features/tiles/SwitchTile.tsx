import type { Device } from '../../../../core/model';
import { useDevicePending, useUnits } from '../../store/context';
import { shownValue } from '../../store/pending';
import { deviceName } from '../../store/search';
import { Switch } from '../../ui/Switch';
import { BulbIcon, PlugIcon } from '../../ui/icons';
import { formatNumber } from './format';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';
import { useControlsDisabled, useSendCommand } from './use-control';

export function SwitchTile({ device }: { device: Device }) {
  const units = useUnits();
  const pending = useDevicePending(device.id);
  const send = useSendCommand(device.id);
  const caps = device.capabilities;
  const offline = useControlsDisabled(device);
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
      headerControl={
        caps.power ? (
          <Switch
            label={deviceName(device)}
            checked={!!power.value}
            pending={power.pending}
            disabled={offline || !caps.power.writable}
            onCheckedChange={(on) => send({ power: on })}
          />
        ) : null
      }
    >
      <ReadingList readings={readingsOf(device, units)} />
    </TileShell>
  );
}
