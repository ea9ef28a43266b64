/**
 * The People editor: add a person, edit their lighting preferences (time steps, for every room or
 * one room) and comfort temperature, delete them. A person's preferences win in the room they are
 * marked present in (room page). Saving sends the whole person (`updatePerson`, PUT /api/people/:id).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { cleanText, type Person } from '../../../../core/model';
import { useHub, useHubStoreApi, useUnits } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { rangeIn, temperatureSymbol } from '../../units/temperature';
import { NumberField, TextField } from '../../ui/fields';
import { CloseIcon } from '../../ui/icons';
import { COMFORT, MAX_NAME, MAX_STEPS, newPersonDraft, toDraft, toRequest, validate, type PersonDraft } from './people-draft';
import { useRoomAutomations } from './room-state';
import { StepsEditor } from './StepsEditor';
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
  const store = useHubStoreApi();
  const { client } = store;
  const people = useRoomAutomations((s) => s.people);
  const rooms = useHub((s) => s.rooms);
  const units = useUnits();
  const [draft, setDraft] = useState<PersonDraft | null>(null);
  const [newName, setNewName] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const ids = { newName: useId(), base: useId() };

  useEffect(() => {
    if (open) void store.getState().refreshRoomAutomations();
  }, [open, store]);

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
        units,
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
      await store.getState().refreshRoomAutomations();
      pick(toDraft(saved, units));
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
      await store.getState().refreshRoomAutomations();
      pick(null);
      setMessage({ error: false, text: `Deleted ${name}.` });
    } catch (e) {
      setConfirming(false);
      setMessage({ error: true, text: failureMessage(e) });
    }
  };

  const comfortRange = rangeIn(COMFORT, units);
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
                        if (person && draft?.id !== p.id) pick(toDraft(person, units));
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
                <TextField
                  label="Name"
                  value={draft.name}
                  maxLength={MAX_NAME}
                  error={problems.name}
                  onChange={(name) => setDraft({ ...draft, name })}
                />
                <NumberField
                  label={`Comfort temperature when heating (${temperatureSymbol(units)})`}
                  hint="Empty: the room’s own comfort temperature."
                  min={comfortRange.min}
                  max={comfortRange.max}
                  step={units === 'fahrenheit' ? 1 : 0.5}
                  placeholder="Room’s"
                  value={draft.comfortHeat.text}
                  error={problems.comfortHeat}
                  onChange={(text) => setDraft({ ...draft, comfortHeat: { text } })}
                />
              </fieldset>

              <fieldset>
                <legend>Lighting</legend>
                <p className="people-settings__hint">
                  From each time on, the lights take this level until the next step or midnight; before the day’s first step the
                  room’s own lighting applies. Steps for one room win over steps for all rooms there.
                </p>
                <StepsEditor
                  steps={draft.steps}
                  onChange={(steps) => setDraft({ ...draft, steps })}
                  problems={problems.steps}
                  caption={`Lighting steps of ${draftName || 'the new person'}`}
                  rooms={rooms}
                  roomName={roomName}
                  maxSteps={MAX_STEPS}
                  emptyText="No steps: the room’s own lighting applies."
                  wraps={false}
                />
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
