/**
 * Pairing for a found device: the instruction (e.g. "Press the link button on the bridge, then
 * click Pair"), a password field when the device asks for one, and a countdown while the hub
 * keeps trying. Failure messages come from the hub and are shown as text.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { cleanText, type DiscoveryEntry } from '../../../../core/model';
import { useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

/** `children`: more actions for the same row (Ignore). */
export function PairingControl({ entry, children }: { entry: DiscoveryEntry; children?: ReactNode }) {
  const { client } = useHubStoreApi();
  const [password, setPassword] = useState('');
  const [deadline, setDeadline] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useTicker(deadline !== null);
  const passwordId = useId();
  const pairing = deadline !== null;
  const secondsLeft = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));

  const onPair = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDeadline(Date.now() + (entry.pairingWindowMs ?? 5000));
    try {
      await client.call('pairDiscovered', { id: entry.id, ...(entry.needsPassword ? { password } : {}) });
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setDeadline(null);
    }
  };

  return (
    <form className="inbox-pair" onSubmit={onPair} aria-label={`Pair ${cleanText(entry.name)}`}>
      <p className="inbox-pair__hint">{cleanText(entry.pairingHint ?? 'This device has to be paired first.', 200)}</p>
      <div className="inbox-pair__row">
        {entry.needsPassword ? (
          <>
            <label htmlFor={passwordId} className="visually-hidden">
              Password of {cleanText(entry.name)}
            </label>
            <input
              id={passwordId}
              className="input"
              type="password"
              autoComplete="off"
              placeholder="Device password"
              value={password}
              maxLength={200}
              onChange={(e) => setPassword(e.target.value)}
            />
          </>
        ) : null}
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={pairing || (entry.needsPassword && !password)}
        >
          {pairing ? 'Pairing…' : 'Pair'}
        </button>
        {children}
        {pairing && entry.pairingWindowMs ? (
          <span className="inbox-pair__countdown" role="timer" aria-live="off">
            Waiting for the button: {secondsLeft} s
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {cleanText(error, 300)}
        </p>
      ) : null}
    </form>
  );
}

/** Re-renders every quarter second while `active`. */
function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
