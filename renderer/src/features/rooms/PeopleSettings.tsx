/**
 * The People editor: add a person, edit their lighting preferences (time steps, for every room or
 * one room) and comfort temperature, delete them. A person's preferences win in the room they are
 * marked present in (room page). Saving sends the whole person (`updatePerson`, PUT /api/people/:id).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { cleanText, type Person } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CloseIcon } from '../../ui/icons';
import {
  BRIGHTNESS,
  COMFORT,
  KELVIN,
  MAX_LABEL,
  MAX_NAME,
  MAX_STEPS,
  newPersonDraft,
  nextStep,
  sortSteps,
  toDraft,
  toRequest,
  validate,
  type PersonDraft,
  type StepDraft,
  type StepField,
} from './people-draft';
import { useRoomStore, useRooms } from './room-state';
import './people.css';

/** The button that opens the editor (it may sit inside another form: its submits stay in the dialog). */
export function PeopleSettingsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--small" onClick={() => setOpen(true)}>
        Edit people…
      </button>
      {open ? <PeopleSettings open onOpenChange={setOpen} /> : null}
    </>
  );
}

type Message = { error: boolean; text: string } | null;

export function PeopleSettings({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { client } = useHubStoreApi();
  const roomStore = useRoomStore();
  const people = useRooms((s) => s.people);
  const rooms = useHub((s) => s.rooms);
  const [draft, setDraft] = useState<PersonDraft | null>(null);
  const [newName, setNewName] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const ids = { newName: useId(), base: useId() };

  useEffect(() => {
    if (open) void roomStore.getState().refresh();
  }, [open, roomStore]);

  const roomName = (roomId: string) => cleanText(rooms.find((r) => r.id === roomId)?.name ?? 'a removed room', 100);
  const problems = draft ? validate(draft, roomName) : null;

  const pick = (next: PersonDraft | null) => {
    setDraft(next);
    setConfirming(false);
    setMessage(null);
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!cleanText(newName, MAX_NAME)) return;
    pick(
      newPersonDraft(
        newName,
        people.map((p) => p.id),
      ),
    );
    setNewName('');
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!draft || !problems) return;
    if (problems.count > 0) {
      setMessage({
        error: true,
        text: `Not saved: ${problems.count === 1 ? 'one entry needs' : `${problems.count} entries need`} fixing (marked above).`,
      });
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    try {
      const saved = await client.call('updatePerson', toRequest(draft));
      await roomStore.getState().refresh();
      pick(toDraft(saved));
      setMessage({ error: false, text: `Saved. ${cleanText(saved.name, MAX_NAME)}’s preferences apply where they are present.` });
    } catch (e) {
      setMessage({ error: true, text: failureMessage(e) });
    }
  };
  const remove = async () => {
    if (!draft) return;
    const name = cleanText(draft.name, MAX_NAME) || 'the new person';
    if (draft.isNew) {
      pick(null);
      setMessage({ error: false, text: `Discarded ${name}.` });
      return;
    }
    try {
      await client.call('deletePerson', { id: draft.id });
      await roomStore.getState().refresh();
      pick(null);
      setMessage({ error: false, text: `Deleted ${name}.` });
    } catch (e) {
      setConfirming(false);
      setMessage({ error: true, text: failureMessage(e) });
    }
  };

  const setSteps = (steps: StepDraft[]) => setDraft((d) => d && { ...d, steps });
  const setStep = (key: number, patch: Partial<StepDraft>) =>
    setDraft((d) => d && { ...d, steps: d.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const errorId = (key: number | string, field: string) => `${ids.base}-${key}-${field}`;
  const draftName = draft ? cleanText(draft.name, MAX_NAME) : '';
  const listed: { id: string; name: string; steps: number; unsaved: boolean }[] = people.map((p: Person) => ({
    id: p.id,
    name: cleanText(p.name, MAX_NAME),
    steps: p.lighting.length,
    unsaved: false,
  }));
  if (draft?.isNew && !people.some((p) => p.id === draft.id))
    listed.push({ id: draft.id, name: draftName || 'New person', steps: draft.steps.length, unsaved: true });

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sheet__overlay" />
        <Dialog.Content className="sheet people-settings" aria-describedby={`${ids.base}-lead`}>
          <header className="sheet__head">
            <div className="sheet__titles">
              <Dialog.Title className="sheet__title">People</Dialog.Title>
              <p className="sheet__subtitle" id={`${ids.base}-lead`}>
                A person’s lighting and comfort temperature win in the room they are marked present in (on the room’s page).
              </p>
            </div>
            <Dialog.Close className="icon-button" aria-label="Close people">
              <CloseIcon />
            </Dialog.Close>
          </header>

          <div className="people-settings__pick">
            {listed.length ? (
              <ul className="people-settings__list" aria-label="People">
                {listed.map((p) => (
                  <li key={p.id}>
                    <button
                      type="button"
                      className="people-settings__person"
                      aria-pressed={draft?.id === p.id}
                      onClick={() => {
                        const person = people.find((x) => x.id === p.id);
                        if (person && draft?.id !== p.id) pick(toDraft(person));
                      }}
                    >
                      <span className="people-settings__person-name">{p.name}</span>
                      <span className="people-settings__person-meta">
                        {p.unsaved
                          ? 'not saved yet'
                          : p.steps === 0
                            ? 'no lighting steps'
                            : p.steps === 1
                              ? '1 lighting step'
                              : `${p.steps} lighting steps`}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="people-settings__empty">Nobody yet.</p>
            )}
            <form className="people-settings__add" onSubmit={add} aria-label="Add a person">
              <label htmlFor={ids.newName}>New person</label>
              <input
                id={ids.newName}
                className="input"
                value={newName}
                maxLength={MAX_NAME}
                placeholder="Name"
                onChange={(e) => setNewName(e.target.value)}
              />
              <button type="submit" className="button button--small" disabled={!cleanText(newName, MAX_NAME)}>
                Add person
              </button>
            </form>
          </div>

          {!draft || !problems ? (
            <p className={message?.error ? 'form-error' : 'form-status'} role={message?.error ? 'alert' : 'status'}>
              {message?.text ?? (people.length ? 'Pick a person to edit their preferences.' : '')}
            </p>
          ) : (
            <form
              ref={formRef}
              className="room-settings__form"
              noValidate
              onSubmit={(e) => void save(e)}
              aria-label={`Preferences of ${draftName || 'the new person'}`}
            >
              <fieldset>
                <legend>{draftName || 'New person'}</legend>
                <Field id={`${ids.base}-name`} label="Name" error={problems.name} errorId={errorId('person', 'name')}>
                  <input
                    id={`${ids.base}-name`}
                    className="input"
                    value={draft.name}
                    maxLength={MAX_NAME}
                    aria-invalid={!!problems.name}
                    aria-describedby={problems.name ? errorId('person', 'name') : undefined}
                    onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                  />
                </Field>
                <Field
                  id={`${ids.base}-comfort`}
                  label="Comfort temperature when heating (°C)"
                  hint="Empty: the room’s own comfort temperature."
                  error={problems.comfortHeatC}
                  errorId={errorId('person', 'comfort')}
                >
                  <input
                    id={`${ids.base}-comfort`}
                    className="input"
                    type="number"
                    inputMode="decimal"
                    min={COMFORT.min}
                    max={COMFORT.max}
                    step={0.5}
                    placeholder="Room’s"
                    value={draft.comfortHeatC}
                    aria-invalid={!!problems.comfortHeatC}
                    aria-describedby={problems.comfortHeatC ? errorId('person', 'comfort') : `${ids.base}-comfort-hint`}
                    onChange={(e) => setDraft({ ...draft, comfortHeatC: e.target.value })}
                  />
                </Field>
              </fieldset>

              <fieldset>
                <legend>Lighting</legend>
                <p className="people-settings__hint">
                  From each time on, the lights take this level until the next step or midnight; before the day’s first step the
                  room’s own lighting applies. Steps for one room win over steps for all rooms there.
                </p>
                {draft.steps.length === 0 ? (
                  <p className="people-settings__hint">No steps: the room’s own lighting applies.</p>
                ) : (
                  <div className="people-steps__scroll">
                    <table className="people-steps">
                      <caption className="visually-hidden">Lighting steps of {draftName || 'the new person'}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Room</th>
                          <th scope="col">From</th>
                          <th scope="col">Brightness (%)</th>
                          <th scope="col">Colour (K)</th>
                          <th scope="col">Label</th>
                          <th scope="col">
                            <span className="visually-hidden">Remove</span>
                          </th>
                        </tr>
                      </thead>
                      {draft.steps.map((step, i) => (
                        <StepRows
                          key={step.key}
                          n={i + 1}
                          step={step}
                          rooms={rooms}
                          roomName={roomName}
                          errors={problems.steps[step.key]}
                          errorId={(field) => errorId(step.key, field)}
                          onChange={(patch) => setStep(step.key, patch)}
                          onRemove={() => setSteps(draft.steps.filter((s) => s.key !== step.key))}
                        />
                      ))}
                    </table>
                  </div>
                )}
                <div className="people-settings__step-actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={draft.steps.length >= MAX_STEPS}
                    onClick={() => setSteps([...draft.steps, nextStep(draft.steps)])}
                  >
                    Add step
                  </button>
                  {problems.outOfOrder ? (
                    <button type="button" className="button button--small" onClick={() => setSteps(sortSteps(draft.steps))}>
                      Sort steps by time
                    </button>
                  ) : null}
                </div>
              </fieldset>

              <div className="room-settings__foot people-settings__foot">
                <p className={message?.error ? 'form-error' : 'form-status'} role={message?.error ? 'alert' : 'status'}>
                  {message?.text}
                </p>
                <span className="people-settings__actions">
                  {confirming ? (
                    <span className="people-settings__confirm">
                      <span>{draft.isNew ? 'Discard this person?' : `Delete ${draftName} and their preferences?`}</span>
                      <button type="button" className="button button--danger button--small" onClick={() => void remove()}>
                        {draft.isNew ? 'Discard' : `Delete ${draftName}`}
                      </button>
                      <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={draft.isNew ? 'Discard the new person' : `Delete ${draftName}`}
                      onClick={() => {
                        setConfirming(true);
                        setMessage(null);
                      }}
                    >
                      {draft.isNew ? 'Discard…' : 'Delete…'}
                    </button>
                  )}
                  <button type="submit" className="button button--primary">
                    Save
                  </button>
                </span>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Field({
  id,
  label,
  hint,
  error,
  errorId,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  errorId: string;
  children: ReactNode;
}) {
  return (
    <div className="people-settings__field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="form-error people-settings__field-note" id={errorId} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="people-settings__hint people-settings__field-note" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const FIELDS: StepField[] = ['at', 'brightness', 'kelvin', 'label'];

function StepRows({
  n,
  step,
  rooms,
  roomName,
  errors = {},
  errorId,
  onChange,
  onRemove,
}: {
  n: number;
  step: StepDraft;
  rooms: readonly { id: string; name: string }[];
  roomName(roomId: string): string;
  errors?: Partial<Record<StepField, string>>;
  errorId(field: StepField): string;
  onChange(patch: Partial<StepDraft>): void;
  onRemove(): void;
}) {
  /** What every step input has alike: its value, its change and its error wiring. */
  const bind = (field: StepField) => ({
    value: step[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const patch: Partial<StepDraft> = {};
      patch[field] = e.target.value;
      onChange(patch);
    },
    'aria-invalid': !!errors[field],
    'aria-describedby': errors[field] ? errorId(field) : undefined,
  });
  const messages = FIELDS.filter((f) => errors[f]);
  return (
    <tbody className="people-steps__step">
      <tr>
        <td>
          <select
            className="input"
            aria-label={`Step ${n} room`}
            value={step.roomId}
            onChange={(e) => onChange({ roomId: e.target.value })}
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
        <td>
          <input className="input" type="time" aria-label={`Step ${n} time`} {...bind('at')} />
        </td>
        <td>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            aria-label={`Step ${n} brightness (%)`}
            min={BRIGHTNESS.min}
            max={BRIGHTNESS.max}
            {...bind('brightness')}
          />
        </td>
        <td>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            aria-label={`Step ${n} colour temperature (K)`}
            min={KELVIN.min}
            max={KELVIN.max}
            step={100}
            {...bind('kelvin')}
          />
        </td>
        <td>
          <input
            className="input"
            aria-label={`Step ${n} label`}
            maxLength={MAX_LABEL}
            placeholder="e.g. evening"
            {...bind('label')}
          />
        </td>
        <td>
          <button type="button" className="icon-button people-steps__remove" aria-label={`Remove step ${n}`} onClick={onRemove}>
            <CloseIcon />
          </button>
        </td>
      </tr>
      {messages.length ? (
        <tr className="people-steps__errors">
          <td colSpan={6}>
            {messages.map((f) => (
              <p key={f} id={errorId(f)} className="form-error" role="alert">
                {errors[f]}
              </p>
            ))}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
