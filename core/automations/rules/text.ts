/** What fired, in words (traces, "why is it like this?"), and the plain-text placeholders of notify. */
import type { Scalar, StateField } from '../../model';
import type { Fired } from './triggers';
import { durationWords, fieldLabel, sunWords, valueWords } from './words';
import { deviceName, personName, roomName, type World } from './world';

/** Past tense of a boolean change: [became true, became false]. */
const CHANGED: Partial<Record<StateField, [string, string]>> = {
  motion: ['detected motion', 'stopped detecting motion'],
  occupancy: ['detected someone', 'no longer detected anyone'],
  contact: ['closed', 'opened'],
  power: ['turned on', 'turned off'],
  'media.muted': ['was muted', 'was unmuted'],
};

/** "Hall motion detected motion", "Hall temperature 4.5 °C (below 5 °C)", "sunset", "Alice arrived home". */
export function firedDetail(fired: Fired, world: World): string {
  const v = fired.values;
  const dev = fired.device ? deviceName(world, fired.device) : '';
  const held = typeof v.for === 'number' ? ` for ${durationWords(v.for * 1000)}` : '';
  switch (fired.type) {
    case 'state': {
      const field = v.capability as StateField;
      const words = CHANGED[field];
      if (words && typeof v.to === 'boolean') return `${dev} ${v.to ? words[0] : words[1]}${held}`;
      return `${dev} ${fieldLabel(field)} → ${valueWords(field, v.to as Scalar)}${held}`;
    }
    case 'numeric': {
      const field = v.capability as StateField;
      const limits = [
        typeof v.above === 'number' ? `above ${valueWords(field, v.above)}` : '',
        typeof v.below === 'number' ? `below ${valueWords(field, v.below)}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return `${dev} ${fieldLabel(field)} ${valueWords(field, v.value as Scalar)} (${limits})${held}`;
    }
    case 'time':
      return `the time ${String(v.at)}`;
    case 'cron':
      return `the schedule ${String(v.cron)}`;
    case 'sun':
      return sunWords(String(v.event), Number(v.offset ?? 0) * 1000);
    case 'room':
      return `${roomName(world, fired.room ?? '')} became ${v.to === 'vacant' ? 'vacant' : 'occupied'}${held}`;
    case 'person': {
      const who = personName(world, fired.person ?? '');
      const where =
        v.event === 'arrives'
          ? v.to
            ? roomName(world, String(v.to))
            : 'home'
          : v.from
            ? roomName(world, String(v.from))
            : 'home';
      return v.event === 'arrives' ? `${who} arrived in ${where}` : `${who} left ${where}`;
    }
    case 'availability':
      return `${dev} went ${String(v.to)}${held}`;
    case 'hubStarted':
      return 'the hub started';
    case 'event':
      return `${dev} reported ${String(v.event)}`;
    case 'manual':
      return 'a run by hand';
  }
}

const PLACEHOLDER = /\{\{\s*(trigger\.device|trigger\.room|trigger\.person|trigger\.value|automation)\s*\}\}/g;

/**
 * Replace {{trigger.device}}, {{trigger.room}}, {{trigger.person}}, {{trigger.value}} and {{automation}} by plain
 * text. No template engine: nothing else is interpreted, and a substituted name is never read again.
 */
export function substitute(text: string, fired: Fired, automationName: string, world: World): string {
  const roomId = fired.room ?? (fired.device ? world.devices.get(fired.device)?.roomId : undefined);
  const field = fired.values.capability as StateField | undefined;
  const raw = fired.values.to !== undefined ? fired.values.to : fired.values.value;
  return text.replace(PLACEHOLDER, (_m, key: string) => {
    switch (key) {
      case 'trigger.device':
        return fired.device ? deviceName(world, fired.device) : '';
      case 'trigger.room':
        return roomId ? roomName(world, roomId) : '';
      case 'trigger.person':
        return fired.person ? personName(world, fired.person) : '';
      case 'trigger.value':
        return raw === undefined ? '' : field ? valueWords(field, raw) : String(raw);
      default:
        return automationName;
    }
  });
}
