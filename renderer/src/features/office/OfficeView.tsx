/**
 * The office view (`/office`): every meeting room at a glance (its board, live) and the weekly utilisation report
 * per room — booked hours against hours actually used in a chart, ghost meetings released, early ends and hours of
 * conditioning saved — with a CSV export.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Link } from 'react-router';
import type { UtilisationRow } from '../../../../core/model/meeting';
import { paths } from '../../routes/paths';
import { useClock, useHubStoreApi, useUnits } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { Spinner } from '../../ui/Spinner';
import { formatTemperature } from '../../units/temperature';
import { boardLine } from '../board/BoardPage';
import { useBoards, useNow } from '../board/use-boards';
import { loadUPlot } from '../history/uplot-loader';
import { utilisationCsv } from './utilisation';
import './office.css';

const STATE_WORDS = {
  free: 'Free',
  'booked-soon': 'Booked soon',
  'in-use': 'In use',
  'in-use-unbooked': 'In use (unbooked)',
  released: 'Released',
} as const;

type Report = { rows: UtilisationRow[] } | { error: string } | null;

function useUtilisation(): Report {
  const client = useHubStoreApi().client;
  const [report, setReport] = useState<Report>(null);
  useEffect(() => {
    let cancelled = false;
    const read = () =>
      client
        .call('getOfficeUtilisation', {})
        .then((rows) => !cancelled && setReport({ rows }))
        .catch((error: unknown) => !cancelled && setReport({ error: failureMessage(error) }));
    void read();
    // A meeting that checks in, is released or ends changes the report.
    const off = client.on('meetingState', () => void read());
    return () => {
      cancelled = true;
      off();
    };
  }, [client]);
  return report;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Booked against used hours per week, as bars (uPlot, loaded with the first chart). */
function WeeksChart({ rows, label }: { rows: UtilisationRow[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || rows.length === 0) return;
    let chart: uPlot | undefined;
    let cancelled = false;
    void loadUPlot().then((UPlot) => {
      if (cancelled || !ref.current) return;
      const xs = rows.map((r) => Date.parse(r.weekStart) / 1000);
      const week = 7 * 86_400;
      const bars = UPlot.paths.bars!({ size: [0.35, 60], align: 0 });
      const text = cssVar('--muted', '#6b7482');
      const grid = cssVar('--border', 'rgba(0,0,0,0.08)');
      chart = new UPlot(
        {
          width: Math.max(260, el.clientWidth || 520),
          height: 200,
          legend: { show: true },
          cursor: { y: false },
          scales: {
            x: { time: true, range: [xs[0]! - week * 0.5, xs.at(-1)! + week * 0.5] },
            y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] },
          },
          axes: [
            {
              stroke: text,
              grid: { stroke: grid, width: 1 },
              ticks: { show: false },
              splits: () => xs,
              values: (_u, splits) =>
                splits.map((s) => `wk ${new Date(s * 1000).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`),
            },
            {
              stroke: text,
              grid: { stroke: grid, width: 1 },
              ticks: { show: false },
              values: (_u, s) => s.map((v) => `${v} h`),
              size: 56,
            },
          ],
          series: [
            { label: 'Week', value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleDateString()) },
            {
              label: 'Booked',
              stroke: cssVar('--accent', '#4a63e7'),
              fill: cssVar('--accent', '#4a63e7') + '55',
              paths: bars,
              points: { show: false },
              value: (_u, v) => (v === null ? '—' : `${v} h`),
            },
            {
              label: 'Used',
              stroke: cssVar('--good', '#1b9a5d'),
              fill: cssVar('--good', '#1b9a5d') + 'aa',
              paths: UPlot.paths.bars!({ size: [0.35, 60], align: 1 }),
              points: { show: false },
              value: (_u, v) => (v === null ? '—' : `${v} h`),
            },
          ],
        },
        [xs, rows.map((r) => r.bookedHours), rows.map((r) => r.usedHours)],
        el,
      );
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows]);
  return <div ref={ref} className="office__chart" role="img" aria-label={label} />;
}

export function OfficeView() {
  const boards = useBoards();
  const report = useUtilisation();
  const now = useNow();
  const clock = useClock();
  const units = useUnits();
  const rows = report && 'rows' in report ? report.rows : [];
  const rooms = [...new Map(rows.map((r) => [r.roomId, r.name])).entries()];
  return (
    <section className="page office" aria-labelledby="office-title">
      <header className="page__head">
        <h2 id="office-title">Office</h2>
        <p className="page__lead">The meeting rooms now, and how their bookings were used week by week.</p>
      </header>
      {boards === null ? (
        <Spinner label="Loading the meeting rooms" />
      ) : 'error' in boards ? (
        <p role="alert">Could not load the meeting rooms: {boards.error}</p>
      ) : boards.boards.length === 0 ? (
        <p className="page__empty">No meeting rooms yet: give a room the kind “Meeting room” and a calendar.</p>
      ) : (
        <ul className="office__rooms" aria-label="Meeting rooms now">
          {boards.boards.map((b) => (
            <li key={b.roomId} className={`office__room office__room--${b.state}`}>
              <span className="office__room-name">{b.name}</span>
              <span className="office__room-state">{STATE_WORDS[b.state]}</span>
              {b.current && b.state !== 'in-use-unbooked' ? <span className="office__room-title">{b.current.title}</span> : null}
              <span className="office__room-line">{boardLine(b, now, clock.time)}</span>
              <span className="office__room-line office__muted">
                {b.temperatureC === null ? 'No temperature' : formatTemperature(b.temperatureC, units)}
                {b.next[0] ? ` · next ${clock.time(Date.parse(b.next[0].start))} ${b.next[0].title}` : ''}
              </span>
              <Link className="office__board-link" to={paths.board(b.roomId)}>
                {`${b.name} board`}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="office__report-head">
        <h3>Utilisation by week</h3>
        <button
          type="button"
          className="button"
          disabled={rows.length === 0}
          onClick={() => download(`homeroom-utilisation-${new Date(now).toISOString().slice(0, 10)}.csv`, utilisationCsv(rows))}
        >
          Export CSV
        </button>
      </div>
      {report === null ? <Spinner label="Loading the report" /> : null}
      {report && 'error' in report ? <p role="alert">Could not load the report: {report.error}</p> : null}
      {rooms.map(([roomId, name]) => {
        const mine = rows.filter((r) => r.roomId === roomId);
        return (
          <section key={roomId} className="office__report" aria-labelledby={`report-${roomId}`}>
            <h4 id={`report-${roomId}`}>{name}</h4>
            <WeeksChart rows={mine} label={`${name}: booked and used hours per week`} />
            <table className="office__table">
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col">Booked</th>
                  <th scope="col">Used</th>
                  <th scope="col">Meetings</th>
                  <th scope="col">Ghosts released</th>
                  <th scope="col">Ended early</th>
                  <th scope="col">Conditioning saved</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((r) => (
                  <tr key={r.weekStart}>
                    <th scope="row" data-label="Week of">
                      {new Date(r.weekStart).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}
                    </th>
                    <td data-label="Booked">{r.bookedHours} h</td>
                    <td data-label="Used">{r.usedHours} h</td>
                    <td data-label="Meetings">{r.meetings}</td>
                    <td data-label="Ghosts released">{r.released}</td>
                    <td data-label="Ended early">{r.endedEarly}</td>
                    <td data-label="Conditioning saved">{r.conditioningSavedHours} h</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </section>
  );
}
