/**
 * The room settings editor. Every field starts at a sensible default (a room works the moment it has
 * a motion sensor and a light); saving applies at once on the hub, without a restart.
 */
import { minutesOfHhmm } from '../../../../core/model/time';
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { contactRole, type RoomBehaviour, type RoomKind } from '../../../../core/model';
import { useHub, useHubStoreApi, useUnits } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CheckboxField, FieldError, NumberField, SelectField, TimeInput } from '../../ui/fields';
import { useRoomCalendar } from './CalendarStatus';
import { CloseIcon } from '../../ui/icons';
import { deviceName } from '../../store/search';
import { ROOM_CLIMATE_MODES } from '../tiles/climate-modes';
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
import './rooms.css';

const DAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];
const ROOM_MODE_LABELS = { heat: 'Heat only', cool: 'Cool only (thermostats that can cool)', auto: 'Heat or cool as needed' };

const WRITE_BACK = [
  ['off', 'Leave the calendar alone'],
  ['describe', 'Note it in the event'],
  ['decline', 'Decline it for the room'],
] as const;

/**
 * What the meeting lifecycle may write to the room's calendar. Only a CalDAV calendar can be written to, so the
 * choices are disabled (with the reason) for an ICS address or file, or no calendar — except to switch one off.
 */
function MeetingCalendarWrites({
  roomId,
  meeting,
  onChange,
}: {
  roomId: string;
  meeting: RoomBehaviour['meeting'];
  onChange(patch: Partial<RoomBehaviour['meeting']>): void;
}) {
  const [load] = useRoomCalendar(roomId);
  const status = load && 'status' in load ? load.status : undefined;
  const caldav = status?.source === 'caldav';
  const why = caldav
    ? undefined
    : load === null
      ? 'Checking the room’s calendar…'
      : 'error' in load
        ? `The room’s calendar could not be read (${load.error}); only a CalDAV calendar can be written to.`
        : status === null
          ? 'Only a CalDAV calendar can be written to, and this room has none: set one under Calendar on the room page.'
          : 'Only a CalDAV calendar can be written to; this room’s calendar is read from an ICS file or address.';
  return (
    <>
      <SelectField
        label="When nobody comes and the meeting is released"
        value={meeting.writeBack}
        options={WRITE_BACK}
        disabled={!caldav && meeting.writeBack === 'off'}
        hint={why}
        onChange={(writeBack) => onChange({ writeBack })}
      />
      <CheckboxField
        label="Book the room when someone uses it unbooked (30 minutes)"
        checked={meeting.bookUnbookedUse}
        disabled={!caldav && !meeting.bookUnbookedUse}
        // The reason is said once, under the write-back choice just above.
        hint={why ? 'Booking, too, writes to a CalDAV calendar.' : undefined}
        onChange={(bookUnbookedUse) => onChange({ bookUnbookedUse })}
      />
    </>
  );
}

/**
 * What the room has, for the sections it needs: a Climate section only with a thermostat, Speakers
 * only with a speaker, and its door contacts (not windows or ignored ones) for "this room's own door".
 * Plain values compared item by item: device state changes leave the form alone.
 */
function useRoomDevices(roomId: string) {
  const thermostat = useHub((s) => Object.values(s.devices).some((d) => d.roomId === roomId && !!d.capabilities.climate));
  const speaker = useHub((s) => Object.values(s.devices).some((d) => d.roomId === roomId && !!d.capabilities.media));
  const doors = useHub(
    useShallow((s) =>
      Object.values(s.devices)
        .filter((d) => d.roomId === roomId && d.capabilities.contact)
        .map((d) => JSON.stringify([d.id, d.name])),
    ),
  );
  return {
    thermostat,
    speaker,
    doors: doors.map((k) => {
      const [id, name] = JSON.parse(k) as [string, string];
      return { id, name, shown: deviceName({ id, name }) };
    }),
  };
}

export function RoomSettings({
  roomId,
  roomName,
  roomKind = 'home',
  open,
  onOpenChange,
}: {
  roomId: string;
  roomName: string;
  /** Proposes the usual-occupancy period: office hours for offices and meeting rooms. */
  roomKind?: RoomKind;
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
  const has = useRoomDevices(roomId);
  useEffect(() => {
    client.call('getRoomBehaviour', { roomId }).then(
      (behaviour) => setForm(toRoomForm(behaviour, units, roomKind)),
      (e: unknown) => setMessage({ error: true, text: failureMessage(e) }),
    );
    // The units a form was opened in stay its units: switching them mid-edit must not reinterpret typed text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, roomId, roomKind]);

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
        behaviour: {
          occupancy: draft.occupancy,
          lighting: draft.lighting,
          climate: draft.climate,
          media: draft.media,
          // Only a meeting room shows its meeting settings, so only a meeting room saves them.
          ...(form.kind === 'meeting' ? { meeting: draft.meeting } : {}),
        },
      });
      setForm(toRoomForm(saved, form.units, form.kind));
      await store.getState().refreshRoomAutomations();
      setMessage({ error: false, text: 'Saved — the room uses it now.' });
    } catch (e) {
      setMessage({ error: true, text: failureMessage(e) });
    }
  };
  const draft = form?.behaviour;
  // Doors and entrances, as the room automations read them (windows and ignored contacts are not doors).
  const doors = draft
    ? has.doors
        .map((d) => ({ ...d, role: contactRole(d, draft.occupancy) }))
        .filter((d) => d.role === 'door' || d.role === 'entrance')
    : [];
  const change = (next: (b: RoomBehaviour) => RoomBehaviour) => setForm((f) => f && { ...f, behaviour: next(f.behaviour) });
  const occ = <K extends keyof RoomBehaviour['occupancy']>(k: K, v: RoomBehaviour['occupancy'][K]) =>
    change((d) => ({ ...d, occupancy: { ...d.occupancy, [k]: v } }));
  const light = <K extends keyof RoomBehaviour['lighting']>(k: K, v: RoomBehaviour['lighting'][K]) =>
    change((d) => ({ ...d, lighting: { ...d.lighting, [k]: v } }));
  const clim = <K extends keyof RoomBehaviour['climate']>(k: K, v: RoomBehaviour['climate'][K]) =>
    change((d) => ({ ...d, climate: { ...d.climate, [k]: v } }));
  const media = <K extends keyof RoomBehaviour['media']>(k: K, v: RoomBehaviour['media'][K]) =>
    change((d) => ({ ...d, media: { ...d.media, [k]: v } }));
  const meeting = (patch: Partial<RoomBehaviour['meeting']>) => change((d) => ({ ...d, meeting: { ...d.meeting, ...patch } }));
  const setPeriods = (periods: PeriodDraft[]) => setForm((f) => f && { ...f, periods });
  const setPeriod = (key: number, patch: Partial<PeriodDraft>) =>
    setForm((f) => f && { ...f, periods: f.periods.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  const number = (key: NumberKey) => {
    if (!form || !draft || !isShown(key, draft, form.kind)) return null;
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
                  label="The room’s own doors closed with someone inside keep it occupied"
                  checked={draft.occupancy.waspInBox}
                  onChange={(v) => occ('waspInBox', v)}
                />
                {draft.occupancy.waspInBox ? (
                  doors.length === 0 ? (
                    <p className="room-settings__hint">No door sensor in this room.</p>
                  ) : (
                    <div className="room-settings__doors" role="group" aria-label="The room’s own doors">
                      {doors.map((d) => {
                        const entrance = d.role === 'entrance';
                        return (
                          <CheckboxField
                            key={d.id}
                            label={`${d.shown} is this room’s own door`}
                            hint={
                              entrance
                                ? 'An entrance to the outside: it never holds the room.'
                                : 'Tick it when the door closes only this room.'
                            }
                            disabled={entrance}
                            checked={!entrance && draft.occupancy.ownDoors.includes(d.id)}
                            onChange={(v) =>
                              occ(
                                'ownDoors',
                                v
                                  ? [...draft.occupancy.ownDoors.filter((x) => x !== d.id), d.id]
                                  : draft.occupancy.ownDoors.filter((x) => x !== d.id),
                              )
                            }
                          />
                        );
                      })}
                    </div>
                  )
                ) : null}
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
              {has.thermostat ? (
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
                    options={ROOM_CLIMATE_MODES.map((m) => [m, ROOM_MODE_LABELS[m]] as const)}
                    onChange={(v) => clim('mode', v)}
                  />
                  <SelectField
                    label="A temperature set by hand is kept"
                    value={draft.climate.manualHold}
                    options={[
                      ['nextChange', 'until the next schedule change'],
                      ['untilChanged', 'until I change it'],
                    ]}
                    onChange={(v) => clim('manualHold', v)}
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
                      onClick={() => setPeriods([...form.periods, newPeriod(roomKind)])}
                    >
                      Add period
                    </button>
                  </div>
                </fieldset>
              ) : null}
              {has.speaker ? (
                <fieldset>
                  <legend>Speakers</legend>
                  <CheckboxField
                    label="Pause speakers when the room is empty"
                    checked={draft.media.pauseWhenVacant}
                    onChange={(v) => media('pauseWhenVacant', v)}
                  />
                </fieldset>
              ) : null}
              {form.kind === 'meeting' ? (
                <fieldset>
                  <legend>Meetings</legend>
                  {number('checkInMinutes')}
                  {number('earlyEndMinutes')}
                  {number('preconditionMaxMinutes')}
                  {number('meetingBrightness')}
                  {number('meetingKelvin')}
                  <MeetingCalendarWrites roomId={roomId} meeting={draft.meeting} onChange={meeting} />
                </fieldset>
              ) : null}
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
