/**
 * Settings → People and access: everyone with a token (role, rooms, expiry), adding someone, a new token, revoking
 * and removing. A token is shown once, right after it is made, with a copy button and a QR code of the sign-in link
 * that opens the UI on a phone or tablet already signed in. The hub keeps only each token's hash.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { Room, User, UserRole, UserWithToken } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { QrCode } from '../../ui/QrCode';
import './people-access.css';

const ROLE_OPTIONS: readonly (readonly [UserRole, string])[] = [
  ['member', 'Member'],
  ['guest', 'Guest'],
  ['board', 'Board (wall tablet)'],
  ['admin', 'Admin'],
];

const ROLE_TEXT: Record<UserRole, string> = {
  admin: 'Everything, settings and people included.',
  member: 'Controls devices, rooms, scenes and automations; no settings.',
  guest: 'Controls only the rooms ticked below; no settings, automations, nor other rooms’ history.',
  board: 'Shows the chosen rooms on the board, read-only.',
};

const ROLE_LABEL: Record<UserRole, string> = { admin: 'Admin', member: 'Member', guest: 'Guest', board: 'Board' };

const date = (at: number) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** The sign-in link for a token: this page's own address in a browser (a phone reaches what this browser reaches). */
export function signInLink(
  made: UserWithToken,
  location: Pick<Location, 'protocol' | 'origin'> = window.location,
): string | undefined {
  if (location.protocol === 'http:' || location.protocol === 'https:')
    return `${location.origin}/?token=${encodeURIComponent(made.token)}`;
  return made.signInUrl;
}

/** A date input's value (`2026-12-24`) as the end of that day, local time; '' is never. */
export function expiryFromDate(value: string): number | null {
  if (!value) return null;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return null;
  return new Date(y, m - 1, d, 23, 59, 59).getTime();
}

function userStatus(user: User, now: number): string | null {
  if (user.revokedAt !== null) return `Revoked ${date(user.revokedAt)}`;
  if (user.expiresAt !== null && user.expiresAt <= now) return `Expired ${date(user.expiresAt)}`;
  if (user.expiresAt !== null) return `Until ${date(user.expiresAt)}`;
  return null;
}

export function PeopleSettings() {
  const store = useHubStoreApi();
  const rooms = useHub((s) => s.rooms);
  const connected = useHub((s) => s.connection.state === 'connected');
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<UserWithToken | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await store.client.call('listUsers', {}));
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  }, [store]);
  useEffect(() => {
    if (connected) void load();
  }, [connected, load]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await load();
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  const newToken = (user: User) => act(async () => setMade(await store.client.call('newUserToken', { id: user.id })));
  const revoke = (user: User) => act(() => store.client.call('updateUser', { id: user.id, revoked: true }));
  const remove = (user: User) => {
    if (!window.confirm(`Remove ${user.name}? Their token and every browser signed in with it stop at once.`)) return;
    void act(() => store.client.call('deleteUser', { id: user.id }));
  };

  return (
    <div className="settings-stack">
      <section className="card settings-section" aria-labelledby="people-title">
        <h3 id="people-title">People and access</h3>
        <p className="settings-hint">
          Everyone gets their own token: a phone, a guest, the tablet on the wall. A token is shown once, when it is made; the hub
          keeps only a fingerprint of it. Revoke it, or make a new one, and the old one stops at once, on every browser signed in
          with it.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {made ? <TokenShownOnce made={made} onDone={() => setMade(null)} /> : null}
        {users === null ? null : (
          <ul className="people-list" aria-label="People with a token">
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                rooms={rooms}
                onNewToken={() => void newToken(user)}
                onRevoke={() => void revoke(user)}
                onRemove={() => remove(user)}
              />
            ))}
          </ul>
        )}
      </section>
      <AddPerson
        rooms={rooms}
        onAdded={(created) => {
          setMade(created);
          void load();
        }}
      />
    </div>
  );
}

function UserRow({
  user,
  rooms,
  onNewToken,
  onRevoke,
  onRemove,
}: {
  user: User;
  rooms: readonly Room[];
  onNewToken(): void;
  onRevoke(): void;
  onRemove(): void;
}) {
  const status = userStatus(user, Date.now());
  const roomNames = user.rooms.map((id) => rooms.find((r) => r.id === id)?.name ?? id);
  return (
    <li className="people-list__item" aria-label={user.name}>
      <div className="people-list__who">
        <strong>{user.name}</strong>
        <span className="people-list__role" data-role={user.role}>
          {ROLE_LABEL[user.role]}
        </span>
        {user.owner ? <span className="people-list__note">the hub’s own token</span> : null}
      </div>
      <div className="people-list__details">
        {user.role === 'guest' || user.role === 'board' ? (
          <span>Rooms: {roomNames.join(', ') || 'none'}</span>
        ) : (
          <span>All rooms</span>
        )}
        {status ? <span data-revoked={user.revokedAt !== null || undefined}>{status}</span> : null}
        <span className="people-list__since">Token made {date(user.tokenCreatedAt)}</span>
      </div>
      <div className="settings-actions people-list__actions">
        <button type="button" className="button button--small" onClick={onNewToken}>
          {user.revokedAt === null ? 'New token' : 'New token (restore)'}
        </button>
        {user.revokedAt === null ? (
          <button type="button" className="button button--small" onClick={onRevoke}>
            Revoke
          </button>
        ) : null}
        {user.owner ? null : (
          <button type="button" className="button button--small button--danger" onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

/** The token and its sign-in link, this once: copied, or scanned from the QR code on the phone or tablet. */
function TokenShownOnce({ made, onDone }: { made: UserWithToken; onDone(): void }) {
  const link = signInLink(made);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (what: 'token' | 'link', text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what === 'token' ? 'Token copied.' : 'Link copied.');
    } catch {
      setCopied('Copying is not allowed here: select the text and copy it.');
    }
  };
  const loopback = link !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(link);
  return (
    <div className="token-once" role="region" aria-label={`New token for ${made.user.name}`}>
      <div className="token-once__text">
        <h4>{made.user.name}’s token — shown only now</h4>
        <p>Scan the code with the phone or tablet to open Homeroom there, signed in. Or copy the token or the link.</p>
        <code className="token-once__token" aria-label="Token">
          {made.token}
        </code>
        <div className="settings-actions">
          <button type="button" className="button button--small" onClick={() => void copy('token', made.token)}>
            Copy token
          </button>
          {link ? (
            <button type="button" className="button button--small" onClick={() => void copy('link', link)}>
              Copy sign-in link
            </button>
          ) : null}
          <button type="button" className="button button--small button--primary" onClick={onDone}>
            Done
          </button>
        </div>
        <p role="status" className="token-once__status">
          {copied}
        </p>
        {loopback ? (
          <p className="settings-hint">
            This link names this computer itself: open this page by the hub’s network address for a phone to reach it.
          </p>
        ) : null}
      </div>
      {link ? <QrCode text={link} label={`QR code: sign-in link for ${made.user.name}`} /> : null}
    </div>
  );
}

function AddPerson({ rooms, onAdded }: { rooms: readonly Room[]; onAdded(made: UserWithToken): void }) {
  const store = useHubStoreApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('member');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expiry, setExpiry] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expiryId = useId();
  const limited = role === 'guest' || role === 'board';
  const nameError = tried && !name.trim() ? 'Give them a name' : null;
  const roomsError = tried && limited && chosen.length === 0 ? `Tick the rooms this ${role} may use` : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || (limited && chosen.length === 0)) return;
    setBusy(true);
    try {
      const made = await store.client.call('createUser', {
        name: name.trim(),
        role,
        ...(limited ? { rooms: chosen } : {}),
        ...(expiry ? { expiresAt: expiryFromDate(expiry) } : {}),
      });
      setName('');
      setChosen([]);
      setExpiry('');
      setTried(false);
      setError(null);
      onAdded(made);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="add-person-title">
      <h3 id="add-person-title">Add someone</h3>
      <form className="people-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="Name" value={name} onChange={setName} error={nameError} maxLength={100} />
        <SelectField<UserRole> label="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} />
        <p className="settings-hint people-form__role-text">{ROLE_TEXT[role]}</p>
        {limited ? (
          <fieldset className="people-form__rooms" aria-describedby={roomsError ? `${expiryId}-rooms` : undefined}>
            <legend>Rooms</legend>
            {rooms.length === 0 ? <p className="page__empty">Make a room first (Rooms → Add a room).</p> : null}
            {rooms.map((room) => (
              <CheckboxField
                key={room.id}
                label={room.name}
                checked={chosen.includes(room.id)}
                onChange={(on) => setChosen((c) => (on ? [...c, room.id] : c.filter((id) => id !== room.id)))}
              />
            ))}
            {roomsError ? (
              <p className="form-error" id={`${expiryId}-rooms`}>
                {roomsError}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <div className="ui-field">
          <label htmlFor={expiryId}>Access ends (optional)</label>
          <input id={expiryId} type="date" className="input" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="settings-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Add and show the token
          </button>
        </div>
      </form>
    </section>
  );
}
