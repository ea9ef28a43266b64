/**
 * Settings → Broker: the MQTT broker the hub uses (empty: its own embedded one), its username, and the
 * password, which is stored on the hub as a secret and never sent back (only whether one is stored).
 */
import { useEffect, useId, useState } from 'react';
import { BrokerUrl } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { mqttStatusText } from '../dashboard/ConnectionStatus';
import { StatusDot } from '../../ui/Badge';
import { TextField } from '../../ui/fields';
import { BrokerLanSettings } from './BrokerLanSettings';
import { SaveMessage, useSave } from './use-save';

export function BrokerSettings() {
  const store = useHubStoreApi();
  const storedUrl = useHub((s) => s.settings.mqttUrl ?? '');
  const storedUser = useHub((s) => s.settings.mqttUsername ?? '');
  const [url, setUrl] = useState(storedUrl);
  const [username, setUsername] = useState(storedUser);
  const [password, setPassword] = useState('');
  const [passwordStored, setPasswordStored] = useState<boolean | null>(null);
  const [save, run] = useSave();
  const [tried, setTried] = useState(false);
  const passwordId = useId();
  useEffect(() => setUrl(storedUrl), [storedUrl]);
  useEffect(() => setUsername(storedUser), [storedUser]);
  useEffect(() => {
    let cancelled = false;
    store.client
      .call('getMqttPasswordStatus', {})
      .then((r) => !cancelled && setPasswordStored(r.stored))
      .catch(() => !cancelled && setPasswordStored(null));
    return () => {
      cancelled = true;
    };
  }, [store]);

  const urlError =
    url.trim() && !BrokerUrl.safeParse(url.trim()).success
      ? 'An mqtt://, mqtts://, ws:// or wss:// address without a password in it'
      : null;
  const saveBroker = () => {
    setTried(true);
    if (urlError) return;
    void run(
      () => store.getState().updateSettings({ mqttUrl: url.trim() || null, mqttUsername: username.trim() || null }),
      url.trim() ? 'Broker saved: the hub reconnects' : 'Saved: the hub uses its own broker',
    );
  };
  const savePassword = (value: string | null) =>
    void run(
      async () => {
        const result = await store.client.call('setMqttPassword', { password: value });
        setPasswordStored(result.stored);
        setPassword('');
      },
      value === null ? 'Password removed' : 'Password stored',
    );

  return (
    <div className="settings-stack">
      <section className="card settings-section" aria-labelledby="settings-broker-title">
        <h3 id="settings-broker-title">Broker</h3>
        <MqttStatusLine />
        <TextField
          label="Broker URL"
          value={url}
          onChange={setUrl}
          placeholder="mqtt://broker.local:1883"
          hint="Leave empty to use the hub’s own broker (the virtual home needs it)."
          error={tried ? urlError : null}
          spellCheck={false}
          autoComplete="off"
        />
        <TextField label="Username" value={username} onChange={setUsername} autoComplete="username" spellCheck={false} />
        <button type="button" className="button button--primary" onClick={saveBroker}>
          Save broker
        </button>
        <div className="ui-field">
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            placeholder={passwordStored ? 'A password is stored' : ''}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={`${passwordId}-hint`}
          />
          <p className="ui-field__note ui-field__hint" id={`${passwordId}-hint`}>
            {passwordStored ? 'A password is stored. ' : passwordStored === false ? 'No password is stored. ' : ''}
            It is kept encrypted on the hub and never shown again.
          </p>
        </div>
        <div className="settings-actions">
          <button type="button" className="button" disabled={!password} onClick={() => savePassword(password)}>
            Save password
          </button>
          {passwordStored ? (
            <button type="button" className="button" onClick={() => savePassword(null)}>
              Remove password
            </button>
          ) : null}
        </div>
        <SaveMessage state={save} />
      </section>
      <BrokerLanSettings />
    </div>
  );
}

/** "MQTT connected (built-in broker) · mqtt://127.0.0.1:1883", as the header says it. */
function MqttStatusLine() {
  const mqtt = useHub((s) => s.mqtt);
  if (!mqtt) return <p className="settings-status">MQTT status not known yet</p>;
  const { text, tone, detail } = mqttStatusText(mqtt);
  return (
    <p className="settings-status" role="status">
      <StatusDot tone={tone} /> {text}
      {detail ? <span className="settings-status__detail"> · {detail}</span> : null}
    </p>
  );
}
