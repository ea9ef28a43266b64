/**
 * The room settings editor. Every field starts at a sensible default (a room works the moment it has
 * a motion sensor and a light); saving applies at once on the hub, without a restart.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState, type ReactNode } from 'react';
import {
  defaultUsualOccupancy,
  type CurveStep,
  type RoomBehaviour,
  type RoomKind,
  type SchedulePeriod,
} from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CloseIcon } from '../../ui/icons';
import { useRoomStore } from './room-state';

const DAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];

export function RoomSettings({
  roomId,
  roomName,
  roomKind = 'home',
  open,
  onOpenChange,
}: {
  roomId: string;
  roomName: string;
  roomKind?: RoomKind;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const { client } = useHubStoreApi();
  const devices = useHub((s) => s.devices);
  // The room's door contacts (windows say so in their name), for "this room's own door".
  const doors = Object.values(devices).filter(
    (d) => d.roomId === roomId && d.capabilities.contact && !/window|fenster|fenêtre|raam/i.test(d.name),
  );
  const roomStore = useRoomStore();
  const [draft, setDraft] = useState<RoomBehaviour | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => {
    client
      .call('getRoomBehaviour', { roomId })
      .then(setDraft, (e: unknown) => setMessage({ error: true, text: failureMessage(e) }));
  }, [client, roomId]);

  const save = async () => {
    if (!draft) return;
    try {
      setDraft(
        await client.call('updateRoomBehaviour', {
          roomId,
          behaviour: { occupancy: draft.occupancy, lighting: draft.lighting, climate: draft.climate, media: draft.media },
        }),
      );
      await roomStore.getState().refresh();
      setMessage({ error: false, text: 'Saved — the room uses it now.' });
    } catch (e) {
      setMessage({ error: true, text: failureMessage(e) });
    }
  };
  const occ = <K extends keyof RoomBehaviour['occupancy']>(k: K, v: RoomBehaviour['occupancy'][K]) =>
    setDraft((d) => d && { ...d, occupancy: { ...d.occupancy, [k]: v } });
  const light = <K extends keyof RoomBehaviour['lighting']>(k: K, v: RoomBehaviour['lighting'][K]) =>
    setDraft((d) => d && { ...d, lighting: { ...d.lighting, [k]: v } });
  const clim = <K extends keyof RoomBehaviour['climate']>(k: K, v: RoomBehaviour['climate'][K]) =>
    setDraft((d) => d && { ...d, climate: { ...d.climate, [k]: v } });
  const media = <K extends keyof RoomBehaviour['media']>(k: K, v: RoomBehaviour['media'][K]) =>
    setDraft((d) => d && { ...d, media: { ...d.media, [k]: v } });
  const steps = draft?.lighting.curve.kind === 'steps' ? draft.lighting.curve.steps : null;
  const setSteps = (next: CurveStep[]) => light('curve', { kind: 'steps', steps: next });
  const setSchedule = (next: SchedulePeriod[]) => clim('schedule', next);

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
          {!draft ? (
            <p>{message?.text ?? 'Loading…'}</p>
          ) : (
            <form
              className="room-settings__form"
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <fieldset>
                <legend>Occupancy</legend>
                <Num
                  label="Vacant after no activity for (min)"
                  value={draft.occupancy.vacancyTimeoutS / 60}
                  min={1}
                  max={360}
                  onChange={(v) => occ('vacancyTimeoutS', Math.round(v * 60))}
                />
                <Num
                  label="Grace before vacant, lights dimmed (s)"
                  value={draft.occupancy.leavingGraceS}
                  min={0}
                  max={600}
                  onChange={(v) => occ('leavingGraceS', v)}
                />
                <Num
                  label="A stuck sensor (or a closed door) holds the room at most (h)"
                  value={draft.occupancy.presenceMaxHoldS / 3600}
                  min={1}
                  max={48}
                  onChange={(v) => occ('presenceMaxHoldS', Math.round(v * 3600))}
                />
                <Num
                  label="Sensors that must agree to occupy"
                  value={draft.occupancy.agreement.n}
                  min={1}
                  max={5}
                  onChange={(v) => occ('agreement', { ...draft.occupancy.agreement, n: v })}
                />
                <Check
                  label="The room’s own doors closed with someone inside keep it occupied"
                  checked={draft.occupancy.waspInBox}
                  onChange={(v) => occ('waspInBox', v)}
                />
                {draft.occupancy.waspInBox
                  ? doors.map((d) => {
                      const entrance =
                        draft.occupancy.contactRoles[d.id] === 'entrance' ||
                        /front door|entrance|entry|main door|haustür|eingang|porte d.entrée|voordeur/i.test(d.name);
                      return (
                        <Check
                          key={d.id}
                          label={
                            entrance
                              ? `${d.name}: an entrance to the outside, never holds the room`
                              : `${d.name} is this room’s own door (it closes only this room)`
                          }
                          disabled={entrance}
                          checked={!entrance && draft.occupancy.ownDoors.includes(d.id)}
                          onChange={(v) =>
                            occ(
                              'ownDoors',
                              v ? [...draft.occupancy.ownDoors, d.id] : draft.occupancy.ownDoors.filter((x) => x !== d.id),
                            )
                          }
                        />
                      );
                    })
                  : null}
              </fieldset>
              <fieldset>
                <legend>Lighting</legend>
                <Select
                  label="Lights"
                  value={draft.lighting.mode}
                  options={[
                    ['auto', 'On and off by occupancy'],
                    ['vacancyOnly', 'Off when vacant only (switch on by hand)'],
                    ['off', 'Not automated'],
                  ]}
                  onChange={(v) => light('mode', v as RoomBehaviour['lighting']['mode'])}
                />
                <Num
                  label="Switch on only below (lx)"
                  value={draft.lighting.luxThreshold}
                  min={0}
                  max={100000}
                  onChange={(v) => light('luxThreshold', v)}
                />
                <Num
                  label="Dim before off to (% of the level, 0 = no warning)"
                  value={draft.lighting.dimPercent}
                  min={0}
                  max={90}
                  onChange={(v) => light('dimPercent', v)}
                />
                <Select
                  label="A change by hand is kept"
                  value={draft.lighting.overridePolicy.kind}
                  options={[
                    ['untilOff', 'until the light is switched off'],
                    ['minutes', 'for 60 minutes'],
                    ['untilVacant', 'until the room empties'],
                  ]}
                  onChange={(v) =>
                    light(
                      'overridePolicy',
                      v === 'minutes' ? { kind: 'minutes', minutes: 60 } : { kind: v as 'untilOff' | 'untilVacant' },
                    )
                  }
                />
                <Select
                  label="When several people are here"
                  value={draft.lighting.multiPerson}
                  options={[
                    ['room', 'use the room’s curve'],
                    ['warmest', 'the warmest preference'],
                    ['coolest', 'the coolest preference'],
                    ['owner', 'the room owner’s'],
                  ]}
                  onChange={(v) => light('multiPerson', v as RoomBehaviour['lighting']['multiPerson'])}
                />
                <Check
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
                            latitude: 52.5,
                            longitude: 13.4,
                          }
                        : { kind: 'steps', steps: [{ at: '18:00', brightness: 60, kelvin: 2700, label: 'evening' }] },
                    )
                  }
                />
                {steps ? (
                  <Rows title="Daily curve" onAdd={() => setSteps([...steps, { at: '12:00', brightness: 80, kelvin: 4000 }])}>
                    {steps.map((s, i) => (
                      <div className="room-settings__row" key={i}>
                        <input
                          className="input"
                          type="time"
                          aria-label={`Step ${i + 1} from`}
                          value={s.at}
                          onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, at: e.target.value } : x)))}
                        />
                        <input
                          className="input"
                          type="number"
                          aria-label={`Step ${i + 1} brightness %`}
                          min={1}
                          max={100}
                          value={s.brightness}
                          onChange={(e) =>
                            setSteps(steps.map((x, j) => (j === i ? { ...x, brightness: Number(e.target.value) } : x)))
                          }
                        />
                        <input
                          className="input"
                          type="number"
                          aria-label={`Step ${i + 1} colour temperature K`}
                          min={1500}
                          max={6500}
                          step={100}
                          value={s.kelvin}
                          onChange={(e) =>
                            setSteps(steps.map((x, j) => (j === i ? { ...x, kelvin: Number(e.target.value) } : x)))
                          }
                        />
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Remove step ${i + 1}`}
                          disabled={steps.length <= 1}
                          onClick={() => setSteps(steps.filter((_, j) => j !== i))}
                        >
                          Remove
                        </button>
                      </div>
                    ))}
                  </Rows>
                ) : null}
              </fieldset>
              <fieldset>
                <legend>Climate</legend>
                <Check
                  label="Control this room’s thermostats"
                  checked={draft.climate.enabled}
                  onChange={(v) => clim('enabled', v)}
                />
                <Select
                  label="Heating and cooling"
                  value={draft.climate.mode}
                  options={[
                    ['heat', 'Heat only'],
                    ['cool', 'Cool only (thermostats that can cool)'],
                    ['auto', 'Heat or cool as needed'],
                  ]}
                  onChange={(v) => clim('mode', v as RoomBehaviour['climate']['mode'])}
                />
                <Num
                  label="Comfort (°C)"
                  value={draft.climate.comfortHeatC}
                  min={5}
                  max={30}
                  step={0.5}
                  onChange={(v) => clim('comfortHeatC', v)}
                />
                <Num
                  label="Economy (°C)"
                  value={draft.climate.economyHeatC}
                  min={5}
                  max={30}
                  step={0.5}
                  onChange={(v) => clim('economyHeatC', v)}
                />
                {draft.climate.mode !== 'heat' ? (
                  <>
                    <Num
                      label="Cooling comfort (°C)"
                      value={draft.climate.comfortCoolC}
                      min={16}
                      max={32}
                      step={0.5}
                      onChange={(v) => clim('comfortCoolC', v)}
                    />
                    <Num
                      label="Cooling economy (°C)"
                      value={draft.climate.economyCoolC}
                      min={16}
                      max={35}
                      step={0.5}
                      onChange={(v) => clim('economyCoolC', v)}
                    />
                  </>
                ) : null}
                <Num
                  label="Economy after vacant for (min)"
                  value={draft.climate.vacantDelayMin}
                  min={0}
                  max={1440}
                  onChange={(v) => clim('vacantDelayMin', v)}
                />
                <Num
                  label="Heating and cooling off when a window is open for (min)"
                  value={draft.climate.windowOpenMin}
                  min={0}
                  max={120}
                  onChange={(v) => clim('windowOpenMin', v)}
                />
                <Select
                  label="A temperature set by hand is kept"
                  value={draft.climate.manualHold}
                  options={[
                    ['nextChange', 'Until the next schedule change'],
                    ['untilChanged', 'Until I change it'],
                  ]}
                  onChange={(v) => clim('manualHold', v as RoomBehaviour['climate']['manualHold'])}
                />
                <Num
                  label="Frost protection (°C)"
                  value={draft.climate.frostC}
                  min={3}
                  max={12}
                  step={0.5}
                  onChange={(v) => clim('frostC', v)}
                />
                <Rows
                  title="Usually occupied (pre-heats to be warm on time)"
                  onAdd={() => setSchedule([...draft.climate.schedule, defaultUsualOccupancy(roomKind)])}
                >
                  {draft.climate.schedule.map((p, i) => (
                    <div className="room-settings__row" key={i}>
                      <span className="room-settings__days" role="group" aria-label={`Period ${i + 1} days`}>
                        {DAYS.map((d, day) => (
                          <button
                            key={d}
                            type="button"
                            className="day-toggle"
                            aria-pressed={p.days.includes(day)}
                            onClick={() =>
                              setSchedule(
                                draft.climate.schedule.map((x, j) =>
                                  j === i
                                    ? { ...x, days: x.days.includes(day) ? x.days.filter((y) => y !== day) : [...x.days, day] }
                                    : x,
                                ),
                              )
                            }
                          >
                            {d}
                          </button>
                        ))}
                      </span>
                      <input
                        className="input"
                        type="time"
                        aria-label={`Period ${i + 1} from`}
                        value={p.from}
                        onChange={(e) =>
                          setSchedule(draft.climate.schedule.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)))
                        }
                      />
                      <input
                        className="input"
                        type="time"
                        aria-label={`Period ${i + 1} to`}
                        value={p.to}
                        onChange={(e) =>
                          setSchedule(draft.climate.schedule.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)))
                        }
                      />
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Remove period ${i + 1}`}
                        onClick={() => setSchedule(draft.climate.schedule.filter((_, j) => j !== i))}
                      >
                        Remove
                      </button>
                    </div>
                  ))}
                </Rows>
              </fieldset>
              <fieldset>
                <legend>Speakers</legend>
                <Check
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

function Num({
  label,
  value,
  min,
  max,
  step = 1,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange(v: number): void;
}) {
  return (
    <label className="room-settings__field">
      <span>{label}</span>
      <input
        className="input"
        type="number"
        min={min}
        max={max}
        step={step}
        value={Number.isFinite(value) ? Math.round(value * 100) / 100 : ''}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

function Check({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <label className="room-settings__check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange(v: string): void;
}) {
  return (
    <label className="room-settings__field">
      <span>{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Rows({ title, onAdd, children }: { title: string; onAdd(): void; children: ReactNode }) {
  return (
    <div className="room-settings__rows">
      <span className="room-settings__rows-title">{title}</span>
      {children}
      <button type="button" className="button button--small" onClick={onAdd}>
        Add
      </button>
    </div>
  );
}
