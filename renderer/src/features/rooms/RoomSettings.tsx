/**
 * The room settings editor. Every field starts at a sensible default (a room works the moment it has
 * a motion sensor and a light); saving applies at once on the hub, without a restart.
 */
import { minutesOfHhmm } from '../../../../core/model/time';
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState } from 'react';
import type { RoomBehaviour } from '../../../../core/model';
import { useHubStoreApi, useUnits } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CheckboxField, FieldError, NumberField, SelectField, TimeInput } from '../../ui/fields';
import { CloseIcon } from '../../ui/icons';
import {
  CURVE_STEPS,
  inputRange,
  isShown,
  newPeriod,
  numberLabel,
  toBehaviour,
  toRoomForm,
  validateRoomForm,
  type NumberKey,
  type PeriodDraft,
  type RoomForm,
} from './room-form';
import { fromStepDrafts } from './steps-draft';
import { StepsEditor } from './StepsEditor';

const DAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];

export function RoomSettings({
  roomId,
  roomName,
  open,
  onOpenChange,
}: {
  roomId: string;
  roomName: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const store = useHubStoreApi();
  const { client } = store;
  const units = useUnits();
  const [form, setForm] = useState<RoomForm | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const base = useId();
  useEffect(() => {
    client.call('getRoomBehaviour', { roomId }).then(
      (behaviour) => setForm(toRoomForm(behaviour, units)),
      (e: unknown) => setMessage({ error: true, text: failureMessage(e) }),
    );
    // The units a form was opened in stay its units: switching them mid-edit must not reinterpret typed text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, roomId]);

  const problems = form ? validateRoomForm(form) : null;
  const save = async () => {
    if (!form || !problems) return;
    if (problems.count > 0) {
      setMessage({
        error: true,
        text: `Not saved: ${problems.count === 1 ? 'one entry needs' : `${problems.count} entries need`} fixing (marked above).`,
      });
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const draft = toBehaviour(form);
    try {
      const saved = await client.call('updateRoomBehaviour', {
        roomId,
        behaviour: { occupancy: draft.occupancy, lighting: draft.lighting, climate: draft.climate, media: draft.media },
      });
      setForm(toRoomForm(saved, form.units));
      await store.getState().refreshRoomAutomations();
      setMessage({ error: false, text: 'Saved — the room uses it now.' });
    } catch (e) {
      setMessage({ error: true, text: failureMessage(e) });
    }
  };
  const draft = form?.behaviour;
  const change = (next: (b: RoomBehaviour) => RoomBehaviour) => setForm((f) => f && { ...f, behaviour: next(f.behaviour) });
  const occ = <K extends keyof RoomBehaviour['occupancy']>(k: K, v: RoomBehaviour['occupancy'][K]) =>
    change((d) => ({ ...d, occupancy: { ...d.occupancy, [k]: v } }));
  const light = <K extends keyof RoomBehaviour['lighting']>(k: K, v: RoomBehaviour['lighting'][K]) =>
    change((d) => ({ ...d, lighting: { ...d.lighting, [k]: v } }));
  const clim = <K extends keyof RoomBehaviour['climate']>(k: K, v: RoomBehaviour['climate'][K]) =>
    change((d) => ({ ...d, climate: { ...d.climate, [k]: v } }));
  const media = <K extends keyof RoomBehaviour['media']>(k: K, v: RoomBehaviour['media'][K]) =>
    change((d) => ({ ...d, media: { ...d.media, [k]: v } }));
  const setPeriods = (periods: PeriodDraft[]) => setForm((f) => f && { ...f, periods });
  const setPeriod = (key: number, patch: Partial<PeriodDraft>) =>
    setForm((f) => f && { ...f, periods: f.periods.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  const number = (key: NumberKey) => {
    if (!form || !draft || !isShown(key, draft)) return null;
    const { min, max, step } = inputRange(key, form.units);
    return (
      <NumberField
        key={key}
        label={numberLabel(key, form.units)}
        min={min}
        max={max}
        step={step}
        value={form.numbers[key].text}
        error={problems?.numbers[key]}
        onChange={(text) => setForm((f) => f && { ...f, numbers: { ...f.numbers, [key]: { text } } })}
      />
    );
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sheet__overlay" />
        <Dialog.Content className="sheet room-settings" aria-describedby={undefined}>
          <header className="sheet__head">
            <Dialog.Title className="sheet__title">{roomName}: settings</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close settings">
              <CloseIcon />
            </Dialog.Close>
          </header>
          {!form || !draft || !problems ? (
            <p>{message?.text ?? 'Loading…'}</p>
          ) : (
            <form
              ref={formRef}
              className="room-settings__form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <fieldset>
                <legend>Occupancy</legend>
                {number('vacancyMin')}
                {number('leavingGraceS')}
                {number('presenceMaxHoldH')}
                {number('agreement')}
                <CheckboxField
                  label="A closed door with someone inside keeps the room occupied"
                  checked={draft.occupancy.waspInBox}
                  onChange={(v) => occ('waspInBox', v)}
                />
              </fieldset>
              <fieldset>
                <legend>Lighting</legend>
                <SelectField
                  label="Lights"
                  value={draft.lighting.mode}
                  options={[
                    ['auto', 'On and off by occupancy'],
                    ['vacancyOnly', 'Off when vacant only (switch on by hand)'],
                    ['off', 'Not automated'],
                  ]}
                  onChange={(v) => light('mode', v)}
                />
                {number('luxThreshold')}
                {number('dimPercent')}
                <SelectField
                  label="A change by hand is kept"
                  value={draft.lighting.overridePolicy.kind}
                  options={[
                    ['untilOff', 'until the light is switched off'],
                    ['minutes', 'for 60 minutes'],
                    ['untilVacant', 'until the room empties'],
                  ]}
                  onChange={(v) => light('overridePolicy', v === 'minutes' ? { kind: 'minutes', minutes: 60 } : { kind: v })}
                />
                <SelectField
                  label="When several people are here"
                  value={draft.lighting.multiPerson}
                  options={[
                    ['room', 'use the room’s curve'],
                    ['warmest', 'the warmest preference'],
                    ['coolest', 'the coolest preference'],
                    ['owner', 'the room owner’s'],
                  ]}
                  onChange={(v) => light('multiPerson', v)}
                />
                <CheckboxField
                  label="Follow the sun (circadian) instead of fixed steps"
                  checked={draft.lighting.curve.kind === 'circadian'}
                  onChange={(v) =>
                    light(
                      'curve',
                      v
                        ? {
                            kind: 'circadian',
                            minKelvin: 2200,
                            maxKelvin: 5000,
                            minBrightness: 20,
                            maxBrightness: 100,
                          }
                        : // The steps being edited stay in the form; this only says which curve is used.
                          { kind: 'steps', steps: fromStepDrafts(form.steps) },
                    )
                  }
                />
                {draft.lighting.curve.kind === 'steps' ? (
                  <div className="room-settings__rows">
                    <span className="room-settings__rows-title">Daily curve</span>
                    <StepsEditor
                      steps={form.steps}
                      onChange={(steps) => setForm((f) => f && { ...f, steps })}
                      problems={problems.steps}
                      caption={`Daily lighting curve of ${roomName}`}
                      minSteps={CURVE_STEPS.min}
                      maxSteps={CURVE_STEPS.max}
                      emptyText="No steps yet: add one."
                    />
                  </div>
                ) : null}
              </fieldset>
              <fieldset>
                <legend>Climate</legend>
                <CheckboxField
                  label="Control this room’s thermostats"
                  checked={draft.climate.enabled}
                  onChange={(v) => clim('enabled', v)}
                />
                <SelectField
                  label="Heating and cooling"
                  value={draft.climate.mode}
                  options={[
                    ['heat', 'Heat only'],
                    ['cool', 'Cool only (thermostats that can cool)'],
                    ['auto', 'Heat or cool as needed'],
                  ]}
                  onChange={(v) => clim('mode', v)}
                />
                {number('comfortHeatC')}
                {number('economyHeatC')}
                {number('comfortCoolC')}
                {number('economyCoolC')}
                {number('vacantDelayMin')}
                {number('windowOpenMin')}
                {number('frostC')}
                <div className="room-settings__rows">
                  <span className="room-settings__rows-title">Usually occupied (pre-heats to be warm on time)</span>
                  {form.periods.map((p, i) => {
                    const n = i + 1;
                    const error = problems.periods[p.key];
                    const errorId = error ? `${base}-period-${p.key}` : undefined;
                    return (
                      <div className="room-settings__period" key={p.key}>
                        <div className="room-settings__row">
                          <span className="room-settings__days" role="group" aria-label={`Period ${n} days`}>
                            {DAYS.map((d, day) => (
                              <button
                                key={d}
                                type="button"
                                className="day-toggle"
                                aria-pressed={p.days.includes(day)}
                                onClick={() =>
                                  setPeriod(p.key, {
                                    days: p.days.includes(day) ? p.days.filter((y) => y !== day) : [...p.days, day].sort(),
                                  })
                                }
                              >
                                {d}
                              </button>
                            ))}
                          </span>
                          <TimeInput
                            label={`Period ${n} from`}
                            value={p.from}
                            errorId={minutesOfHhmm(p.from) === null ? errorId : undefined}
                            onChange={(from) => setPeriod(p.key, { from })}
                          />
                          <TimeInput
                            label={`Period ${n} to`}
                            value={p.to}
                            errorId={minutesOfHhmm(p.to) === null ? errorId : undefined}
                            onChange={(to) => setPeriod(p.key, { to })}
                          />
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={`Remove period ${n}`}
                            onClick={() => setPeriods(form.periods.filter((x) => x.key !== p.key))}
                          >
                            Remove
                          </button>
                        </div>
                        {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
                      </div>
                    );
                  })}
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setPeriods([...form.periods, newPeriod()])}
                  >
                    Add period
                  </button>
                </div>
              </fieldset>
              <fieldset>
                <legend>Speakers</legend>
                <CheckboxField
                  label="Pause speakers when the room is empty"
                  checked={draft.media.pauseWhenVacant}
                  onChange={(v) => media('pauseWhenVacant', v)}
                />
              </fieldset>
              <div className="room-settings__foot">
                <p className={message?.error ? 'form-error' : 'form-status'} role={message?.error ? 'alert' : 'status'}>
                  {message?.text}
                </p>
                <button type="submit" className="button button--primary">
                  Save
                </button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
