/**
 * One room: who holds it and for how long, the preference in force, what happens next, quick
 * overrides, people present, lights under manual control, and the latest explanations.
 */
import { useEffect, useState } from 'react';
import type { MethodRequest, MethodResponse } from '../../../../core/api/contract';
import { cleanText, type Room, type RoomStatus } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { deviceName } from '../../store/search';
import { useNow } from '../tiles/use-now';
import { OccupancyPill } from './OccupancyPill';
import { OccupancyStrip } from './OccupancyStrip';
import { RoomSettings } from './RoomSettings';
import { hhmm, inWords, useRoomStore, useRooms } from './room-state';

export function RoomPage({ room, onBack }: { room: Room; onBack(): void }) {
  const status = useRooms((s) => s.statuses[room.id]);
  const name = cleanText(room.name, 100);
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <section className="page room-page" aria-labelledby="room-page-title">
      <header className="room-page__head">
        <button type="button" className="button button--small" onClick={onBack}>
          ← All rooms
        </button>
        <h2 id="room-page-title">{name}</h2>
        {status ? <OccupancyPill status={status} /> : null}
        <button type="button" className="button button--small room-page__settings" onClick={() => setSettingsOpen(true)}>
          Room settings
        </button>
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
  const { client } = useHubStoreApi();
  const roomStore = useRoomStore();
  const now = useNow();
  const devices = useHub((s) => s.devices);
  const people = useRooms((s) => s.people);
  const decisions = useRooms((s) => s.decisions);
  const [error, setError] = useState<string | null>(null);
  const o = status.occupancy;
  const held = status.holds.find((h) => h.kind !== 'vacant');

  const act = async (action: () => Promise<RoomStatus | unknown>) => {
    try {
      const result = await action();
      if (result && typeof result === 'object' && 'occupancy' in result) {
        const next = result as RoomStatus;
        roomStore.setState((s) => ({ statuses: { ...s.statuses, [next.roomId]: next } }));
      }
      await roomStore.getState().refresh();
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  const hold = (kind: MethodRequest<'setRoomHold'>['hold'], minutes?: number) =>
    act(() => client.call('setRoomHold', { roomId: room.id, hold: kind, minutes }));
  /** One setting changed at once (the hub merges it over the room's behaviour). */
  const setting = (behaviour: MethodRequest<'updateRoomBehaviour'>['behaviour']) =>
    act(() => client.call('updateRoomBehaviour', { roomId: room.id, behaviour }));
  const notOwnDoor = (doorId: string) =>
    act(async () => {
      const current = await client.call('getRoomBehaviour', { roomId: room.id });
      return client.call('updateRoomBehaviour', {
        roomId: room.id,
        behaviour: { occupancy: { ownDoors: current.occupancy.ownDoors.filter((d) => d !== doorId) } },
      });
    });
  const holder = status.heldBy?.[0];
  const climateHold = status.climate?.hold ?? null;
  const name = (id: string) => {
    const d = devices[id];
    return d ? deviceName(d) : id;
  };
  const inRoom = Object.values(devices).filter((d) => d.roomId === room.id);
  const sensors = inRoom
    .filter((d) => d.capabilities.motion || d.capabilities.occupancy || d.capabilities.contact)
    .map(deviceName);
  const controlled = inRoom.filter((d) => d.kind === 'light' || d.capabilities.climate?.writable);
  const recent = Object.values(decisions)
    .filter((d) => d.roomId === room.id)
    .sort((a, b) => b.at - a.at)
    .slice(0, 6);

  return (
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
          since {hhmm(o.since)}
        </p>
        {holder && o.state === 'occupied' ? (
          <p className="room-card__holder">
            Rule: {holder.rule}
            {holder.cappedAt !== null ? ` · at most until ${hhmm(holder.cappedAt)} (the room’s maximum hold)` : ''}
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
                    client.call('setPersonRoom', { personId: holder.source.id.replace(/^person:/, ''), roomId: null }),
                  )
                }
              >
                Mark {holder.source.name.replace(/ \(marked present\)$/, '')} gone
              </button>
            ) : null}
          </p>
        ) : null}
        {(status.stuck ?? []).map((s) => (
          <p key={s.source.id} className="room-card__holder">
            {s.source.name} has reported activity since {hhmm(s.activeSince)} with no other sign of life; ignored since{' '}
            {hhmm(s.ignoredSince)} (the room’s maximum hold)
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
        {status.climate ? (
          <p>
            Climate: <strong>{status.climate.targetC} °C</strong> — {status.climate.text}
            {climateHold ? (
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  void setting({ climate: { manualHold: climateHold.until === null ? 'nextChange' : 'untilChanged' } })
                }
              >
                {climateHold.until === null ? 'Keep only until the next schedule change' : 'Keep until I change it'}
              </button>
            ) : null}
            {climateHold ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void act(() => client.call('resumeAutomatic', { deviceId: climateHold.deviceId }))}
              >
                Resume automatic
              </button>
            ) : null}
          </p>
        ) : (
          <p>No thermostat in this room.</p>
        )}
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
              void act(() => client.call('setPersonRoom', { personId: id, roomId: person?.roomId === room.id ? null : room.id }));
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
        {status.next.length === 0 ? (
          <p>Nothing planned.</p>
        ) : (
          <ol className="room-timeline">
            {status.next.map((n, i) => (
              <li key={`${n.at}-${i}`}>
                <time dateTime={new Date(n.at).toISOString()}>{hhmm(n.at)}</time> {n.text}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card room-card" aria-labelledby="why-title">
        <h3 id="why-title">Why it is like this</h3>
        {controlled.length === 0 ? <p>No light or thermostat in this room.</p> : null}
        {status.overrides.map((ov) => (
          <p key={ov.deviceId} className="room-card__override">
            <span className="ui-badge ui-badge--warn">Manual</span> {name(ov.deviceId)}:{' '}
            {ov.keptOff
              ? 'switched off by hand'
              : `${[ov.brightness && 'brightness', ov.color && 'colour'].filter(Boolean).join(' and ')} set by hand${ov.by ? ` ${ov.by}` : ''}; brightness and colour kept${ov.until !== null ? ` until ${hhmm(ov.until)}` : ''}`}
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
          {controlled.map((d) => (
            <DeviceWhy key={d.id} deviceId={d.id} name={deviceName(d)} />
          ))}
        </ul>
        {recent.length > 0 ? <h4 className="room-card__sub">Latest changes</h4> : null}
        <ul className="room-decisions">
          {recent.map((d) => (
            <li key={`${d.deviceId}-${d.at}`}>
              <time dateTime={new Date(d.at).toISOString()}>{hhmm(d.at)}</time> {d.text}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** One device's newest arbiter decision (asked of the hub once, then kept fresh by `decision` events). */
function DeviceWhy({ deviceId, name }: { deviceId: string; name: string }) {
  const { client } = useHubStoreApi();
  const live = useRooms((s) => s.decisions[deviceId]);
  const [fetched, setFetched] = useState<MethodResponse<'explainDevice'> | null>(null);
  useEffect(() => {
    client.call('explainDevice', { deviceId }).then(setFetched, () => setFetched({ why: null, history: [] }));
  }, [client, deviceId]);
  const why = live ?? fetched?.why;
  return (
    <li>
      {why ? (
        <>
          <time dateTime={new Date(why.at).toISOString()}>{hhmm(why.at)}</time> {why.text}
        </>
      ) : (
        <>
          <strong>{name}</strong>: {fetched ? 'not changed by the room yet — as someone or the device left it' : '…'}
        </>
      )}
    </li>
  );
}
