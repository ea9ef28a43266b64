/** Which history charts a device gets and how change-only series are laid out for uPlot. Pure. */
import {
  CLIMATE_ACTION_CODES,
  STEP_CAPABILITIES,
  type Device,
  type HistoryCapability,
  type HistoryPoint,
  type HistorySeries,
} from '../../../../core/model';

/** `unit: 'temperature'`: stored in °C, shown in the person's units. */
export type ChartSpec =
  | { kind: 'single'; title: string; capability: HistoryCapability; unit: string; step: boolean; binary?: [string, string] }
  | { kind: 'thermostat'; title: string };

export const TEMPERATURE_UNIT = 'temperature';

const SINGLE: { capability: HistoryCapability; title: string; unit: string; binary?: [string, string] }[] = [
  { capability: 'temperature', title: 'Temperature', unit: TEMPERATURE_UNIT },
  { capability: 'humidity', title: 'Humidity', unit: '%' },
  { capability: 'illuminance', title: 'Illuminance', unit: 'lx' },
  { capability: 'power_w', title: 'Power', unit: 'W' },
  { capability: 'energy_kwh', title: 'Energy', unit: 'kWh' },
  { capability: 'power', title: 'On / off', unit: '', binary: ['Off', 'On'] },
  { capability: 'brightness', title: 'Brightness', unit: '%' },
  { capability: 'occupancy', title: 'Occupancy', unit: '', binary: ['Vacant', 'Occupied'] },
  { capability: 'motion', title: 'Motion', unit: '', binary: ['Clear', 'Motion'] },
  { capability: 'contact', title: 'Contact', unit: '', binary: ['Open', 'Closed'] },
  { capability: 'battery', title: 'Battery', unit: '%' },
];

export function chartsFor(device: Pick<Device, 'capabilities'>): ChartSpec[] {
  const caps = device.capabilities as Record<string, unknown>;
  const out: ChartSpec[] = [];
  if (caps.climate) out.push({ kind: 'thermostat', title: 'Temperature and target' });
  for (const spec of SINGLE) {
    if (!caps[spec.capability]) continue;
    out.push({ kind: 'single', ...spec, step: STEP_CAPABILITIES.has(spec.capability) });
  }
  return out;
}

/**
 * Several change-only series on one time axis (seconds, as uPlot wants): the union of their
 * timestamps, each value carried forward until its next change, extended to `to`.
 */
export function alignSeries(series: readonly (readonly HistoryPoint[])[], to: number): [number[], ...(number | null)[][]] {
  const times = new Set<number>();
  for (const points of series) for (const p of points) times.add(p.at);
  if (series.some((points) => points.length > 0)) times.add(to);
  const xs = [...times].sort((a, b) => a - b);
  const ys = series.map((points) => {
    const out: (number | null)[] = [];
    let i = 0;
    let current: number | null = null;
    for (const x of xs) {
      while (i < points.length && points[i]!.at <= x) current = points[i++]!.value;
      out.push(current);
    }
    return out;
  });
  return [xs.map((x) => x / 1000), ...ys];
}

/**
 * Only changes are stored, so a value holds until the next point. A line drawn straight across a
 * long gap would show a slope that never happened: hold the old value until just before the change.
 */
export function withHolds(points: readonly HistoryPoint[], maxGapMs = 10 * 60_000): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const prev = points[i - 1];
    if (prev && p.at - prev.at > maxGapMs) out.push({ at: p.at - 1000, value: prev.value });
    out.push(p);
  }
  return out;
}

/**
 * The gap after which a value is held rather than drawn as a slope. Hourly points are an hour apart whenever the value
 * moves every hour, and holding across each of those would draw a staircase of means: only a missing hour (no change
 * in it) is held.
 */
export function holdGapMs(resolution: HistorySeries['resolution'] | undefined): number {
  return resolution === '1h' ? 90 * 60_000 : 10 * 60_000;
}

/** What a point of the chart stands for, when it is not every change ("hourly averages"). */
export function resolutionWords(resolution: HistorySeries['resolution'] | undefined): string | undefined {
  if (resolution === '1h') return 'hourly averages';
  if (resolution === '5m') return '5-minute averages';
  return undefined;
}

/** Periods (ms) in which the thermostat was heating, from the climate.action series. */
export function heatingSpans(action: readonly HistoryPoint[], to: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let start: number | undefined;
  for (const p of action) {
    const heating = Math.round(p.value) === CLIMATE_ACTION_CODES.heating;
    if (heating && start === undefined) start = p.at;
    if (!heating && start !== undefined) {
      spans.push({ from: start, to: p.at });
      start = undefined;
    }
  }
  if (start !== undefined) spans.push({ from: start, to });
  return spans;
}
