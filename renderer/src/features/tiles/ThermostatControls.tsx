/** A thermostat's controls, shared by its tile and the device panel. */
import type { ClimateMode, Device } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { shownValue } from '../../store/pending';
import { deviceName } from '../../store/search';
import { Badge } from '../../ui/Badge';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { Stepper } from '../../ui/Stepper';
import { useTemperature } from '../../units/use-temperature';
import { MODE_LABELS, orderedModes } from './climate-modes';
import { useControlsDisabled, useSendCommand } from './use-control';

const ACTION: Record<string, { text: string; tone: 'heat' | 'cool' | 'neutral' | 'info' }> = {
  heating: { text: 'Heating', tone: 'heat' },
  cooling: { text: 'Cooling', tone: 'cool' },
  idle: { text: 'Idle', tone: 'neutral' },
  fan: { text: 'Fan', tone: 'info' },
  off: { text: 'Off', tone: 'neutral' },
};

/** Current and target temperature, and the mode; shared by the tile and the device panel. */
export function ThermostatControls({ device }: { device: Device }) {
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
  const modes = orderedModes(cap.options);
  const action = climate.action ? ACTION[climate.action] : undefined;
  const step = cap.step ?? 0.5;
  return (
    <>
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
          <SegmentedControl<ClimateMode>
            label={`${deviceName(device)} mode`}
            value={mode.value}
            options={modes.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
            disabled={disabled}
            pending={mode.pending}
            onChange={(m) => send({ climate: { mode: m } })}
          />
        </div>
      ) : null}
    </>
  );
}
