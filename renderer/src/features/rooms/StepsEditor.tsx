/**
 * The one editor for lighting steps (time → brightness % and colour temperature K), used by the
 * room settings (the room's daily curve) and the people editor (a person's preferences, optionally
 * per room). The caller holds the drafts and their `validateSteps` problems.
 */
import { useId } from 'react';
import { cleanText } from '../../../../core/model';
import { FieldError, NumberInput, TextInput, TimeInput } from '../../ui/fields';
import { CloseIcon } from '../../ui/icons';
import {
  BRIGHTNESS,
  KELVIN,
  MAX_LABEL,
  nextStep,
  sortSteps,
  type StepDraft,
  type StepField,
  type StepProblems,
} from './steps-draft';
import './steps-editor.css';

export type StepsEditorProps = {
  steps: StepDraft[];
  onChange(steps: StepDraft[]): void;
  problems: StepProblems;
  /** The table's accessible caption, e.g. "Lighting steps of Alice". */
  caption: string;
  /** With rooms, each step can be for every room or one of them. */
  rooms?: readonly { id: string; name: string }[];
  roomName?(roomId: string): string;
  minSteps?: number;
  maxSteps: number;
  /** Shown instead of the table when there are no steps. */
  emptyText?: string;
};

const FIELDS: StepField[] = ['at', 'brightness', 'kelvin', 'label'];

export function StepsEditor({
  steps,
  onChange,
  problems,
  caption,
  rooms,
  roomName = (id) => id,
  minSteps = 0,
  maxSteps,
  emptyText,
}: StepsEditorProps) {
  const base = useId();
  const errorId = (key: number, field: StepField) => `${base}-${key}-${field}`;
  const patch = (key: number, change: Partial<StepDraft>) =>
    onChange(steps.map((s) => (s.key === key ? { ...s, ...change } : s)));

  return (
    <div className="steps-editor">
      {steps.length === 0 ? (
        <p className="steps-editor__hint">{emptyText}</p>
      ) : (
        <div className="steps-editor__scroll">
          <table className="steps-editor__table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {rooms ? <th scope="col">Room</th> : null}
                <th scope="col">From</th>
                <th scope="col">Brightness (%)</th>
                <th scope="col">Colour (K)</th>
                <th scope="col">Label</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            {steps.map((step, i) => {
              const n = i + 1;
              const errors = problems.byKey[step.key] ?? {};
              const bind = (field: StepField) => ({
                value: step[field],
                onChange: (text: string) => patch(step.key, { [field]: text }),
                errorId: errors[field] ? errorId(step.key, field) : undefined,
              });
              const messages = FIELDS.filter((f) => errors[f]);
              // data-label: the column's name, shown beside each field when the table is stacked on a phone.
              return (
                <tbody key={step.key} className="steps-editor__step">
                  <tr>
                    {rooms ? (
                      <td data-label="Room">
                        <select
                          className="input"
                          aria-label={`Step ${n} room`}
                          value={step.roomId}
                          onChange={(e) => patch(step.key, { roomId: e.target.value })}
                        >
                          <option value="">All rooms</option>
                          {rooms.map((r) => (
                            <option key={r.id} value={r.id}>
                              {cleanText(r.name, 100)}
                            </option>
                          ))}
                          {step.roomId && !rooms.some((r) => r.id === step.roomId) ? (
                            <option value={step.roomId}>{roomName(step.roomId)}</option>
                          ) : null}
                        </select>
                      </td>
                    ) : null}
                    <td data-label="From">
                      <TimeInput label={`Step ${n} time`} {...bind('at')} />
                    </td>
                    <td data-label="Brightness (%)">
                      <NumberInput
                        label={`Step ${n} brightness (%)`}
                        inputMode="numeric"
                        min={BRIGHTNESS.min}
                        max={BRIGHTNESS.max}
                        {...bind('brightness')}
                      />
                    </td>
                    <td data-label="Colour (K)">
                      <NumberInput
                        label={`Step ${n} colour temperature (K)`}
                        inputMode="numeric"
                        min={KELVIN.min}
                        max={KELVIN.max}
                        step={100}
                        {...bind('kelvin')}
                      />
                    </td>
                    <td data-label="Label">
                      <TextInput label={`Step ${n} label`} maxLength={MAX_LABEL} placeholder="e.g. evening" {...bind('label')} />
                    </td>
                    <td className="steps-editor__remove-cell">
                      <button
                        type="button"
                        className="icon-button steps-editor__remove"
                        aria-label={`Remove step ${n}`}
                        disabled={steps.length <= minSteps}
                        onClick={() => onChange(steps.filter((s) => s.key !== step.key))}
                      >
                        <CloseIcon />
                      </button>
                    </td>
                  </tr>
                  {messages.length ? (
                    <tr className="steps-editor__errors">
                      <td colSpan={rooms ? 6 : 5}>
                        {messages.map((f) => (
                          <FieldError key={f} id={errorId(step.key, f)}>
                            {errors[f]}
                          </FieldError>
                        ))}
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      <div className="steps-editor__actions">
        <button
          type="button"
          className="button button--small"
          disabled={steps.length >= maxSteps}
          onClick={() => onChange([...steps, nextStep(steps)])}
        >
          Add step
        </button>
        {problems.outOfOrder ? (
          <button type="button" className="button button--small" onClick={() => onChange(sortSteps(steps))}>
            Sort steps by time
          </button>
        ) : null}
      </div>
    </div>
  );
}
