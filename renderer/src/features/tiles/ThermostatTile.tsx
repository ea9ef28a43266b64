import { CLIMATE_MODES, type ClimateMode, type Device } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { shownValue } from '../../store/pending';
import { Badge } from '../../ui/Badge';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { Stepper } from '../../ui/Stepper';
import { ThermostatIcon } from '../../ui/icons';
import { useTemperature } from '../../units/use-temperature';
import { ReadingList, readingsOf } from './Readings';
import { TileShell } from './TileShell';
import { useControlsDisabled, useSendCommand } from './use-control';

const MODE_LABELS: Record<ClimateMode, string> = { off: 'Off', heat: 'Heat', cool: 'Cool', auto: 'Auto', fan: 'Fan' };
const ACTION: Record<string, { text: string; tone: 'heat' | 'cool' | 'neutral' | 'info' }> = {
  heating: { text: 'Heating', tone: 'heat' },
  cooling: { text: 'Cooling', tone: 'cool' },
  idle: { text: 'Idle', tone: 'neutral' },
  fan: { text: 'Fan', tone: 'info' },
  off: { text: 'Off', tone: 'neutral' },
};

export function ThermostatTile({ device }: { device: Device }) {
  const temperature = useTemperature();
  const pending = useDevicePending(device.id);
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const cap = device.capabilities.climate;
  if (!cap) return null;
  const climate = cap.value;
  const disabled = offline || !cap.writable;
  const mode = shownValue(climate.mode, pending, 'climate.mode');
  const target = shownValue(climate.targetTemperature, pending, 'climate.targetTemperature');
  const modes = (cap.options ?? CLIMATE_MODES).filter((m): m is ClimateMode => (CLIMATE_MODES as readonly string[]).includes(m));
  const action = climate.action ? ACTION[climate.action] : undefined;
  const step = cap.step ?? 0.5;

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
      <div className="thermo">
        <div className="thermo__current">
          <span className="thermo__current-value">{temperature.format(climate.currentTemperature)}</span>
          <span className="thermo__current-label">Now{action ? <Badge tone={action.tone}>{action.text}</Badge> : null}</span>
        </div>
        <div className="thermo__target">
          <span className="thermo__target-label">Target</span>
          <Stepper
            value={target.value}
            step={step}
            next={(v, direction) => temperature.step(v, direction, step)}
            min={cap.min}
            max={cap.max}
            format={temperature.format}
            valueLabel="Target temperature"
            lowerLabel="Lower target temperature"
            raiseLabel="Raise target temperature"
            disabled={disabled || mode.value === 'off'}
            pending={target.pending}
            onStep={(v) => send({ climate: { targetTemperature: v } })}
          />
        </div>
      </div>
      {modes.length > 0 ? (
        <div className="field">
          <span className="field__label" aria-hidden="true">
            Mode
          </span>
          <SegmentedControl
            label="Mode"
            value={mode.value}
            options={modes.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
            disabled={disabled}
            pending={mode.pending}
            onChange={(m) => send({ climate: { mode: m } })}
          />
        </div>
      ) : null}
      <ReadingList readings={readingsOf(device, temperature.units)} />
    </TileShell>
  );
}
