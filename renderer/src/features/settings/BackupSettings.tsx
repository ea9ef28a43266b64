/**
 * Settings → Backup: download one JSON file; restore a file or one of the hub's automatic backups, always
 * through a preview of what it would change and a confirmation (Cancel changes nothing); the list of
 * automatic backups (one a day, one before each restore) with "Restore this one".
 */
import { useCallback, useEffect, useId, useState, type ChangeEvent } from 'react';
import type { ImportReport, RestorePreview } from '../../../../core/api/contract';
import type { StoredBackup } from '../../../../core/model';
import { useClock, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { RestorePreviewPanel, RestoreProblems } from './RestorePreview';

/** Where a restore comes from: a file's content, or an automatic backup by name. */
type Source = { kind: 'file'; label: string; backup: unknown } | { kind: 'stored'; label: string; name: string };

type RestoreState =
  | { kind: 'idle' }
  | { kind: 'checking'; source: Source }
  | { kind: 'preview'; source: Source; preview: Extract<RestorePreview, { ok: true }>; busy: boolean }
  | { kind: 'refused'; source: Source; problems: Extract<ImportReport, { ok: false }>['problems'] }
  | { kind: 'done'; source: Source; report: Extract<ImportReport, { ok: true }> }
  | { kind: 'cancelled'; source: Source }
  | { kind: 'error'; message: string };

export function BackupSettings() {
  const store = useHubStoreApi();
  const clock = useClock();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [restore, setRestore] = useState<RestoreState>({ kind: 'idle' });
  const [backups, setBackups] = useState<StoredBackup[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const fileId = useId();

  const refreshList = useCallback(async () => {
    try {
      setBackups(await store.client.call('listBackups', {}));
      setListError(null);
    } catch (error) {
      setListError(failureMessage(error));
    }
  }, [store]);
  useEffect(() => void refreshList(), [refreshList]);

  const download = async () => {
    setDownloadError(null);
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
      setDownloadError(failureMessage(error));
    }
  };

  /** Asks the hub what the restore would change; nothing is applied yet. */
  const check = async (source: Source) => {
    setRestore({ kind: 'checking', source });
    try {
      const preview = await store.client.call(
        'previewRestore',
        source.kind === 'file' ? { backup: source.backup } : { name: source.name },
      );
      setRestore(
        preview.ok ? { kind: 'preview', source, preview, busy: false } : { kind: 'refused', source, problems: preview.problems },
      );
    } catch (error) {
      setRestore({ kind: 'error', message: failureMessage(error) });
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    let backup: unknown;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      const source: Source = { kind: 'file', label: file.name, backup: null };
      setRestore({
        kind: 'refused',
        source,
        problems: [{ path: '', message: 'The file is not JSON: is it a Homeroom backup?' }],
      });
      return;
    }
    await check({ kind: 'file', label: file.name, backup });
  };

  const confirm = async () => {
    if (restore.kind !== 'preview') return;
    const { source } = restore;
    setRestore({ ...restore, busy: true });
    try {
      const report =
        source.kind === 'file'
          ? await store.client.call('importSettings', { backup: source.backup })
          : await store.client.call('restoreBackup', { name: source.name });
      if (report.ok) store.setState({ rooms: await store.client.call('listRooms', {}) });
      setRestore(report.ok ? { kind: 'done', source, report } : { kind: 'refused', source, problems: report.problems });
      void refreshList();
    } catch (error) {
      setRestore({ kind: 'error', message: failureMessage(error) });
    }
  };

  const describe = (b: StoredBackup) => {
    const day = new Date(b.at).toLocaleDateString(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    return b.kind === 'daily' ? `Daily backup, ${day}` : `Before a restore, ${day} ${clock.time(b.at)}`;
  };

  return (
    <div className="settings-stack">
      <section className="card settings-section" aria-labelledby="backup-title">
        <h3 id="backup-title">Backup</h3>
        <p>One file with your settings, rooms, room settings, people and device names. Passwords and keys are never included.</p>
        <button type="button" className="button button--primary" onClick={() => void download()}>
          Download backup
        </button>
        {downloadError ? (
          <p className="form-error" role="alert">
            {downloadError}
          </p>
        ) : null}
      </section>
      <section className="card settings-section" aria-labelledby="restore-title">
        <h3 id="restore-title">Restore</h3>
        <p>
          Replaces settings, rooms, people and device names with those in a backup. You see what it changes before anything is
          changed; if anything in the file is wrong, nothing is.
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
        <RestoreResult
          state={restore}
          onConfirm={() => void confirm()}
          onCancel={() => restore.kind === 'preview' && setRestore({ kind: 'cancelled', source: restore.source })}
        />
      </section>
      <section className="card settings-section" aria-labelledby="auto-backups-title">
        <h3 id="auto-backups-title">Automatic backups</h3>
        <p>The hub keeps a backup of each of the last 7 days, and one from just before each of the last 7 restores.</p>
        {listError ? (
          <p className="form-error" role="alert">
            {listError}
          </p>
        ) : backups === null ? null : backups.length === 0 ? (
          <p className="page__empty">No automatic backups yet (a hub without a data folder keeps none).</p>
        ) : (
          <ul className="backup-list" aria-label="Automatic backups">
            {backups.map((b) => (
              <li key={b.name} className="backup-list__item">
                <span className="backup-list__what">
                  {describe(b)}
                  <span className="backup-list__size"> · {Math.max(1, Math.round(b.bytes / 1024))} KB</span>
                </span>
                <button
                  type="button"
                  className="button"
                  aria-label={`Restore this one: ${describe(b)}`}
                  onClick={() =>
                    void check({
                      kind: 'stored',
                      label: `the ${describe(b).replace(/^./, (c) => c.toLowerCase())}`,
                      name: b.name,
                    })
                  }
                >
                  Restore this one
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function RestoreResult({ state, onConfirm, onCancel }: { state: RestoreState; onConfirm(): void; onCancel(): void }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'checking':
      return <p role="status">Checking the backup…</p>;
    case 'error':
      return (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      );
    case 'refused':
      return <RestoreProblems source={state.source.label} problems={state.problems} />;
    case 'cancelled':
      return (
        <p className="form-status" role="status">
          Cancelled: nothing was changed.
        </p>
      );
    case 'preview':
      return (
        <RestorePreviewPanel
          source={state.source.label}
          preview={state.preview}
          busy={state.busy}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      );
    case 'done':
      return (
        <p className="form-status" role="status">
          {state.report.summary}
          {state.report.undo ? ' To undo it, restore “Before a restore” from the automatic backups.' : ''}
        </p>
      );
  }
}
