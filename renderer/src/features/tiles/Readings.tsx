/** Sensor readings a device reports, as label/value rows. Values are numbers or booleans only. */
import type { CapabilityName, Device } from '../../../../core/model';
import { formatTemperature, type Units } from '../../units/temperature';
import { formatNumber, formatPercent } from './format';
import { ClockTime } from './TimeText';

export type Reading = {
  key: CapabilityName;
  label: string;
  value: string;
  tone?: 'on' | 'off' | 'alert';
  /** For states (occupied, open…): since when, ms since epoch. */
  since?: number;
};

const ORDER: CapabilityName[] = [
  'temperature',
  'humidity',
  'illuminance',
  'occupancy',
  'motion',
  'contact',
  'power_w',
  'energy_kwh',
  'battery',
];

/** `units`: how temperatures read (the store's `units`). */
export function readingsOf(device: Device, units: Units, exclude: readonly CapabilityName[] = []): Reading[] {
  const caps = device.capabilities;
  const out: Reading[] = [];
  for (const key of ORDER) {
    if (exclude.includes(key)) continue;
    const cap = caps[key];
    if (!cap) continue;
    const v = cap.value as number | boolean | null;
    switch (key) {
      case 'temperature':
        out.push({ key, label: 'Temperature', value: formatTemperature(v as number | null, units) });
        break;
      case 'humidity':
        out.push({ key, label: 'Humidity', value: formatPercent(v as number | null) });
        break;
      case 'illuminance':
        out.push({ key, label: 'Illuminance', value: formatNumber(v as number | null, 'lx', 0) });
        break;
      case 'battery':
        out.push({
          key,
          label: 'Battery',
          value: formatPercent(v as number | null),
          tone: typeof v === 'number' && v <= 15 ? 'alert' : undefined,
        });
        break;
      case 'occupancy':
        out.push({
          key,
          label: 'Occupancy',
          value: v === null ? '—' : v ? 'Occupied' : 'Clear',
          tone: v ? 'on' : 'off',
          since: v === null ? undefined : cap.since,
        });
        break;
      case 'motion':
        out.push({
          key,
          label: 'Motion',
          value: v === null ? '—' : v ? 'Motion' : 'No motion',
          tone: v ? 'on' : 'off',
          since: v === null ? undefined : cap.since,
        });
        break;
      case 'contact':
        // contact = true means the contact is closed (door shut).
        out.push({
          key,
          label: 'Contact',
          value: v === null ? '—' : v ? 'Closed' : 'Open',
          tone: v === false ? 'on' : 'off',
          since: v === null ? undefined : cap.since,
        });
        break;
      case 'power_w':
        out.push({ key, label: 'Power', value: formatNumber(v as number | null, 'W') });
        break;
      case 'energy_kwh':
        out.push({ key, label: 'Energy', value: formatNumber(v as number | null, 'kWh', 2) });
        break;
      default:
        break;
    }
  }
  return out;
}

export function ReadingList({ readings }: { readings: Reading[] }) {
  if (readings.length === 0) return null;
  return (
    <dl className="readings">
      {readings.map((r) => (
        <div key={r.key} className="readings__row" data-tone={r.tone}>
          <dt>{r.label}</dt>
          <dd>
            {r.value}
            {r.since ? (
              <span className="readings__since">
                {' '}
                since <ClockTime at={r.since} />
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
