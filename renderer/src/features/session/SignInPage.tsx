/**
 * Shown when the hub refused this browser: not signed in yet, signed out, or the hub has a new token.
 * Takes the token typed or pasted in; the link the hub prints (`/?token=…`) signs in without it.
 */
import { useId, useState, type FormEvent } from 'react';
import { useConnectionControl } from '../../api/connection-context';
import { signIn } from '../../api/session';
import { Logo } from '../../ui/Logo';

/** Why the hub refused, in the words a person needs (the hub's own reason is kept as the detail). */
function refusalText(reason: string): string {
  if (reason === 'Signed out') return 'This browser was signed out. Sign in again to use Homeroom here.';
  if (reason === 'Not signed in') return 'This browser is not signed in to this hub yet.';
  return 'The hub refused this browser: sign in again.';
}

export function SignInPage({ reason }: { reason: string }) {
  const { retry, linkProblem } = useConnectionControl();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(linkProblem ?? null);
  const ids = { token: useId(), error: useId() };
  const link = `${window.location.origin}/?token=`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return setError('Paste the token the hub printed.');
    setBusy(true);
    const result = await signIn(token);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    retry();
  };

  return (
    <main className="sign-in" id="main" tabIndex={-1}>
      <div className="sign-in__card card">
        <div className="sign-in__brand">
          <Logo />
          <h1>Sign in to Homeroom</h1>
        </div>
        <p className="sign-in__why" role="status">
          {refusalText(reason)}
        </p>
        <p>
          Open the link the hub printed when it started (<code>npm run hub</code> shows it as <q>Open:</q>); it looks like this
          and signs this browser in by itself:
        </p>
        <p>
          <code className="sign-in__link" tabIndex={0} aria-label="This hub’s sign-in link">
            {link}…
          </code>
        </p>
        <p>Or paste the token from that link here. This browser then stays signed in for 30 days after it was last used.</p>
        <form className="sign-in__form" onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor={ids.token}>Token</label>
          <input
            id={ids.token}
            className="input"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </form>
        {error ? (
          <p id={ids.error} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </main>
  );
}
