/** Every room at a glance (occupancy, who holds it, what it does next); a card opens the room page. */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { paths } from '../../routes/paths';
import { cleanText, type Room } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage, may } from '../../store/hub-store';
import { useNow } from '../tiles/use-now';
import { OccupancyPill } from './OccupancyPill';
import { PeopleSettingsButton } from './PeopleSettings';
import { RoomsView } from './RoomsView';
import { inWords, useRoomAutomations } from './room-state';
import './rooms.css';
import { uniquePersonId } from './people-draft';

/** The Rooms section: the overview above the room list people edit; a room's page has its own address. */
export function RoomsHome({ onOpen }: { onOpen(roomId: string): void }) {
  // Making and renaming rooms is a member's (a guest or board sees its rooms, not the list to edit).
  const editsRooms = useHub((s) => may(s.me, 'createRoom'));
  return (
    <div className="rooms-home">
      <RoomOverview onOpen={onOpen} />
      {editsRooms ? <RoomsView /> : null}
    </div>
  );
}

export function RoomOverview({ onOpen }: { onOpen(roomId: string): void }) {
  const rooms = useHub((s) => s.rooms);
  const statuses = useRoomAutomations((s) => s.roomStatuses);
  const available = useRoomAutomations((s) => s.roomAutomations);
  const now = useNow();
  const editsPeople = useHub((s) => may(s.me, 'updatePerson'));
  if (!available || rooms.length === 0) return null;

  return (
    <section className="page room-overview" aria-labelledby="room-overview-title">
      <h3 id="room-overview-title">Room automations</h3>
      {rooms.some((r) => r.kind === 'meeting') ? (
        <p>
          <Link to={paths.office()}>Meeting rooms and their utilisation</Link>
        </p>
      ) : null}
      <ul className="room-overview__list">
        {rooms.map((room: Room) => {
          const s = statuses[room.id];
          const next = s?.next[0];
          return (
            <li key={room.id}>
              <button
                type="button"
                className="room-tile"
                onClick={() => onOpen(room.id)}
                aria-label={`Open ${cleanText(room.name, 100)}`}
              >
                <span className="room-tile__head">
                  <span className="room-tile__name">{cleanText(room.name, 100)}</span>
                  {s ? <OccupancyPill status={s} /> : null}
                </span>
                <span className="room-tile__line">
                  {s?.occupancy.source && s.occupancy.state !== 'vacant' ? s.occupancy.source.name : 'No one detected'}
                </span>
                <span className="room-tile__line room-tile__muted">Lighting: {s?.preference ?? 'the room’s setting'}</span>
                {next ? (
                  <span className="room-tile__line room-tile__muted">
                    Next {inWords(next.at - now)}: {next.text}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {editsPeople ? <PeopleEditor /> : null}
    </section>
  );
}

function PeopleEditor() {
  const store = useHubStoreApi();
  const { client } = store;
  const people = useRoomAutomations((s) => s.people);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const clean = cleanText(name, 100);
    if (!clean) return;
    try {
      // A second "Alice" gets her own id: the API replaces a person with the same id.
      const id = uniquePersonId(
        clean,
        people.map((p) => p.id),
      );
      await client.call('updatePerson', { id, name: clean, lighting: [] });
      await store.getState().refreshRoomAutomations();
      setName('');
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  return (
    <form className="room-people" onSubmit={(e) => void add(e)} aria-label="People">
      <span className="room-people__title">People</span>
      {people.map((p) => (
        <span key={p.id} className="ui-badge ui-badge--neutral">
          {cleanText(p.name, 100)}
        </span>
      ))}
      <input
        className="input"
        aria-label="New person’s name"
        placeholder="Add a person"
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button button--small" disabled={!cleanText(name, 100)}>
        Add
      </button>
      <PeopleSettingsButton />
      {error ? <span className="form-error">{error}</span> : null}
    </form>
  );
}
