import { Spinner } from './Spinner';

export type StepperProps = {
  value: number | null;
  format(value: number): string;
  onStep(next: number): void;
  step: number;
  min?: number;
  max?: number;
  lowerLabel: string;
  raiseLabel: string;
  disabled?: boolean;
  pending?: boolean;
  /** Accessible description of the shown value, e.g. "Target temperature". */
  valueLabel: string;
};

export function Stepper({
  value,
  format,
  onStep,
  step,
  min = -Infinity,
  max = Infinity,
  lowerLabel,
  raiseLabel,
  disabled,
  pending,
  valueLabel,
}: StepperProps) {
  const round = (v: number) => Math.round(v / step) * step;
  const canLower = !disabled && value !== null && value - step >= min - 1e-9;
  const canRaise = !disabled && value !== null && value + step <= max + 1e-9;
  return (
    <div className="ui-stepper" aria-busy={pending || undefined}>
      <button
        type="button"
        className="ui-stepper__btn"
        aria-label={lowerLabel}
        disabled={!canLower}
        onClick={() => value !== null && onStep(round(value - step))}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 12h12" />
        </svg>
      </button>
      <output className="ui-stepper__value" aria-label={valueLabel} aria-live="polite">
        {value === null ? '—' : format(value)}
        {pending ? <Spinner /> : null}
      </output>
      <button
        type="button"
        className="ui-stepper__btn"
        aria-label={raiseLabel}
        disabled={!canRaise}
        onClick={() => value !== null && onStep(round(value + step))}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 12h12M12 6v12" />
        </svg>
      </button>
    </div>
  );
}
