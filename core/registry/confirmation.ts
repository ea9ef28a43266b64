import type { Capabilities, Command } from '../model';

/**
 * Whether a device's reported capabilities show that a command took effect.
 * Tolerances absorb the rounding of real protocols: brightness travels as 0–254,
 * colour temperature as whole mireds, setpoints in 0.5 °C steps.
 */
export function isCommandConfirmed(command: Command, caps: Capabilities): boolean {
  const close = (a: number | null | undefined, b: number, tolerance: number) =>
    typeof a === 'number' && Math.abs(a - b) <= tolerance;

  if (command.power !== undefined && caps.power?.value !== command.power) return false;
  // A light that was switched off does not report brightness changes; only check when on.
  const off = command.power === false;
  if (!off && command.brightness !== undefined && !close(caps.brightness?.value, command.brightness, 1)) return false;
  if (!off && command.colorTemperature !== undefined) {
    // One mired of rounding is about 0.6 % at 6500 K, 0.3 % at 2700 K.
    const tolerance = Math.max(15, command.colorTemperature * 0.01);
    if (!close(caps.colorTemperature?.value, command.colorTemperature, tolerance)) return false;
  }
  if (!off && command.color) {
    const c = caps.color?.value;
    if (!c) return false;
    const hueDiff = Math.abs(((c.hue - command.color.hue + 540) % 360) - 180);
    if (hueDiff > 3 || Math.abs(c.saturation - command.color.saturation) > 3) return false;
  }
  if (command.climate) {
    const climate = caps.climate?.value;
    if (!climate) return false;
    if (command.climate.mode !== undefined && climate.mode !== command.climate.mode) return false;
    if (command.climate.preset !== undefined && climate.preset !== command.climate.preset) return false;
    if (
      command.climate.targetTemperature !== undefined &&
      !close(climate.targetTemperature, command.climate.targetTemperature, 0.05)
    )
      return false;
  }
  if (command.media) {
    const media = caps.media?.value;
    if (!media) return false;
    if (command.media.volume !== undefined && !close(media.volume, command.media.volume, 1)) return false;
    if (command.media.muted !== undefined && media.muted !== command.media.muted) return false;
    const expected = { play: 'playing', pause: 'paused', stop: 'stopped' } as const;
    const action = command.media.action;
    if (action && action in expected && media.state !== expected[action as keyof typeof expected]) return false;
  }
  return true;
}
