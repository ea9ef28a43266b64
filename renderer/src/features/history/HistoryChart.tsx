/**
 * A uPlot chart: lines for measurements, steps for on/off, optional shaded spans (heating).
 * uPlot draws on a canvas and styles its DOM through the CSSOM; its stylesheet is bundled by
 * Vite as a file, so the CSP (`style-src 'self' 'unsafe-inline'`) allows both.
 */
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useClock } from '../../store/context';
import type { ClockFormat } from '../../units/time';
import { loadUPlot } from './uplot-loader';

export type ChartLine = {
  label: string;
  values: (number | null)[];
  colorVar: string;
  step?: boolean;
  dash?: number[];
  fill?: boolean;
};

export type HistoryChartProps = {
  /** Accessible name of the chart image, e.g. "Temperature, last 24 hours". */
  label: string;
  /** Seconds. */
  xs: number[];
  /** The period shown (ms), whatever the data covers. */
  from: number;
  to: number;
  lines: ChartLine[];
  unit: string;
  /** Names of 0 and 1 for on/off series. */
  binary?: [string, string];
  /** ms */
  shade?: { from: number; to: number }[];
  shadeColorVar?: string;
  height?: number;
};

function cssVar(name: string, fallback: string): string {
  if (typeof getComputedStyle === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Canvas fill styles do not understand color-mix(): our tokens are #rrggbb. */
function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

export function HistoryChart({
  label,
  from,
  to,
  xs,
  lines,
  unit,
  binary,
  shade,
  shadeColorVar = '--heat',
  height = 180,
}: HistoryChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const clock = useClock();

  useEffect(() => {
    const el = host.current;
    if (!el || xs.length === 0) return;
    let disposed = false;
    let dispose = () => {};
    void loadUPlot().then((UPlot) => {
      if (disposed) return;
      dispose = drawChart(UPlot, el, { label, from, to, xs, lines, unit, binary, shade, shadeColorVar, height }, clock);
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [label, from, to, xs, lines, unit, binary, shade, shadeColorVar, height, clock]);

  if (xs.length === 0) return <p className="chart__empty">Nothing recorded in this period yet.</p>;
  return <div ref={host} className="chart" role="img" aria-label={label} />;
}

function drawChart(
  UPlot: typeof uPlot,
  el: HTMLDivElement,
  props: Required<Pick<HistoryChartProps, 'shadeColorVar' | 'height'>> & HistoryChartProps,
  clock: ClockFormat,
): () => void {
  const { from, to, xs, lines, unit, binary, shade, shadeColorVar, height } = props;
  const text = cssVar('--muted', '#6b7482');
  const grid = cssVar('--border', 'rgba(0,0,0,0.08)');
  const shadeColor = cssVar(shadeColorVar, '#e8672f');
  const width = Math.max(240, el.clientWidth || 520);
  const axisValue = (v: number) =>
    binary ? (v === 1 ? binary[1] : v === 0 ? binary[0] : '') : `${Number(v.toFixed(1))}${unit ? ` ${unit}` : ''}`;
  const opts: uPlot.Options = {
    width,
    height,
    legend: { show: true },
    cursor: { y: false, points: { size: 7 } },
    scales: {
      x: { time: true, range: [from / 1000, to / 1000] },
      y: binary
        ? { range: [-0.15, 1.15] }
        : { range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min - (max - min) * 0.1, max + (max - min) * 0.1]) },
    },
    axes: [
      {
        stroke: text,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid, width: 1 },
        // The time format the person chose (12 h / 24 h), not uPlot's own "3pm".
        values: (_u, splits) => splits.map((s) => clock.tick(s * 1000)),
        size: 40,
      },
      {
        stroke: text,
        grid: { stroke: grid, width: 1 },
        ticks: { show: false },
        size: 72, // the same for every chart, so stacked charts share their time axis
        splits: binary ? () => [0, 1] : undefined,
        values: (_u, splits) => splits.map(axisValue),
      },
    ],
    series: [
      // The hovered time in the legend ("Time: 14:59", with the day when it is not today).
      { label: 'Time', value: (_u: uPlot, v: number | null) => (v === null ? '—' : clock.withDay(v * 1000, to)) },
      ...lines.map((line) => {
        const color = cssVar(line.colorVar, '#4a63e7');
        return {
          label: line.label,
          stroke: color,
          width: 2,
          dash: line.dash,
          fill: line.fill ? withAlpha(color, 0.12) : undefined,
          spanGaps: true,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : axisValue(v)),
          paths: line.step ? UPlot.paths.stepped!({ align: 1 }) : undefined,
        };
      }),
    ],
    hooks: shade?.length
      ? {
          drawClear: [
            (u: uPlot) => {
              const { ctx, bbox } = u;
              ctx.save();
              ctx.fillStyle = withAlpha(shadeColor, 0.16);
              for (const span of shade) {
                const x0 = Math.max(bbox.left, u.valToPos(span.from / 1000, 'x', true));
                const x1 = Math.min(bbox.left + bbox.width, u.valToPos(span.to / 1000, 'x', true));
                if (x1 > x0) ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
              }
              ctx.restore();
            },
          ],
        }
      : undefined,
  };
  const plot = new UPlot(opts, [xs, ...lines.map((l) => l.values)] as uPlot.AlignedData, el);
  const resize =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height }));
  resize?.observe(el);
  return () => {
    resize?.disconnect();
    plot.destroy();
  };
}
