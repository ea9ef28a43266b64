/**
 * Settings → Signed-in browsers: every browser holding a session cookie (a wall tablet, a phone), with a
 * way to sign any of them out, this one included. The token itself is never shown or kept here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BrowserSession } from '../../../../core/api/contract';
import { useConnectionControl } from '../../api/connection-context';
import { signOut } from '../../api/session';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

const date = (at: number) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

export function AccessSettings() {
  const store = useHubStoreApi();
  const { mode } = useConnectionControl();
  const [sessions, setSessions] = useState<BrowserSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await store.client.call('listSessions', {}));
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  }, [store]);
  // Opened by its address, the page may be drawn before the connection is up: load once it is.
  const connected = useHub((s) => s.connection.state === 'connected');
  useEffect(() => {
    if (connected) void load();
  }, [connected, load]);

  const revoke = async (session: BrowserSession) => {
    try {
      if (session.current) {
        // Through the sign-out endpoint: only it can clear this browser's HttpOnly cookie. The hub then
        // closes this page's connection, and the sign-in page shows.
        await signOut();
        return;
      }
      await store.client.call('revokeSession', { id: session.id });
      await load();
    } catch (e) {
      setError(failureMessage(e));
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="access-title">
      <h3 id="access-title">Signed-in browsers</h3>
      <p>
        A browser signs in with the link the hub prints when it starts, or by pasting its token on the sign-in page. It then stays
        signed in for 30 days after it was last used. Starting the hub with a new token signs every browser out.
      </p>
      {mode === 'browser' ? (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => void signOut().catch((e: unknown) => setError(failureMessage(e)))}
          >
            Sign out of this browser
          </button>
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {sessions === null ? null : sessions.length === 0 ? (
        <p className="page__empty">No browser is signed in.</p>
      ) : (
        <ul className="access-list">
          {sessions.map((s) => (
            <li key={s.id} className="access-list__item">
              <span>
                <strong>{s.label}</strong>
                {s.user ? ` — ${s.user}` : ''}
                {s.current ? ' (this browser)' : ''}
                <span className="access-list__meta">
                  Signed in {date(s.createdAt)} · last used {date(s.lastSeenAt)} · until {date(s.expiresAt)}
                </span>
              </span>
              <button type="button" className="button button--small" onClick={() => void revoke(s)}>
                Sign out{s.current ? '' : ` ${s.label}`}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
