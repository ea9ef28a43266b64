import type { Device } from '../../../../core/model';
import { useUnits } from '../../store/context';
import { SensorIcon, ThermostatIcon } from '../../ui/icons';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';
import { ClockTime, RelativeTime } from './TimeText';

export function SensorTile({ device }: { device: Device }) {
  const units = useUnits();
  const readings = readingsOf(device, units);
  const [primary, ...rest] = readings;
  const active = primary?.tone === 'on';
  const media = device.capabilities.media?.value;
  const mediaText = media?.state ? media.state.charAt(0).toUpperCase() + media.state.slice(1) : null;

  return (
    <TileShell
      device={device}
      icon={primary?.key === 'temperature' ? <ThermostatIcon /> : <SensorIcon />}
      active={active}
      accent="var(--accent)"
      summary={
        device.lastSeen ? (
          <>
            Updated <RelativeTime at={device.lastSeen} />
          </>
        ) : primary ? (
          primary.label
        ) : (
          (mediaText ?? 'No readings yet')
        )
      }
    >
      {primary ? (
        <div className="sensor__primary" data-tone={primary.tone}>
          <span className="sensor__value">{primary.value}</span>
          <span className="sensor__label">{primary.label}</span>
          {primary.since ? (
            <span className="sensor__since">
              since <ClockTime at={primary.since} />
            </span>
          ) : null}
        </div>
      ) : mediaText ? (
        <div className="sensor__primary">
          <span className="sensor__value">{mediaText}</span>
        </div>
      ) : null}
      <ReadingList readings={rest} />
    </TileShell>
  );
}
