/** The history charts of one device for a chosen range, fetched from the hub's store. */
import { useEffect, useMemo, useState } from 'react';
import type { HistoryCapability, HistorySeries } from '../../../../core/model';
import { useHubStoreApi } from '../../store/context';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { Spinner } from '../../ui/Spinner';
import { useUnits } from '../../store/context';
import { fromCelsius, temperatureSymbol, type Units } from '../../units/temperature';
import { HistoryChart, type ChartLine } from './HistoryChart';
import {
  alignSeries,
  chartsFor,
  heatingSpans,
  holdGapMs,
  resolutionWords,
  TEMPERATURE_UNIT,
  withHolds,
  type ChartSpec,
} from './series';
import type { Device } from '../../../../core/model';

export type HistoryRange = 'today' | '24h' | '7d' | '30d';
const RANGES: { value: HistoryRange; label: string; ms: number; words: string }[] = [
  { value: 'today', label: 'Today', ms: 0, words: 'today so far' },
  { value: '24h', label: '24 hours', ms: 86_400_000, words: 'last 24 hours' },
  { value: '7d', label: '7 days', ms: 7 * 86_400_000, words: 'last 7 days' },
  { value: '30d', label: '30 days', ms: 30 * 86_400_000, words: 'last 30 days' },
];

type Loaded =
  | { key: string; series: Partial<Record<HistoryCapability, HistorySeries>>; from: number; to: number }
  | { key: string; error: string };

export function DeviceHistory({ device, now = Date.now }: { device: Device; now?: () => number }) {
  const client = useHubStoreApi().client;
  const [range, setRange] = useState<HistoryRange>('24h');
  const charts = useMemo(() => chartsFor(device), [device]);
  const capabilities = useMemo(() => [...new Set(charts.flatMap(capabilitiesOf))], [charts]);
  const key = `${device.id}|${range}|${capabilities.join(',')}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const to = now();
    const from = rangeStart(range, to);
    Promise.all(capabilities.map((capability) => client.call('getHistory', { device: device.id, capability, from, to })))
      .then((all) => {
        if (!cancelled) setLoaded({ key, from, to, series: Object.fromEntries(all.map((s) => [s.capability, s])) });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoaded({ key, error: error instanceof Error ? error.message : 'Could not load the history' });
      });
    return () => {
      cancelled = true;
    };
  }, [client, device.id, range, capabilities, key, now, refresh]);

  // Refresh once a minute while open.
  useEffect(() => {
    const timer = setInterval(() => setRefresh((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);

  if (charts.length === 0) return null;
  const words = RANGES.find((r) => r.value === range)?.words ?? '';
  return (
    <section className="history" aria-labelledby="history-title">
      <div className="history__head">
        <h3 id="history-title">History</h3>
        <SegmentedControl<HistoryRange> label="History period" value={range} options={RANGES} onChange={setRange} />
      </div>
      {!loaded || loaded.key !== key ? (
        <Spinner label="Loading history" />
      ) : 'error' in loaded ? (
        <p role="alert" className="history__error">
          {loaded.error}
        </p>
      ) : (
        charts.map((chart) => <Chart key={chart.title} spec={chart} loaded={loaded} words={words} />)
      )}
    </section>
  );
}

/** Where a period starts: local midnight for "Today", else that long before `to`. */
export function rangeStart(range: HistoryRange, to: number): number {
  if (range === 'today') {
    const d = new Date(to);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  }
  return to - (RANGES.find((r) => r.value === range)?.ms ?? 86_400_000);
}

function capabilitiesOf(spec: ChartSpec): HistoryCapability[] {
  return spec.kind === 'thermostat'
    ? ['climate.currentTemperature', 'climate.targetTemperature', 'climate.action']
    : [spec.capability];
}

/** Stored °C → the person's units, for the axis and the values alike. */
function inUnits(values: (number | null)[] | undefined, units: Units): (number | null)[] {
  return (values ?? []).map((v) => (v === null ? null : fromCelsius(v, units)));
}

function Chart({ spec, loaded, words }: { spec: ChartSpec; loaded: Extract<Loaded, { series: unknown }>; words: string }) {
  const units = useUnits();
  // The measured series says what a point stands for (every change, or a 5-minute or hourly mean).
  const resolution = loaded.series[spec.kind === 'thermostat' ? 'climate.currentTemperature' : spec.capability]?.resolution;
  const props = useMemo(() => {
    const points = (c: HistoryCapability) => loaded.series[c]?.points ?? [];
    const held = (c: HistoryCapability) => withHolds(points(c), holdGapMs(loaded.series[c]?.resolution));
    if (spec.kind === 'thermostat') {
      const [xs, current, target] = alignSeries(
        [held('climate.currentTemperature'), points('climate.targetTemperature')],
        loaded.to,
      );
      const lines: ChartLine[] = [
        { label: 'Measured', values: inUnits(current, units), colorVar: '--accent', fill: true },
        { label: 'Target', values: inUnits(target, units), colorVar: '--heat', step: true, dash: [6, 4] },
      ];
      const shade = heatingSpans(points('climate.action'), loaded.to);
      return { xs, lines, unit: temperatureSymbol(units), shade, height: 220 };
    }
    const temperature = spec.unit === TEMPERATURE_UNIT;
    const [xs, raw] = alignSeries([spec.step ? points(spec.capability) : held(spec.capability)], loaded.to);
    const values = temperature ? inUnits(raw, units) : (raw ?? []);
    const lines: ChartLine[] = [
      { label: spec.title, values, colorVar: spec.binary ? '--good' : '--accent', step: spec.step, fill: true },
    ];
    return { xs, lines, unit: temperature ? temperatureSymbol(units) : spec.unit, binary: spec.binary };
  }, [spec, loaded, units]);
  const means = resolutionWords(resolution);
  return (
    <figure className="history__chart">
      <figcaption>
        {spec.title}
        {means ? <span className="history__resolution">{means}</span> : null}
        {spec.kind === 'thermostat' ? (
          <span className="history__legend">
            <span className="history__key">
              <span className="history__line history__line--measured" aria-hidden="true" /> measured
            </span>
            <span className="history__key">
              <span className="history__line history__line--target" aria-hidden="true" /> target
            </span>
            <span className="history__key">
              <span className="history__swatch history__swatch--heat" aria-hidden="true" /> heating
            </span>
          </span>
        ) : null}
      </figcaption>
      <HistoryChart label={`${spec.title}, ${words}${means ? `, ${means}` : ''}`} from={loaded.from} to={loaded.to} {...props} />
    </figure>
  );
}
