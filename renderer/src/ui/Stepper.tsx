import { Spinner } from './Spinner';

export type StepperProps = {
  value: number | null;
  format(value: number): string;
  onStep(next: number): void;
  step: number;
  /** The value one press away (default: `step` up or down, rounded to `step`), e.g. one shown °F in device steps. */
  next?(value: number, direction: 1 | -1): number;
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
  next,
  min = -Infinity,
  max = Infinity,
  lowerLabel,
  raiseLabel,
  disabled,
  pending,
  valueLabel,
}: StepperProps) {
  const away = (v: number, direction: 1 | -1) => (next ? next(v, direction) : Math.round((v + direction * step) / step) * step);
  const lower = value === null ? null : away(value, -1);
  const raise = value === null ? null : away(value, 1);
  const canLower = !disabled && lower !== null && lower >= min - 1e-9;
  const canRaise = !disabled && raise !== null && raise <= max + 1e-9;
  return (
    <div className="ui-stepper" aria-busy={pending || undefined}>
      <button
        type="button"
        className="ui-stepper__btn"
        aria-label={lowerLabel}
        disabled={!canLower}
        onClick={() => lower !== null && onStep(lower)}
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
        onClick={() => raise !== null && onStep(raise)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 12h12M12 6v12" />
        </svg>
      </button>
    </div>
  );
}
