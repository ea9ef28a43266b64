import { Spinner } from './Spinner';

export type SwitchProps = {
  /** Accessible name, e.g. the device name. */
  label: string;
  checked: boolean;
  onCheckedChange(checked: boolean): void;
  disabled?: boolean;
  pending?: boolean;
};

/**
 * A native button with the switch role: no layout effect and no measurement per instance, which
 * a dashboard of two thousand switches cannot afford (docs/performance.md).
 */
export function Switch({ label, checked, onCheckedChange, disabled, pending }: SwitchProps) {
  const state = checked ? 'checked' : 'unchecked';
  return (
    <span className="ui-switch-wrap">
      {pending ? <Spinner /> : null}
      <button
        type="button"
        role="switch"
        className="ui-switch"
        aria-label={label}
        aria-checked={checked}
        aria-busy={pending || undefined}
        data-pending={pending || undefined}
        data-state={state}
        data-disabled={disabled || undefined}
        disabled={disabled}
        onClick={() => onCheckedChange(!checked)}
      >
        <span className="ui-switch__thumb" data-state={state} />
      </button>
    </span>
  );
}
