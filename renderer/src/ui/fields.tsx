/**
 * Generic form controls: a labelled number, time or text input with its hint or error text. The
 * value is the text as typed (so a half-typed or empty value can be shown and explained, never
 * read as 0); the caller validates and passes the message. An error is linked to its input
 * (`aria-invalid`, `aria-describedby`); the form announces a summary when saving fails.
 */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

export type ControlProps = InputProps & {
  /** Accessible name (a visible label comes from `Field`, or pass `label` there). */
  label: string;
  value: string;
  onChange(text: string): void;
  /** Marks the input invalid and names the element that says why. */
  errorId?: string | undefined;
  hintId?: string | undefined;
};

function controlAttributes({ label, errorId, hintId, className, ...rest }: Omit<ControlProps, 'value' | 'onChange'>) {
  return {
    ...rest,
    className: className ? `input ${className}` : 'input',
    'aria-label': label,
    'aria-invalid': errorId ? true : undefined,
    'aria-describedby': errorId ?? hintId,
  };
}

/** A number as text (role spinbutton). */
export function NumberInput({ value, onChange, ...props }: ControlProps) {
  return (
    <input
      type="number"
      inputMode="decimal"
      {...controlAttributes(props)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A time of day, "HH:MM" (browsers give '' while it is incomplete). */
export function TimeInput({ value, onChange, ...props }: ControlProps) {
  return <input type="time" {...controlAttributes(props)} value={value} onChange={(e) => onChange(e.target.value)} />;
}

export function TextInput({ value, onChange, ...props }: ControlProps) {
  return <input type="text" {...controlAttributes(props)} value={value} onChange={(e) => onChange(e.target.value)} />;
}

/**
 * A choice among `options` ([value, text] pairs) as an unlabelled control (the caller places the label), like the
 * inputs above: invalid and described by its error when `errorId` is given. An unknown `value` shows `placeholder`.
 */
export function SelectInput({
  label,
  value,
  options,
  onChange,
  placeholder,
  errorId,
  hintId,
  id,
  className,
  disabled,
}: {
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange(value: string): void;
  placeholder?: string;
  errorId?: string | undefined;
  hintId?: string | undefined;
  id?: string;
  className?: string;
  disabled?: boolean;
}) {
  const known = options.some(([v]) => v === value);
  return (
    <select
      id={id}
      disabled={disabled}
      className={className ? `input ${className}` : 'input'}
      aria-label={label}
      aria-invalid={errorId ? true : undefined}
      aria-describedby={errorId ?? hintId}
      value={known ? value : ''}
      // Only our own options can be chosen.
      onChange={(e) => {
        const found = options.find(([v]) => v === e.target.value);
        if (found) onChange(found[0]);
      }}
    >
      {!known ? <option value="">{placeholder ?? 'Choose…'}</option> : null}
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
}

/** The text that says what is wrong with a field; `id` is what its input's `aria-describedby` names. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="form-error ui-field__note" id={id}>
      {children}
    </p>
  );
}

export type FieldProps = Omit<ControlProps, 'errorId' | 'hintId'> & {
  error?: string | null | undefined;
  hint?: string | undefined;
};

function makeField(Control: (props: ControlProps) => ReactNode) {
  return function LabelledField({ label, error, hint, id, ...rest }: FieldProps) {
    const generated = useId();
    const inputId = id ?? generated;
    const errorId = error ? `${inputId}-error` : undefined;
    const hintId = hint && !error ? `${inputId}-hint` : undefined;
    return (
      <div className="ui-field">
        <label htmlFor={inputId}>{label}</label>
        <Control {...rest} id={inputId} label={label} errorId={errorId} hintId={hintId} />
        {errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
        {hintId ? (
          <p className="ui-field__note ui-field__hint" id={hintId}>
            {hint}
          </p>
        ) : null}
      </div>
    );
  };
}

/** A labelled number input with its hint or error. */
export const NumberField = makeField(NumberInput);
/** A labelled time input with its hint or error. */
export const TimeField = makeField(TimeInput);
/** A labelled text input with its hint or error. */
export const TextField = makeField(TextInput);

/** A checkbox with its label beside it. */
export function CheckboxField({
  label,
  checked,
  disabled,
  hint,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  /** Said after the label (and announced as the checkbox's description), e.g. why it cannot be ticked. */
  hint?: string;
  onChange(checked: boolean): void;
}) {
  const hintId = useId();
  const box = (
    <label className="ui-check" data-disabled={disabled || undefined}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
  if (!hint) return box;
  return (
    <div className="ui-check-field">
      {box}
      <p className="ui-field__note ui-field__hint ui-check__hint" id={hintId}>
        {hint}
      </p>
    </div>
  );
}

/** A labelled choice among `options` ([value, text] pairs). */
export function SelectField<V extends string>({
  label,
  value,
  options,
  disabled,
  hint,
  onChange,
}: {
  label: string;
  value: V;
  options: readonly (readonly [V, string])[];
  disabled?: boolean;
  /** Said under the choice (and announced as its description), e.g. why it cannot be changed. */
  hint?: string;
  onChange(value: V): void;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="ui-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={value}
        disabled={disabled}
        aria-describedby={hintId}
        // Only our own options can be chosen.
        onChange={(e) => onChange(options.find(([v]) => v === e.target.value)?.[0] ?? value)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {hintId ? (
        <p className="ui-field__note ui-field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
