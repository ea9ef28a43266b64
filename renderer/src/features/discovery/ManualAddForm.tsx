/** "Add by address" for networks that block multicast: the hub asks what answers there. */
import { useId, useState, type FormEvent } from 'react';
import { cleanText } from '../../../../core/model';
import { useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

export function ManualAddForm() {
  const { client } = useHubStoreApi();
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const ids = { host: useId(), port: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const portNumber = port.trim() ? Number(port) : undefined;
    if (portNumber !== undefined && (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535)) {
      return setMessage({ error: true, text: 'The port is a number from 1 to 65535' });
    }
    setBusy(true);
    setMessage(null);
    try {
      const found = await client.call('addManualDevice', { host: host.trim(), ...(portNumber ? { port: portNumber } : {}) });
      setMessage({ error: false, text: `Found ${cleanText(found.name)}` });
      setHost('');
      setPort('');
    } catch (e) {
      setMessage({ error: true, text: failureMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inbox-manual" onSubmit={onSubmit} aria-label="Add a device by address">
      <h3 className="inbox-manual__title">Not in the list?</h3>
      <p className="inbox-manual__lead">Some networks block announcements. Enter the device’s IP address or host name.</p>
      <div className="inbox-manual__row">
        <label htmlFor={ids.host} className="visually-hidden">
          Device address (IP or host)
        </label>
        <input
          id={ids.host}
          className="input inbox-manual__host"
          placeholder="192.168.1.20"
          value={host}
          maxLength={300}
          required
          onChange={(e) => setHost(e.target.value)}
        />
        <label htmlFor={ids.port} className="visually-hidden">
          Port (optional)
        </label>
        <input
          id={ids.port}
          className="input inbox-manual__port"
          placeholder="Port"
          inputMode="numeric"
          value={port}
          maxLength={5}
          onChange={(e) => setPort(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={busy || !host.trim()}>
          {busy ? 'Looking…' : 'Look'}
        </button>
      </div>
      {message ? (
        <p className={message.error ? 'form-error' : 'form-status'} role={message.error ? 'alert' : 'status'}>
          {cleanText(message.text, 300)}
        </p>
      ) : null}
    </form>
  );
}
