/** One found device: what it is and where, then Add (name + room) or Ignore, or pairing first. */
import { useId, useState, type FormEvent } from 'react';
import { cleanText, type DiscoveryEntry } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { KIND_LABELS } from './use-discovery';
import { PairingControl } from './PairingControl';

export function InboxItem({ entry }: { entry: DiscoveryEntry }) {
  const { client } = useHubStoreApi();
  const rooms = useHub((s) => s.rooms);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState(() => cleanText(entry.name, 100));
  const [roomId, setRoomId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { title: useId(), name: useId(), room: useId() };
  const title = cleanText(entry.name, 100);
  const address = entry.address.includes(':') ? `[${entry.address}]:${entry.port}` : `${entry.address}:${entry.port}`;
  const product = [entry.manufacturer, entry.model]
    .filter(Boolean)
    .map((s) => cleanText(s, 100))
    .join(' · ');

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action(); // the list updates through discoveryChanged
    } catch (e) {
      setError(failureMessage(e));
      setBusy(false);
    }
  };
  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    const clean = cleanText(name, 100);
    void run(() =>
      client.call('addDiscovered', {
        id: entry.id,
        ...(clean && clean !== title ? { name: clean } : {}),
        ...(roomId ? { roomId } : {}),
      }),
    );
  };

  const ignoreButton = (
    <button
      type="button"
      className="button button--small"
      disabled={busy}
      onClick={() => void run(() => client.call('ignoreDiscovered', { id: entry.id }))}
      aria-label={`Ignore ${title}`}
    >
      Ignore
    </button>
  );

  if (entry.move) {
    // An added device announced elsewhere that could not prove it is the same device: the person decides.
    const from = cleanText(entry.move.from, 300);
    const to = cleanText(address, 300);
    return (
      <li className="inbox-item inbox-item--move" aria-labelledby={ids.title}>
        <div className="inbox-item__head">
          <span className="inbox-item__kind">{KIND_LABELS[entry.kind]}</span>
          <h3 id={ids.title} className="inbox-item__name">
            {title}
          </h3>
        </div>
        <p className="inbox-item__move">
          {title} announced a new address {to} — move it?
        </p>
        <p className="inbox-item__hint">
          It is now at {from}. Move it only if you know it changed address: another device could be pretending to be it, and its
          password goes with it.
        </p>
        <div className="inbox-item__actions">
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy}
            onClick={() => void run(() => client.call('addDiscovered', { id: entry.id }))}
            aria-label={`Move ${title} to ${to}`}
          >
            Move
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => void run(() => client.call('ignoreDiscovered', { id: entry.id }))}
            aria-label={`Keep ${title} at ${from}`}
          >
            Keep where it is
          </button>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {cleanText(error, 300)}
          </p>
        ) : null}
      </li>
    );
  }

  return (
    <li className="inbox-item" aria-labelledby={ids.title}>
      <div className="inbox-item__head">
        <span className="inbox-item__kind">{KIND_LABELS[entry.kind]}</span>
        <h3 id={ids.title} className="inbox-item__name">
          {title}
        </h3>
      </div>
      <dl className="inbox-item__facts">
        {product ? (
          <div>
            <dt className="visually-hidden">Product</dt>
            <dd>{product}</dd>
          </div>
        ) : null}
        <div>
          <dt className="visually-hidden">Address</dt>
          <dd className="inbox-item__address">{cleanText(address, 300)}</dd>
        </div>
      </dl>
      {entry.needsPairing ? (
        <PairingControl entry={entry}>{ignoreButton}</PairingControl>
      ) : adding ? (
        <form className="inbox-add" onSubmit={onAdd} aria-label={`Add ${title}`}>
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.room}>Room</label>
          <select id={ids.room} className="input" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
            <option value="">No room</option>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {cleanText(room.name, 100)}
              </option>
            ))}
          </select>
          <div className="inbox-item__actions">
            <button type="submit" className="button button--primary button--small" disabled={busy}>
              {busy ? 'Adding…' : 'Add to Homeroom'}
            </button>
            <button type="button" className="button button--small" onClick={() => setAdding(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {!adding && !entry.needsPairing ? (
        <div className="inbox-item__actions">
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => setAdding(true)}
            aria-label={`Add ${title}`}
          >
            Add
          </button>
          {ignoreButton}
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {cleanText(error, 300)}
        </p>
      ) : null}
    </li>
  );
}
