/**
 * What changed on a device, in words: "Hallway motion detected", "Office TRV went offline".
 * Pure, table-tested. Readings that change all the time (temperature, humidity…) belong to
 * history, not here. Values appearing for the first time (null → value) are not news.
 */
import { DEFAULT_TEXT_FORMAT, type Command, type Device, type TextFormat } from '../model';

export interface ChangeMessage {
  /** The top-level capability (or 'availability') that changed, to match it to a command. */
  capability: string;
  /** The part of a climate capability that changed: a device may report a command's parts in separate messages. */
  field?: 'mode' | 'targetTemperature' | 'preset';
  message: string;
}

const known = (v: unknown) => v !== null && v !== undefined;

export function describeDeviceChange(before: Device, after: Device, format: TextFormat = DEFAULT_TEXT_FORMAT): ChangeMessage[] {
  const name = after.name;
  const out: ChangeMessage[] = [];
  const b = before.capabilities;
  const a = after.capabilities;
  const changed = <T>(x: T | null | undefined, y: T | null | undefined) => known(x) && known(y) && x !== y;

  if (before.availability !== after.availability) {
    if (after.availability === 'offline')
      out.push({
        capability: 'availability',
        message: `${name} went offline${after.availabilityReason ? ` (${after.availabilityReason})` : ''}`,
      });
    else if (after.availability === 'online' && before.availability === 'offline')
      out.push({ capability: 'availability', message: `${name} is back online` });
  }
  const power = changed(b.power?.value, a.power?.value);
  if (power) out.push({ capability: 'power', message: `${name} turned ${a.power?.value ? 'on' : 'off'}` });
  if (!power && changed(b.brightness?.value, a.brightness?.value))
    out.push({ capability: 'brightness', message: `${name} brightness set to ${Math.round(a.brightness!.value!)}%` });
  if (!power && changed(b.colorTemperature?.value, a.colorTemperature?.value))
    out.push({
      capability: 'colorTemperature',
      message: `${name} colour temperature set to ${Math.round(a.colorTemperature!.value!)} K`,
    });
  const bc = b.color?.value;
  const ac = a.color?.value;
  if (
    !power &&
    bc &&
    ac &&
    (Math.round(bc.hue) !== Math.round(ac.hue) || Math.round(bc.saturation) !== Math.round(ac.saturation))
  )
    out.push({ capability: 'color', message: `${name} colour changed` });

  const bcl = b.climate?.value;
  const acl = a.climate?.value;
  if (bcl && acl) {
    if (changed(bcl.mode, acl.mode))
      out.push({
        capability: 'climate',
        field: 'mode',
        message: acl.mode === 'off' ? `${name} turned off` : `${name} set to ${acl.mode}`,
      });
    if (changed(bcl.targetTemperature, acl.targetTemperature))
      out.push({
        capability: 'climate',
        field: 'targetTemperature',
        message: `${name} target set to ${format.temperature(acl.targetTemperature!, { fixed: true })}`,
      });
    if (changed(bcl.preset, acl.preset))
      out.push({ capability: 'climate', field: 'preset', message: `${name} preset set to ${acl.preset}` });
  }
  const bm = b.media?.value;
  const am = a.media?.value;
  if (bm && am) {
    if (changed(bm.state, am.state))
      out.push({
        capability: 'media',
        message: `${name} ${am.state === 'playing' ? 'started playing' : am.state === 'paused' ? 'paused' : 'stopped'}`,
      });
    if (changed(bm.volume, am.volume))
      out.push({ capability: 'media', message: `${name} volume set to ${Math.round(am.volume!)}%` });
    if (changed(bm.muted, am.muted)) out.push({ capability: 'media', message: `${name} ${am.muted ? 'muted' : 'unmuted'}` });
  }
  if (changed(b.occupancy?.value, a.occupancy?.value))
    out.push({
      capability: 'occupancy',
      message: a.occupancy?.value ? `${name} detected someone` : `${name} no longer detects anyone`,
    });
  if (changed(b.motion?.value, a.motion?.value))
    out.push({ capability: 'motion', message: a.motion?.value ? `${name} motion detected` : `${name} motion cleared` });
  if (changed(b.contact?.value, a.contact?.value))
    out.push({ capability: 'contact', message: a.contact?.value ? `${name} closed` : `${name} opened` });
  return out;
}

const MEDIA_ACTIONS = {
  play: 'resumed playing',
  pause: 'paused',
  stop: 'stopped',
  next: 'skipped to the next track',
  previous: 'went back a track',
};

/**
 * One command in words, every attribute it set: "Living room lamp turned on at 30 %, 2700 K",
 * "Living room lamp set to 30 %", "Office TRV set to 21.0 °C, heat". Pure.
 */
export function describeCommandChange(name: string, command: Command, format: TextFormat = DEFAULT_TEXT_FORMAT): string {
  const parts: string[] = [];
  if (command.brightness !== undefined) parts.push(`${Math.round(command.brightness)} %`);
  if (command.colorTemperature !== undefined) parts.push(`${Math.round(command.colorTemperature)} K`);
  if (command.color) parts.push(`colour ${Math.round(command.color.hue)}°, ${Math.round(command.color.saturation)} % saturation`);
  const climate = command.climate;
  if (climate?.targetTemperature !== undefined) parts.push(format.temperature(climate.targetTemperature, { fixed: true }));
  if (climate?.mode !== undefined && climate.mode !== 'off') parts.push(climate.mode);
  if (climate?.preset !== undefined) parts.push(`preset ${climate.preset}`);
  const media = command.media;
  if (media?.volume !== undefined) parts.push(`volume ${Math.round(media.volume)} %`);
  if (media?.muted !== undefined) parts.push(media.muted ? 'muted' : 'unmuted');
  const level = parts.join(', ');
  if (command.power === false || climate?.mode === 'off') return `${name} turned off`;
  if (command.power === true) return `${name} turned on${level ? ` at ${level}` : ''}`;
  if (media?.action) return `${name} ${MEDIA_ACTIONS[media.action]}${level ? `, ${level}` : ''}`;
  return `${name} set to ${level || 'the same state'}`;
}

/**
 * A change of a recorded on/off series in the words describeDeviceChange uses ("Hallway motion detected someone",
 * "Front door opened"), for history written after the fact (the virtual home's past days); undefined: not news.
 */
export function describeSeriesChange(name: string, capability: string, value: number): string | undefined {
  switch (capability) {
    case 'occupancy':
      return value ? `${name} detected someone` : `${name} no longer detects anyone`;
    case 'motion':
      return value ? `${name} motion detected` : `${name} motion cleared`;
    case 'contact':
      return value ? `${name} closed` : `${name} opened`;
    case 'power':
      return `${name} turned ${value ? 'on' : 'off'}`;
    default:
      return undefined;
  }
}
