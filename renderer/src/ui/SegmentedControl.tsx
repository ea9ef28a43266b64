import { useId, type KeyboardEvent } from 'react';

export type Segment<T extends string> = { value: T; label: string };

/** A radio group drawn as segmented buttons; arrow keys move the selection. */
export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  pending,
}: {
  label: string;
  value: T | null;
  options: readonly Segment<T>[];
  onChange(value: T): void;
  disabled?: boolean;
  pending?: boolean;
}) {
  const name = useId();
  const index = options.findIndex((o) => o.value === value);
  const onKeyDown = (event: KeyboardEvent) => {
    const delta =
      event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!delta || disabled) return;
    event.preventDefault();
    const next = options[(Math.max(index, 0) + delta + options.length) % options.length];
    if (next) {
      onChange(next.value);
      const target = (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-value="${CSS.escape(next.value)}"]`);
      target?.focus();
    }
  };
  return (
    <div
      role="radiogroup"
      aria-label={label}
      aria-busy={pending || undefined}
      aria-disabled={disabled || undefined}
      className="ui-segmented"
      onKeyDown={onKeyDown}
    >
      {options.map((option, i) => {
        const checked = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            name={name}
            data-value={option.value}
            aria-checked={checked}
            tabIndex={checked || (index === -1 && i === 0) ? 0 : -1}
            disabled={disabled}
            className="ui-segmented__item"
            onClick={() => !checked && onChange(option.value)}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
