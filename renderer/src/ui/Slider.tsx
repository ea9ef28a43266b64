import * as RadixSlider from '@radix-ui/react-slider';
import { useEffect, useId, useState, type CSSProperties } from 'react';
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
  // When the device reports a new value, a finished drag gives way to it.
  useEffect(() => setDragValue(null), [value]);
  const shown = clamp(dragValue ?? value, min, max);
  const style = trackBackground ? ({ '--track-bg': trackBackground } as CSSProperties) : undefined;

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
      <RadixSlider.Root
        className="ui-slider__root"
        data-gradient={trackBackground ? '' : undefined}
        style={style}
        min={min}
        max={max}
        step={step}
        value={[shown]}
        disabled={disabled}
        onValueChange={([v]) => v !== undefined && setDragValue(v)}
        onValueCommit={([v]) => {
          if (v === undefined) return;
          setDragValue(v);
          if (v !== value) onCommit(v);
        }}
      >
        <RadixSlider.Track className="ui-slider__track">
          <RadixSlider.Range className="ui-slider__range" />
        </RadixSlider.Track>
        <RadixSlider.Thumb className="ui-slider__thumb" aria-label={accessibleLabel ?? label} aria-valuetext={format(shown)} />
      </RadixSlider.Root>
    </div>
  );
}

function clamp(v: number, min: number, max: number) {
  return Math.min(max, Math.max(min, v));
}
