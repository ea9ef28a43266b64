import { CommandError } from '../integrations/integration';
import type { Command, Device } from '../model';

/**
 * Check a command against what the device says it supports, before anything is sent.
 * Throws CommandError with words a person understands.
 */
export function validateCommand(device: Device, command: Command): void {
  const caps = device.capabilities;
  const need = (name: keyof typeof caps) => {
    const cap = caps[name];
    if (!cap) throw new CommandError('not_writable', `${device.name} has no ${name} control`);
    if (!cap.writable) throw new CommandError('not_writable', `${device.name}'s ${name} can only be read`);
    return cap;
  };
  const inRange = (label: string, value: number, cap: { min?: number; max?: number; unit?: string }) => {
    const unit = cap.unit ? ` ${cap.unit}` : '';
    if (cap.min !== undefined && value < cap.min)
      throw new CommandError('invalid', `${label} ${value}${unit} is below the minimum of ${cap.min}${unit} for ${device.name}`);
    if (cap.max !== undefined && value > cap.max)
      throw new CommandError('invalid', `${label} ${value}${unit} is above the maximum of ${cap.max}${unit} for ${device.name}`);
  };

  if (command.power !== undefined) need('power');
  if (command.brightness !== undefined) inRange('Brightness', command.brightness, need('brightness'));
  if (command.colorTemperature !== undefined) inRange('Colour temperature', command.colorTemperature, need('colorTemperature'));
  if (command.color !== undefined) need('color');
  if (command.climate) {
    const cap = need('climate');
    const { mode, targetTemperature, preset } = command.climate;
    if (mode !== undefined && cap.options && !cap.options.includes(mode))
      throw new CommandError('invalid', `${device.name} does not support mode "${mode}" (it supports ${cap.options.join(', ')})`);
    if (targetTemperature !== undefined) inRange('Target temperature', targetTemperature, cap);
    if (preset !== undefined && !(cap.presets ?? []).includes(preset))
      throw new CommandError('invalid', `${device.name} has no preset "${preset}"`);
  }
  if (command.media) need('media');
  // An offline device is not rejected here: its integration queues the command briefly
  // (e.g. while a zigbee2mqtt bridge restarts) and reports 'unavailable' if it never returns.
}
