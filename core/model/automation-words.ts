/** Values and durations in words, shared by traces and the sentence preview. */
import type { Scalar, StateField } from './automation';
import { CAPABILITY_UNITS, type CapabilityName } from './capabilities';

const LABELS: Partial<Record<StateField, string>> = {
  colorTemperature: 'colour temperature',
  power_w: 'power draw',
  energy_kwh: 'energy',
  'climate.mode': 'mode',
  'climate.action': 'heating action',
  'climate.preset': 'preset',
  'climate.targetTemperature': 'target temperature',
  'climate.currentTemperature': 'temperature',
  'media.state': 'playback',
  'media.volume': 'volume',
  'media.muted': 'mute',
  'media.source': 'source',
};

export function fieldLabel(field: StateField): string {
  return LABELS[field] ?? field;
}

function unitOf(field: StateField): string | undefined {
  if (field === 'climate.targetTemperature' || field === 'climate.currentTemperature') return '°C';
  if (field === 'media.volume') return '%';
  return CAPABILITY_UNITS[field as CapabilityName];
}

const BOOLEAN_WORDS: Partial<Record<StateField, [string, string]>> = {
  power: ['on', 'off'],
  motion: ['motion', 'no motion'],
  occupancy: ['someone', 'nobody'],
  contact: ['closed', 'open'],
  'media.muted': ['muted', 'not muted'],
};

/** "140 lx", "on", "open", "heat", "unknown". */
export function valueWords(field: StateField, value: Scalar | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'boolean') {
    const words = BOOLEAN_WORDS[field];
    return words ? (value ? words[0] : words[1]) : String(value);
  }
  if (typeof value === 'number') {
    const unit = unitOf(field);
    const shown = Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
    return unit ? `${shown} ${unit}` : shown;
  }
  return value;
}

/** "5 minutes", "1 hour 30 minutes", "45 seconds". */
export function durationWords(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  if (total === 0) return '0 seconds';
  const parts: string[] = [];
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (d) parts.push(unit(d, 'day'));
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (s) parts.push(unit(s, 'second'));
  return parts.join(' ');
}

/** "30 minutes before sunset", "sunrise". */
export function sunWords(event: string, offsetMs: number): string {
  if (offsetMs === 0) return event;
  return `${durationWords(offsetMs)} ${offsetMs < 0 ? 'before' : 'after'} ${event}`;
}

const DAY_NAMES: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
/** "Friday". */
export function dayName(day: string): string {
  return DAY_NAMES[day] ?? day;
}

const ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "on weekdays", "on Saturday and Sunday", "" for every day. */
export function weekdaysWords(days: readonly string[] | undefined): string {
  if (!days || days.length === 7) return '';
  const set = new Set(days);
  if (set.size === 5 && !set.has('sat') && !set.has('sun')) return 'on weekdays';
  if (set.size === 2 && set.has('sat') && set.has('sun')) return 'at weekends';
  const names = ORDER.filter((d) => set.has(d)).map((d) => DAY_NAMES[d]!);
  return `on ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]}`;
}
