/** Settings: backup (one JSON file) and restore (validated by the hub; nothing applied unless all of it is valid). */
import { useId, useState, type ChangeEvent } from 'react';
import type { ImportReport } from '../../../../core/api/contract';
import { useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

type RestoreState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'report'; file: string; report: ImportReport }
  | { kind: 'error'; message: string };

export function SettingsView() {
  const store = useHubStoreApi();
  const [backupError, setBackupError] = useState<string | null>(null);
  const [restore, setRestore] = useState<RestoreState>({ kind: 'idle' });
  const fileId = useId();

  const download = async () => {
    setBackupError(null);
    try {
      const backup = await store.client.call('exportSettings', {});
      const blob = new Blob([JSON.stringify(backup, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `homeroom-backup-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setBackupError(failureMessage(error));
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setRestore({ kind: 'busy' });
    let backup: unknown;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      setRestore({
        kind: 'report',
        file: file.name,
        report: { ok: false, problems: [{ path: '', message: 'The file is not JSON: is it a Homeroom backup?' }] },
      });
      return;
    }
    try {
      const report = await store.client.call('importSettings', { backup });
      if (report.ok) store.setState({ rooms: await store.client.call('listRooms', {}) });
      setRestore({ kind: 'report', file: file.name, report });
    } catch (error) {
      setRestore({ kind: 'error', message: failureMessage(error) });
    }
  };

  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page__head">
        <h2 id="settings-title">Settings</h2>
      </header>
      <section className="card" aria-labelledby="backup-title">
        <h3 id="backup-title">Backup</h3>
        <p>One file with your settings, rooms and device names. Passwords and keys are never included.</p>
        <button type="button" className="button button--primary" onClick={() => void download()}>
          Download backup
        </button>
        {backupError ? (
          <p className="form-error" role="alert">
            {backupError}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="restore-title">
        <h3 id="restore-title">Restore</h3>
        <p>
          Replaces settings, rooms and device names with those in a backup file. If anything in the file is wrong, nothing is
          changed.
        </p>
        <input
          id={fileId}
          className="visually-hidden"
          type="file"
          accept="application/json,.json"
          onChange={(e) => void onFile(e)}
          aria-label="Restore from a backup file"
        />
        <label htmlFor={fileId} className="button file-button">
          Choose a backup file…
        </label>
        <RestoreResult state={restore} />
      </section>
    </section>
  );
}

function RestoreResult({ state }: { state: RestoreState }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'busy') return <p role="status">Checking the backup…</p>;
  if (state.kind === 'error')
    return (
      <p className="form-error" role="alert">
        {state.message}
      </p>
    );
  const { report } = state;
  if (report.ok) {
    const { rooms, devices, settings } = report.applied;
    return (
      <p className="form-status" role="status">
        Restored {state.file}: {rooms} {rooms === 1 ? 'room' : 'rooms'}, {devices} {devices === 1 ? 'device' : 'devices'},{' '}
        {settings} {settings === 1 ? 'setting' : 'settings'}.
      </p>
    );
  }
  return (
    <div className="restore-report" role="alert">
      <p>
        <strong>Nothing was restored.</strong> {state.file} has{' '}
        {report.problems.length === 1 ? 'a problem' : `${report.problems.length} problems`}:
      </p>
      <ul>
        {report.problems.slice(0, 50).map((p, i) => (
          <li key={i}>
            {p.path ? <code>{p.path}</code> : null}
            {p.path ? ': ' : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
