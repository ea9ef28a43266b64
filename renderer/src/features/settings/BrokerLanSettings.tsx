/**
 * Settings → Broker → "Devices on your network": the embedded broker's own listener for Tasmota, ESPHome
 * and zigbee2mqtt on other machines (off unless turned on; never anonymous). Shows the generated username
 * and password with what to type into each kind of device, each with a copy button.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MethodResponse } from '../../../../core/api/contract';
import { BrokerLan } from '../../../../core/model';
import { useHubStoreApi } from '../../store/context';
import { CheckboxField, TextField } from '../../ui/fields';
import { SaveMessage, useSave } from './use-save';

type LanStatus = MethodResponse<'getBrokerLan'>;

export function BrokerLanSettings() {
  const store = useHubStoreApi();
  const [status, setStatus] = useState<LanStatus | null>(null);
  const [host, setHost] = useState('0.0.0.0');
  const [port, setPort] = useState('1883');
  const [certPath, setCertPath] = useState('');
  const [keyPath, setKeyPath] = useState('');
  const [save, run] = useSave();
  const [tried, setTried] = useState(false);

  const load = useCallback(async () => {
    const next = await store.client.call('getBrokerLan', {});
    setStatus(next);
    return next;
  }, [store]);
  useEffect(() => {
    let cancelled = false;
    store.client
      .call('getBrokerLan', {})
      .then((next) => {
        if (cancelled) return;
        setStatus(next);
        if (next.bindHost) setHost(next.bindHost);
        if (next.port) setPort(String(next.port));
      })
      .catch(() => !cancelled && setStatus(null));
    return () => {
      cancelled = true;
    };
  }, [store]);

  const wanted = {
    host: host.trim(),
    port: Number(port),
    ...(certPath.trim() ? { tlsCertPath: certPath.trim() } : {}),
    ...(keyPath.trim() ? { tlsKeyPath: keyPath.trim() } : {}),
  };
  const parsed = BrokerLan.safeParse(wanted);
  const error = parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Not a valid address');
  const hostError =
    parsed.success || !parsed.error.issues.some((i) => i.path[0] === 'host')
      ? null
      : 'An IP address of this machine, or 0.0.0.0 for all';
  const portError = parsed.success || !parsed.error.issues.some((i) => i.path[0] === 'port') ? null : 'A port from 1 to 65535';

  const fromCommandLine = status?.source === 'command line';
  const setEnabled = (enabled: boolean) => {
    setTried(true);
    if (enabled && !parsed.success) return;
    void run(
      async () => {
        await store.getState().updateSettings({ brokerLan: enabled && parsed.success ? parsed.data : null });
        // The listener opens (or closes) right after the setting is stored.
        await load();
      },
      enabled ? 'Devices on your network can connect' : 'Only this machine can reach the broker',
    );
  };
  const regenerate = () =>
    void run(async () => {
      setStatus(await store.client.call('regenerateBrokerCredentials', {}));
    }, 'New password made: give it to every device again');

  return (
    <section className="card settings-section" aria-labelledby="settings-broker-lan-title">
      <h3 id="settings-broker-lan-title">Devices on your network</h3>
      <p className="settings-hint">
        Lets Tasmota, ESPHome and zigbee2mqtt on other machines use the hub’s own broker. They need the username and password
        below; a device without them is refused. The hub itself keeps using its private connection.
      </p>
      {status === null ? (
        <p className="settings-status">Not available while the hub cannot be reached.</p>
      ) : (
        <>
          <CheckboxField
            label="Let devices on the network connect"
            checked={status.enabled}
            disabled={fromCommandLine}
            hint={fromCommandLine ? 'Set by --mqtt-listen when the hub was started.' : undefined}
            onChange={setEnabled}
          />
          {!status.enabled ? (
            <div className="settings-location__fields">
              <TextField
                label="Listen on"
                value={host}
                onChange={setHost}
                spellCheck={false}
                error={tried ? hostError : null}
                hint="0.0.0.0: every network of this machine"
              />
              <TextField label="Port" value={port} onChange={setPort} inputMode="numeric" error={tried ? portError : null} />
              <TextField label="TLS certificate file (optional)" value={certPath} onChange={setCertPath} spellCheck={false} />
              <TextField label="TLS key file (optional)" value={keyPath} onChange={setKeyPath} spellCheck={false} />
            </div>
          ) : null}
          {tried && error && !hostError && !portError ? <p className="form-error">{error}</p> : null}
          {status.problem ? (
            <p className="form-error" role="alert">
              {status.problem}
            </p>
          ) : null}
          {status.enabled && status.username && status.password ? (
            <>
              <p className="settings-status" role="status">
                {status.listening
                  ? `Listening on ${status.bindHost}:${status.port}${status.tls ? ' with TLS' : ''}`
                  : 'Not listening'}
              </p>
              <CopyFields
                label="Connection"
                fields={[
                  { label: 'Host', value: status.host ?? '' },
                  { label: 'Port', value: String(status.port ?? '') },
                  { label: 'User', value: status.username },
                  { label: 'Password', value: status.password },
                  { label: 'Discovery prefix', value: 'homeassistant' },
                ]}
              />
              {status.setups.map((setup) => (
                <details key={setup.id} className="broker-setup">
                  <summary>{setup.name}</summary>
                  <p className="settings-hint">In {setup.where}:</p>
                  <CopyFields label={setup.name} fields={setup.fields} />
                  <div className="broker-setup__snippet">
                    <pre aria-label={`${setup.name} settings to paste`}>{setup.snippet}</pre>
                    <CopyButton text={setup.snippet} label={`Copy the ${setup.name} settings`} />
                  </div>
                </details>
              ))}
              <div className="settings-actions">
                <button type="button" className="button" onClick={regenerate}>
                  Make a new password
                </button>
              </div>
            </>
          ) : null}
        </>
      )}
      <SaveMessage state={save} />
    </section>
  );
}

function CopyFields({ label, fields }: { label: string; fields: { label: string; value: string }[] }) {
  return (
    <dl className="broker-fields" aria-label={label}>
      {fields.map((field) => (
        <div key={field.label} className="broker-fields__row">
          <dt>{field.label}</dt>
          <dd>
            <code>{field.value}</code>
            <CopyButton text={field.value} label={`Copy ${label} ${field.label.toLowerCase()}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <button type="button" className="button button--small" aria-label={label} onClick={copy}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
