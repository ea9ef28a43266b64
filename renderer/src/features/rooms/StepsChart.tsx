/**
 * A small chart of the day's lighting curve: each stretch of the day drawn as high as its brightness
 * and in its colour temperature's colour, 00:00 to 24:00. An image to sight, with the same stretches
 * as a list for screen readers (its text alternative).
 */
import { useId } from 'react';
import { hhmmOfMinutes } from '../../../../core/model/time';
import { kelvinToCss } from '../tiles/format';
import { kelvinName, type CurveSegment } from './steps-draft';

const W = 480;
const H = 72;
const AXIS = 14;
const x = (minute: number) => (minute / 1440) * W;
const hhmmEnd = (minute: number) => (minute >= 1440 ? '24:00' : hhmmOfMinutes(minute));

export function StepsChart({
  segments,
  title,
  emptyText,
}: {
  segments: readonly CurveSegment[];
  title: string;
  emptyText: string;
}) {
  const listId = useId();
  const plot = H - AXIS;
  return (
    <figure className="steps-chart">
      <svg className="steps-chart__svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} aria-describedby={listId}>
        <rect className="steps-chart__bg" x={0} y={0} width={W} height={plot} />
        {segments.map((s) =>
          s.level ? (
            <rect
              key={s.from}
              x={x(s.from)}
              width={Math.max(0, x(s.to) - x(s.from))}
              y={plot - (plot * s.level.brightness) / 100}
              height={(plot * s.level.brightness) / 100}
              fill={kelvinToCss(s.level.kelvin)}
              className="steps-chart__step"
            />
          ) : (
            <rect
              key={s.from}
              x={x(s.from)}
              width={Math.max(0, x(s.to) - x(s.from))}
              y={0}
              height={plot}
              className="steps-chart__none"
            />
          ),
        )}
        {[0, 6, 12, 18, 24].map((h) => (
          <g key={h}>
            <line className="steps-chart__tick" x1={x(h * 60)} x2={x(h * 60)} y1={0} y2={plot} />
            <text
              className="steps-chart__label"
              x={x(h * 60)}
              y={H - 2}
              textAnchor={h === 0 ? 'start' : h === 24 ? 'end' : 'middle'}
            >
              {`${String(h).padStart(2, '0')}:00`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="steps-chart__key" aria-hidden="true">
        Height: brightness · colour: colour temperature
      </figcaption>
      <ul id={listId} className="visually-hidden">
        {segments.map((s) => (
          <li key={s.from}>
            {hhmmOfMinutes(s.from)}–{hhmmEnd(s.to)}:{' '}
            {s.level
              ? `${s.level.brightness} %, ${s.level.kelvin} K (${kelvinName(s.level.kelvin)})${s.level.label ? `, ${s.level.label}` : ''}`
              : emptyText}
          </li>
        ))}
      </ul>
    </figure>
  );
}
