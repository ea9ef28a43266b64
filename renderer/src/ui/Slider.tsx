import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { Spinner } from './Spinner';

export type SliderProps = {
  /** The visible label, e.g. "Brightness". */
  label: string;
  /** The accessible name when the visible label alone is ambiguous, e.g. "Living room lamp brightness". */
  accessibleLabel?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** Visible value text, e.g. "40 %". Also used as aria-valuetext. */
  format(value: number): string;
  /** Called once when a drag or key press ends, never per pixel. */
  onCommit(value: number): void;
  disabled?: boolean;
  pending?: boolean;
  /** CSS background for the track (e.g. a warm → cool gradient). */
  trackBackground?: string;
  className?: string;
};

/**
 * A native range input styled as our slider: the browser lays it out with the page, with no
 * per-instance measurement (Radix's slider measured every thumb in a layout effect, which on a
 * dashboard of two thousand devices forced hundreds of milliseconds of layout; docs/performance.md).
 * Keys move by one step (Page Up/Down by ten, Home/End to the ends) and commit at once; a drag
 * commits when it ends (the input's `change` event).
 */
export function Slider({
  label,
  accessibleLabel,
  value,
  min,
  max,
  step = 1,
  format,
  onCommit,
  disabled,
  pending,
  trackBackground,
  className,
}: SliderProps) {
  const [dragValue, setDragValue] = useState<number | null>(null);
  const labelId = useId();
  const input = useRef<HTMLInputElement>(null);
  // When the device reports a new value, a finished drag gives way to it.
  useEffect(() => setDragValue(null), [value]);
  const shown = clamp(dragValue ?? value, min, max);
  const ratio = max > min ? (shown - min) / (max - min) : 0;
  const style = {
    '--ratio': ratio,
    ...(trackBackground ? { '--track-bg': trackBackground } : {}),
  } as CSSProperties;

  const commit = (v: number) => {
    setDragValue(v);
    if (v !== value) onCommit(v);
  };
  // The native `change` fires once when a drag ends (React's onChange is every `input`).
  const latest = useRef(commit);
  latest.current = commit;
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const onChange = () => latest.current(Number(el.value));
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const big = step * 10;
    const delta: Record<string, number> = {
      ArrowRight: step,
      ArrowUp: step,
      ArrowLeft: -step,
      ArrowDown: -step,
      PageUp: big,
      PageDown: -big,
    };
    let next: number | null = null;
    if (Object.hasOwn(delta, event.key)) next = shown + delta[event.key]!;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null || disabled) return;
    event.preventDefault();
    commit(clamp(roundToStep(next, min, step), min, max));
  };

  return (
    <div className={`ui-slider ${className ?? ''}`} data-disabled={disabled || undefined} aria-busy={pending || undefined}>
      <div className="ui-slider__head">
        <span id={labelId} className="ui-slider__label">
          {label}
        </span>
        <span className="ui-slider__value">
          {pending ? <Spinner /> : null}
          {format(shown)}
        </span>
      </div>
      <input
        ref={input}
        type="range"
        className="ui-slider__input"
        data-gradient={trackBackground ? '' : undefined}
        style={style}
        min={min}
        max={max}
        step={step}
        value={shown}
        disabled={disabled}
        aria-label={accessibleLabel ?? label}
        aria-valuenow={shown}
        aria-valuetext={format(shown)}
        onChange={(event) => setDragValue(Number(event.currentTarget.value))}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

function clamp(v: number, min: number, max: number) {
  return Math.min(max, Math.max(min, v));
}

/** Steps of `step` from `min`, without floating-point crumbs (0.1 + 0.2). */
function roundToStep(v: number, min: number, step: number) {
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Number((Math.round((v - min) / step) * step + min).toFixed(decimals));
}
