/**
 * The one editor for lighting steps (time → brightness % and colour temperature K), used by the
 * room settings (the room's daily curve) and the people editor (a person's preferences, optionally
 * per room). The caller holds the drafts and their `validateSteps` problems. Colour temperatures
 * show as a colour and a word, with warm/neutral/daylight presets; a chart draws the day's curve.
 * In a narrow container each step becomes a stacked card (steps-editor.css).
 */
import { useId } from 'react';
import { cleanText } from '../../../../core/model';
import { FieldError, NumberInput, TextInput, TimeInput } from '../../ui/fields';
import { CloseIcon } from '../../ui/icons';
import { kelvinToCss } from '../tiles/format';
import { StepsChart } from './StepsChart';
import {
  BRIGHTNESS,
  curveSegments,
  KELVIN,
  KELVIN_PRESETS,
  kelvinName,
  MAX_LABEL,
  nextStep,
  num,
  sortSteps,
  within,
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
  /**
   * A room's curve wraps (yesterday's last step holds until the first); a person's steps start at
   * their first step and end at midnight, the room's own lighting applying outside them.
   */
  wraps?: boolean;
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
  wraps = true,
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
                <th scope="col">Colour temperature</th>
                <th scope="col">Label (optional)</th>
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
                    <td data-label="Colour temperature">
                      <KelvinControl n={n} {...bind('kelvin')} />
                    </td>
                    <td data-label="Label (optional)">
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
      {steps.length > 0 ? (
        <StepsChart
          segments={curveSegments(
            steps.filter((s) => !s.roomId),
            wraps,
          )}
          title={`Chart of the ${rooms ? 'steps for all rooms' : 'day’s curve'}: brightness as height, colour temperature as colour, 00:00 to 24:00`}
          emptyText={wraps ? 'no valid step' : 'the room’s own lighting'}
        />
      ) : null}
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

/** The colour temperature as typed, shown as a colour and a word, with named presets warm to cool. */
function KelvinControl({
  n,
  value,
  onChange,
  errorId,
}: {
  n: number;
  value: string;
  onChange(text: string): void;
  errorId: string | undefined;
}) {
  const kelvin = num(value);
  const valid = within(kelvin, KELVIN);
  return (
    <div className="steps-editor__kelvin">
      <div className="steps-editor__kelvin-value">
        <span
          className="steps-editor__swatch"
          aria-hidden="true"
          style={valid ? { background: kelvinToCss(kelvin) } : undefined}
          data-empty={valid ? undefined : ''}
        />
        <NumberInput
          label={`Step ${n} colour temperature (K)`}
          inputMode="numeric"
          min={KELVIN.min}
          max={KELVIN.max}
          step={100}
          value={value}
          onChange={onChange}
          errorId={errorId}
        />
        <span className="steps-editor__kelvin-name">{valid ? kelvinName(kelvin) : ''}</span>
      </div>
      <div className="steps-editor__presets" role="group" aria-label={`Step ${n} colour presets`}>
        {KELVIN_PRESETS.map((p) => (
          <button
            key={p.name}
            type="button"
            className="steps-editor__preset"
            aria-label={`Step ${n} ${p.name.toLowerCase()} (${p.kelvin} K)`}
            aria-pressed={valid && kelvin === p.kelvin}
            title={`${p.name}, ${p.kelvin} K`}
            onClick={() => onChange(String(p.kelvin))}
          >
            <span className="steps-editor__preset-dot" aria-hidden="true" style={{ background: kelvinToCss(p.kelvin) }} />
            {p.name}
          </button>
        ))}
      </div>
    </div>
  );
}
