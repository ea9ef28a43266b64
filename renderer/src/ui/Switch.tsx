import * as RadixSwitch from '@radix-ui/react-switch';
import { Spinner } from './Spinner';

export type SwitchProps = {
  /** Accessible name, e.g. the device name. */
  label: string;
  checked: boolean;
  onCheckedChange(checked: boolean): void;
  disabled?: boolean;
  pending?: boolean;
};

export function Switch({ label, checked, onCheckedChange, disabled, pending }: SwitchProps) {
  return (
    <span className="ui-switch-wrap">
      {pending ? <Spinner /> : null}
      <RadixSwitch.Root
        className="ui-switch"
        aria-label={label}
        aria-busy={pending || undefined}
        data-pending={pending || undefined}
        checked={checked}
        onCheckedChange={onCheckedChange}
        disabled={disabled}
      >
        <RadixSwitch.Thumb className="ui-switch__thumb" />
      </RadixSwitch.Root>
    </span>
  );
}
