/**
 * One room: who holds it, by which rule and for how long (with a one-click change of that rule),
 * stuck sources, the preference in force, what happens next, quick overrides, people present, lights
 * under manual control, the latest explanations, and the room's devices with their controls.
 */
import { useEffect, useState } from 'react';
import { Link, useInRouterContext } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import type { MethodRequest, MethodResponse } from '../../../../core/api/contract';
import { cleanText, RoomStatus, type Device, type Room } from '../../../../core/model';
import { paths } from '../../routes/paths';
import { useClock, useHub, useHubStoreApi } from '../../store/context';
import { failureMessage, may, type HubState } from '../../store/hub-store';
import { deviceName } from '../../store/search';
import { tileKindOf, type TileKind } from '../../store/tile-kind';
import { useTemperature } from '../../units/use-temperature';
import { DeviceTile } from '../tiles/DeviceTile';
import { useNow } from '../tiles/use-now';
import { useTimeline } from '../automations/TimelineView';
import { RoomCalendar } from './CalendarStatus';
import { OccupancyPill } from './OccupancyPill';
import { OccupancyStrip } from './OccupancyStrip';
import { RoomSettings } from './RoomSettings';
import { inWords, useRoomAutomations } from './room-state';
import './rooms.css';

const inRoom = (s: HubState, roomId: string): Device[] => Object.values(s.devices).filter((d) => d.roomId === roomId);
const isSensor = (d: Device) => !!(d.capabilities.motion || d.capabilities.occupancy || d.capabilities.contact);
const isControlled = (d: Device) => d.kind === 'light' || !!d.capabilities.climate?.writable;

export function RoomPage({ room, onBack }: { room: Room; onBack(): void }) {
  const status = useRoomAutomations((s) => s.roomStatuses[room.id]);
  const name = cleanText(room.name, 100);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const editsRoom = useHub((s) => may(s.me, 'updateRoomBehaviour'));
  return (
    <section className="page room-page" aria-labelledby="room-page-title">
      <header className="room-page__head">
        <button type="button" className="button button--small" onClick={onBack}>
          ← All rooms
        </button>
        <h2 id="room-page-title">{name}</h2>
        {status ? <OccupancyPill status={status} /> : null}
        {editsRoom ? (
          <button type="button" className="button button--small room-page__settings" onClick={() => setSettingsOpen(true)}>
            Room settings
          </button>
        ) : null}
      </header>
      {status ? (
        <RoomDetails room={room} status={status} />
      ) : (
        <p className="page__empty">Waiting for the hub’s room automations…</p>
      )}
      {settingsOpen ? (
        <RoomSettings roomId={room.id} roomName={name} roomKind={room.kind} open={settingsOpen} onOpenChange={setSettingsOpen} />
      ) : null}
    </section>
  );
}

function RoomDetails({ room, status }: { room: Room; status: RoomStatus }) {
  const store = useHubStoreApi();
  const { client } = store;
  const now = useNow();
  const clock = useClock();
  const inRouter = useInRouterContext();
  // Names and ids only, compared item by item: a device's state changing does not re-render the page.
  const sensors = useHub(useShallow((s) => inRoom(s, room.id).filter(isSensor).map(deviceName)));
  const controlled = useHub(
    useShallow((s) =>
      inRoom(s, room.id)
        .filter(isControlled)
        .map((d) => d.id),
    ),
  );
  const people = useRoomAutomations((s) => s.people);
  const recent = useHub(
    useShallow((s) =>
      Object.values(s.decisions)
        .filter((d) => d.roomId === room.id)
        .sort((a, b) => b.at - a.at)
        .slice(0, 6),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const o = status.occupancy;
  const held = status.holds.find((h) => h.kind !== 'vacant');

  const act = async (action: () => Promise<unknown>) => {
    try {
      // Some actions answer with the room's new status (shown at once), others with a behaviour or a person.
      const answer = RoomStatus.safeParse(await action());
      if (answer.success) store.getState().putRoomStatus(answer.data);
      await store.getState().refreshRoomAutomations();
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  const hold = (kind: MethodRequest<'setRoomHold'>['hold'], minutes?: number) =>
    act(() => client.call('setRoomHold', { roomId: room.id, hold: kind, minutes }));
  /** The closed-door rule stops trusting this door (read fresh: the settings sheet may have changed the list). */
  const notOwnDoor = (doorId: string) =>
    act(async () => {
      const current = await client.call('getRoomBehaviour', { roomId: room.id });
      return client.call('updateRoomBehaviour', {
        roomId: room.id,
        behaviour: { occupancy: { ownDoors: current.occupancy.ownDoors.filter((d) => d !== doorId) } },
      });
    });
  // A manual hold's one-click change is the highlighted "Release hold" of the quick overrides below.
  const holders = o.state === 'occupied' ? (status.heldBy ?? []) : [];
  const holder = holders[0];
  const personOf = (sourceId: string) => people.find((p) => `person:${p.id}` === sourceId);

  return (
    <>
      <div className="room-page__grid">
        <section className="card room-card" aria-labelledby="occ-title">
          <h3 id="occ-title">Occupancy</h3>
          <p className="room-card__big">
            {o.state === 'occupied' ? 'Occupied' : o.state === 'leaving' ? 'Clearing' : 'Vacant'}
            {o.paused ? ' · automations paused' : ''}
          </p>
          <p>
            {o.source ? (
              <>
                Held by <strong>{o.source.name}</strong> ·{' '}
              </>
            ) : null}
            since {clock.time(o.since)}
          </p>
          {holder ? (
            <p className="room-card__holder">
              <span>
                Rule: {holder.rule}
                {holder.cappedAt !== null ? ` · at most until ${clock.time(holder.cappedAt)} (the room’s maximum hold)` : ''}
              </span>
              {holder.change === 'notOwnDoor' ? (
                <button type="button" className="link-button" onClick={() => void notOwnDoor(holder.source.id)}>
                  Not this room’s own door
                </button>
              ) : holder.change === 'markGone' ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void act(() =>
                      client.call('setPersonRoom', { personId: holder.source.id.slice('person:'.length), roomId: null }),
                    )
                  }
                >
                  Mark {personOf(holder.source.id)?.name ?? holder.source.name.replace(/ \(marked present\)$/, '')} gone
                </button>
              ) : null}
            </p>
          ) : null}
          {holders.length > 1 ? (
            <p className="room-card__note">
              Also held by{' '}
              {holders
                .slice(1)
                .map((h) => `${h.source.name} (${h.rule})`)
                .join('; ')}
            </p>
          ) : null}
          {(status.stuck ?? []).map((st) => (
            <p key={st.source.id} className="room-card__note" role="note">
              <span className="ui-badge ui-badge--warn">Stuck</span> {st.source.name} has reported activity since{' '}
              {clock.time(st.activeSince)} with no other sign of life; ignored since {clock.time(st.ignoredSince)} (the room’s
              maximum hold).
            </p>
          ))}
          <p>
            {o.until !== null
              ? `Clears ${inWords(o.until - now)} unless there is activity`
              : o.state === 'occupied'
                ? 'Held until the source clears'
                : sensors.length > 0
                  ? `Watching ${sensors.join(', ')}`
                  : 'No motion or presence sensor in this room yet'}
          </p>
          <OccupancyStrip roomId={room.id} roomName={room.name} occupied={o.state !== 'vacant'} now={now} />
          <div className="room-card__actions" role="group" aria-label="Quick overrides">
            <button type="button" className="button button--small" onClick={() => void hold('occupied', 60)}>
              Occupied for 1 h
            </button>
            <button type="button" className="button button--small" onClick={() => void hold('vacant')}>
              Vacant now
            </button>
            {held ? (
              <button type="button" className="button button--small button--primary" onClick={() => void hold('none')}>
                {held.kind === 'paused' ? 'Resume automations' : 'Release hold'}
              </button>
            ) : (
              <button type="button" className="button button--small" onClick={() => void hold('paused')}>
                Pause automations here
              </button>
            )}
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </section>

        <section className="card room-card" aria-labelledby="pref-title">
          <h3 id="pref-title">Right now</h3>
          <p>
            Lighting: <strong>{status.preference ?? 'room default'}</strong>
          </p>
          <p>
            Here:{' '}
            {status.people.length
              ? status.people.map((p) => (
                  <span key={p} className="ui-badge ui-badge--info room-card__person">
                    {p}
                  </span>
                ))
              : 'nobody marked present'}
          </p>
          <label className="room-card__people">
            <span className="visually-hidden">Mark someone present or gone</span>
            <select
              className="input"
              value=""
              onChange={(e) => {
                const id = e.target.value;
                if (!id) return;
                const person = people.find((p) => p.id === id);
                void act(() =>
                  client.call('setPersonRoom', { personId: id, roomId: person?.roomId === room.id ? null : room.id }),
                );
              }}
            >
              <option value="">{people.length ? 'Mark someone present or gone…' : 'Add people on the Rooms page'}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.roomId === room.id ? `✓ ${p.name} (mark as gone)` : `Mark ${p.name} present`}
                </option>
              ))}
            </select>
          </label>
        </section>

        <section className="card room-card" aria-labelledby="next-title">
          <h3 id="next-title">What happens next</h3>
          <RoomNext roomId={room.id} next={status.next} inRouter={inRouter} />
          {/* The page is also drawn on its own (tests, previews): the link needs the router. */}
          {inRouter ? (
            <p>
              <Link to={paths.timeline()}>The whole home’s next 24 hours</Link>
            </p>
          ) : null}
        </section>

        {/* A meeting room's bookings come from its calendar: its status and its source. */}
        {room.kind === 'meeting' ? <RoomCalendar roomId={room.id} roomName={cleanText(room.name, 100)} /> : null}

        <section className="card room-card" aria-labelledby="why-title">
          <h3 id="why-title">Why it is like this</h3>
          {controlled.length === 0 ? <p>No light or thermostat in this room.</p> : null}
          {status.overrides.map((ov) => (
            <p key={ov.deviceId} className="room-card__override">
              <span className="ui-badge ui-badge--warn">Manual</span> <DeviceName id={ov.deviceId} />:{' '}
              {ov.keptOff
                ? 'switched off by hand'
                : `${[ov.brightness && 'brightness', ov.color && 'colour'].filter(Boolean).join(' and ')} set by hand${ov.by ? ` ${ov.by}` : ''}; brightness and colour kept${ov.until !== null ? ` until ${clock.time(ov.until)}` : ''}`}
              <button
                type="button"
                className="link-button"
                onClick={() => void act(() => client.call('resumeAutomatic', { deviceId: ov.deviceId }))}
              >
                Resume automatic
              </button>
            </p>
          ))}
          <ul className="room-decisions">
            {controlled.map((id) => (
              <DeviceWhy key={id} deviceId={id} />
            ))}
          </ul>
          {recent.length > 0 ? <h4 className="room-card__sub">Latest changes</h4> : null}
          <ul className="room-decisions">
            {recent.map((d) => (
              <li key={`${d.deviceId}-${d.at}`}>
                <time dateTime={new Date(d.at).toISOString()}>{clock.time(d.at)}</time> {d.text}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <RoomDevices room={room} status={status} act={act} />
    </>
  );
}

/** The room's devices by what they are, with their tiles' controls; a section only for what the room has. */
const SECTIONS: { title: string; kinds: TileKind[] }[] = [
  { title: 'Lights and switches', kinds: ['light', 'switch'] },
  { title: 'Climate', kinds: ['thermostat'] },
  { title: 'Speakers', kinds: ['speaker'] },
  { title: 'Sensors', kinds: ['sensor'] },
];

function RoomDevices({
  room,
  status,
  act,
}: {
  room: Room;
  status: RoomStatus;
  act(action: () => Promise<unknown>): Promise<void>;
}) {
  const { client } = useHubStoreApi();
  const temperature = useTemperature();
  const clock = useClock();
  // "kind:id" strings: a device's state changing leaves them (and this part of the page) as they were.
  const keyed = useHub(
    useShallow((s) =>
      inRoom(s, room.id)
        .filter((d) => !d.hidden)
        .sort((a, b) => deviceName(a).localeCompare(deviceName(b)))
        .map((d) => `${tileKindOf(d)}:${d.id}`),
    ),
  );
  const climate = status.climate;
  const climateHold = climate?.hold ?? null;
  const setManualHold = (manualHold: 'nextChange' | 'untilChanged') =>
    act(() => client.call('updateRoomBehaviour', { roomId: room.id, behaviour: { climate: { manualHold } } }));
  if (keyed.length === 0) return <p className="room-page__none">No devices in this room yet: put one here from its details.</p>;
  return (
    <>
      {SECTIONS.map(({ title, kinds }) => {
        const ids = keyed.filter((k) => kinds.some((kind) => k.startsWith(`${kind}:`))).map((k) => k.slice(k.indexOf(':') + 1));
        if (ids.length === 0) return null;
        const titleId = `room-devices-${kinds[0]}`;
        return (
          <section key={title} className="room-devices" aria-labelledby={titleId}>
            <h3 id={titleId} className="room-devices__title">
              {title}
            </h3>
            {kinds.includes('thermostat') && climate ? (
              <p className="room-devices__status">
                <span>
                  The room wants <strong>{temperature.format(climate.targetC)}</strong> — {climate.text}
                </span>
                {climateHold ? (
                  <>
                    <span>
                      Set by hand to {temperature.format(climateHold.targetC)},{' '}
                      {climateHold.until === null ? 'kept until changed' : `kept until ${clock.time(climateHold.until)}`}
                    </span>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void setManualHold(climateHold.until === null ? 'nextChange' : 'untilChanged')}
                    >
                      {climateHold.until === null ? 'Keep only until the next schedule change' : 'Keep until I change it'}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void act(() => client.call('resumeAutomatic', { deviceId: climateHold.deviceId }))}
                    >
                      Resume automatic
                    </button>
                  </>
                ) : null}
              </p>
            ) : null}
            <div className="room__grid">
              {ids.map((id) => (
                <DeviceTile key={id} id={id} />
              ))}
            </div>
          </section>
        );
      })}
    </>
  );
}

/** A device's name, re-rendered only when the name changes. */
function DeviceName({ id }: { id: string }) {
  return <>{useHub((s) => (s.devices[id] ? deviceName(s.devices[id]) : cleanText(id)))}</>;
}

/** One device's newest arbiter decision (asked of the hub once, then kept fresh by `decision` events). */
function DeviceWhy({ deviceId }: { deviceId: string }) {
  const { client } = useHubStoreApi();
  const clock = useClock();
  const live = useHub((s) => s.decisions[deviceId]);
  const [fetched, setFetched] = useState<MethodResponse<'explainDevice'> | null>(null);
  useEffect(() => {
    client.call('explainDevice', { deviceId }).then(setFetched, () => setFetched({ why: null, history: [] }));
  }, [client, deviceId]);
  const why = live ?? fetched?.why;
  return (
    <li>
      {why ? (
        <>
          <time dateTime={new Date(why.at).toISOString()}>{clock.time(why.at)}</time> {why.text}
        </>
      ) : (
        <>
          <strong>
            <DeviceName id={deviceId} />
          </strong>
          : {fetched ? 'not changed by the room yet — as someone or the device left it' : '…'}
        </>
      )}
    </li>
  );
}

/**
 * The room's next changes (its own plans, live) and the automations due that concern it (the hub's timeline:
 * their trigger or their first command is in this room), soonest first.
 */
function RoomNext({ roomId, next, inRouter }: { roomId: string; next: RoomStatus['next']; inRouter: boolean }) {
  const clock = useClock();
  const timeline = useTimeline();
  const automations =
    timeline && 'entries' in timeline ? timeline.entries.filter((e) => e.source === 'automation' && e.roomId === roomId) : [];
  const entries = [
    ...next.map((n) => ({ at: n.at, text: n.text, automationId: undefined as string | undefined })),
    ...automations.map((e) => ({ at: e.at, text: e.text, automationId: e.automationId })),
  ].sort((a, b) => a.at - b.at);
  if (entries.length === 0) return <p>Nothing planned.</p>;
  return (
    <ol className="room-timeline" aria-label="Next in this room">
      {entries.map((n, i) => (
        <li key={`${n.at}-${i}`}>
          <time dateTime={new Date(n.at).toISOString()}>{clock.time(n.at)}</time>{' '}
          {n.automationId && inRouter ? <Link to={paths.automation(n.automationId)}>{n.text}</Link> : n.text}
        </li>
      ))}
    </ol>
  );
}
