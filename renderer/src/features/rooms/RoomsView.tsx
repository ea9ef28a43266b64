/** Rooms people make: create, rename, change kind, delete. Devices go into rooms from their detail panel. */
import { useId, useState, type FormEvent } from 'react';
import { cleanText, ROOM_KINDS, type Room, type RoomKind } from '../../../../core/model';
import { useShallow } from 'zustand/react/shallow';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

const KIND_LABELS: Record<RoomKind, string> = { home: 'Home room', office: 'Office', meeting: 'Meeting room' };

export function RoomsView() {
  const store = useHubStoreApi();
  const rooms = useHub((s) => s.rooms);
  // Compared key by key: a device's state changing leaves every count, and this view, as it was.
  const deviceCounts = useHub(
    useShallow((s) => {
      const out = new Map<string, number>();
      for (const d of Object.values(s.devices)) if (d.roomId) out.set(d.roomId, (out.get(d.roomId) ?? 0) + 1);
      return out;
    }),
  );
  const [name, setName] = useState('');
  const [kind, setKind] = useState<RoomKind>('home');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const ids = { name: useId(), kind: useId() };

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      // roomsChanged updates the list; refresh here too in case events are slow.
      store.setState({ rooms: await store.client.call('listRooms', {}) });
      setMessage({ error: false, text: done });
    } catch (error) {
      setMessage({ error: true, text: failureMessage(error) });
    }
  };
  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    const clean = cleanText(name, 100);
    if (!clean) return;
    void run(() => store.client.call('createRoom', { name: clean, kind }), `Added ${clean}`).then(() => setName(''));
  };

  return (
    <section className="page" aria-labelledby="rooms-title">
      <header className="page__head">
        <h2 id="rooms-title">Rooms</h2>
        <p className="page__lead">Group devices by where they are. Put a device in a room from its details (click its icon).</p>
      </header>
      <form className="room-form" onSubmit={onCreate} aria-label="Add a room">
        <label htmlFor={ids.name}>New room</label>
        <input
          id={ids.name}
          className="input room-form__name"
          value={name}
          maxLength={100}
          placeholder="e.g. Living room"
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor={ids.kind} className="visually-hidden">
          Kind of the new room
        </label>
        <select id={ids.kind} className="input" value={kind} onChange={(e) => setKind(e.target.value as RoomKind)}>
          {ROOM_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--primary button--small" disabled={!cleanText(name, 100)}>
          Add room
        </button>
      </form>
      <p className={message?.error ? 'form-error' : 'form-status'} role={message?.error ? 'alert' : 'status'}>
        {message?.text}
      </p>
      {rooms.length === 0 ? (
        <p className="page__empty">No rooms yet.</p>
      ) : (
        <ul className="room-list" aria-label="Rooms">
          {rooms.map((room) => (
            <RoomRow key={room.id} room={room} devices={deviceCounts.get(room.id) ?? 0} run={run} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RoomRow({
  room,
  devices,
  run,
}: {
  room: Room;
  devices: number;
  run(action: () => Promise<unknown>, done: string): Promise<void>;
}) {
  const store = useHubStoreApi();
  const [draft, setDraft] = useState(room.name);
  const [confirming, setConfirming] = useState(false);
  const ids = { name: useId(), kind: useId() };
  const name = cleanText(room.name, 100);
  const rename = (event: FormEvent) => {
    event.preventDefault();
    const clean = cleanText(draft, 100);
    if (clean && clean !== room.name)
      void run(() => store.client.call('updateRoom', { id: room.id, name: clean }), `Renamed to ${clean}`);
  };
  return (
    <li className="room-row">
      <form className="room-row__name" onSubmit={rename}>
        <label htmlFor={ids.name} className="visually-hidden">
          Name of {name}
        </label>
        <input
          id={ids.name}
          className="input"
          value={draft}
          maxLength={100}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={rename}
        />
      </form>
      <label htmlFor={ids.kind} className="visually-hidden">
        Kind of {name}
      </label>
      <select
        id={ids.kind}
        className="input"
        value={room.kind}
        onChange={(e) =>
          void run(
            () => store.client.call('updateRoom', { id: room.id, kind: e.target.value as RoomKind }),
            `${name} is now a ${KIND_LABELS[e.target.value as RoomKind].toLowerCase()}`,
          )
        }
      >
        {ROOM_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <span className="room-row__count">{devices === 1 ? '1 device' : `${devices} devices`}</span>
      {confirming ? (
        <span className="room-row__confirm">
          <button
            type="button"
            className="button button--danger button--small"
            onClick={() => void run(() => store.client.call('deleteRoom', { id: room.id }), `Deleted ${name}`)}
          >
            Delete {name}
          </button>
          <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="button button--small" aria-label={`Delete ${name}`} onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
    </li>
  );
}
