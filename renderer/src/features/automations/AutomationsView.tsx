/**
 * People's automations: each as its sentence, with its switch, its last and next run, and Run now, Duplicate,
 * Export and Delete; Export all and Import at the top. Kept fresh by `automationsChanged` and `automationRun`.
 */
import { ConfirmDelete, JsonFileButton } from '../../ui/actions';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Automation, Trace } from '../../../../core/model';
import { describeAutomation, type Names } from '../../../../core/model/automation-describe';
import { paths } from '../../routes/paths';
import { useClock, useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { deviceName } from '../../store/search';
import { Spinner } from '../../ui/Spinner';
import { Switch } from '../../ui/Switch';
import { duplicateDraft, exportFileName, exportJson, parseImport, reasonText } from './automation-json';
import './automations.css';

/** Names by id from the hub store, for sentences. */
export function useNames(): Names {
  const devices = useHub((s) => s.devices);
  const rooms = useHub((s) => s.rooms);
  const people = useHub((s) => s.people);
  return useMemo(
    () => ({
      devices: new Map(Object.values(devices).map((d) => [d.id, { name: deviceName(d) }])),
      rooms: new Map(rooms.map((r) => [r.id, { name: r.name }])),
      people: new Map(people.map((p) => [p.id, { name: p.name }])),
    }),
    [devices, rooms, people],
  );
}

/** Offers a file to save; the browser and the desktop app both download an object URL. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Load = { automations: Automation[] } | { error: string } | null;

export function AutomationsView({ now = Date.now }: { now?: () => number }) {
  const store = useHubStoreApi();
  const client = store.client;
  const clock = useClock();
  const names = useNames();
  const [load, setLoad] = useState<Load>(null);
  const [lastRuns, setLastRuns] = useState<Partial<Record<string, Trace>>>({});
  const [nextRuns, setNextRuns] = useState<Record<string, number>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const loadSide = useCallback(
    (automations: readonly Automation[]) => {
      for (const a of automations)
        client
          .call('listAutomationTraces', { id: a.id, limit: 1 })
          .then(([latest]) => {
            if (latest) setLastRuns((r) => (r[a.id] && r[a.id]!.at > latest.at ? r : { ...r, [a.id]: latest }));
          })
          .catch(() => undefined);
      client
        .call('getTimeline', { hours: 24 })
        .then((entries) => {
          const next: Record<string, number> = {};
          for (const e of entries) if (e.automationId && next[e.automationId] === undefined) next[e.automationId] = e.at;
          setNextRuns(next);
        })
        .catch(() => undefined);
    },
    [client],
  );

  useEffect(() => {
    let cancelled = false;
    const offChanged = client.on('automationsChanged', ({ automations }) => {
      setLoad({ automations });
      loadSide(automations);
    });
    const offRun = client.on('automationRun', (trace) => setLastRuns((r) => ({ ...r, [trace.automationId]: trace })));
    client
      .call('listAutomations', {})
      .then((automations) => {
        if (cancelled) return;
        setLoad((l) => l ?? { automations });
        loadSide(automations);
      })
      .catch((error: unknown) => !cancelled && setLoad({ error: failureMessage(error) }));
    return () => {
      cancelled = true;
      offChanged();
      offRun();
    };
  }, [client, loadSide]);

  const act = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    try {
      setMessage(await work());
    } catch (error) {
      setMessage(failureMessage(error));
    } finally {
      setBusy(null);
    }
  };

  // The list is replaced by `automationsChanged`; setting it here too keeps the view right if the event is late.
  const replace = (a: Automation) =>
    setLoad((l) => (l && 'automations' in l ? { automations: l.automations.map((x) => (x.id === a.id ? a : x)) } : l));

  const importFile = async (file: File) => {
    const parsed = parseImport(await file.text());
    if ('error' in parsed) return parsed.error;
    const lines: string[] = [];
    let made = 0;
    for (const item of parsed) {
      if (!item.ok) {
        lines.push(`Automation ${item.index + 1}: ${item.error}`);
        continue;
      }
      try {
        await client.call('createAutomation', item.draft);
        made++;
      } catch (error) {
        lines.push(`“${item.draft.name}”: ${failureMessage(error)}`);
      }
    }
    return [`Imported ${made} of ${parsed.length}.`, ...lines].join(' ');
  };

  const automations = load && 'automations' in load ? load.automations : [];
  const at = now();

  return (
    <section className="page" aria-labelledby="automations-title">
      <header className="page__head">
        <h2 id="automations-title">Automations</h2>
        <p className="page__lead">Your own rules: each reads as a sentence, and every run (and non-run) is explained.</p>
        <div className="automations__tools">
          <Link className="button button--small button--primary" to={paths.newAutomation()}>
            New automation
          </Link>
          <Link className="button button--small" to={paths.scenes()}>
            Scenes
          </Link>
          <Link className="button button--small" to={paths.timeline()}>
            What happens next
          </Link>
          <button
            type="button"
            className="button button--small"
            disabled={automations.length === 0}
            onClick={() => download(exportFileName(automations), exportJson(automations))}
          >
            Export all
          </button>
          <JsonFileButton label="Import JSON" small onFile={(file) => void act('import', () => importFile(file))} />
        </div>
      </header>
      <p role="status" className="automations__message">
        {message}
      </p>
      {load === null ? (
        <Spinner label="Loading automations" />
      ) : 'error' in load ? (
        <p role="alert">Could not load the automations: {load.error}</p>
      ) : automations.length === 0 ? (
        <p className="page__empty">
          No automations yet. <Link to={paths.newAutomation()}>Make one</Link>, starting from an idea, or import one.
        </p>
      ) : (
        <ul className="automations" aria-label="Automations">
          {automations.map((a) => {
            const last = lastRuns[a.id];
            const next = nextRuns[a.id];
            return (
              <li key={a.id} className="automation" aria-labelledby={`automation-${a.id}`}>
                <div className="automation__head">
                  <h3 id={`automation-${a.id}`} className="automation__name">
                    <Link to={paths.automation(a.id)}>{a.name}</Link>
                  </h3>
                  <Switch
                    label={`${a.name} enabled`}
                    checked={a.enabled}
                    pending={busy === `enable:${a.id}`}
                    onCheckedChange={(enabled) =>
                      void act(`enable:${a.id}`, async () => {
                        replace(await client.call('updateAutomation', { ...a, enabled }));
                        return `“${a.name}” is ${enabled ? 'on' : 'off'}.`;
                      })
                    }
                  />
                </div>
                <p className="automation__sentence">{describeAutomation(a, names)}</p>
                <p className="automation__runs">
                  {last ? (
                    <span>
                      {last.ran ? 'Last ran' : 'Last did not run'} {clock.withDay(last.at, at)}
                      {last.ran ? '' : `: ${last.reason ? reasonText(last.reason) : last.result}`}
                    </span>
                  ) : (
                    <span>Has not run yet</span>
                  )}
                  {next !== undefined ? <span> · Next {clock.withDay(next, at)}</span> : null}
                </p>
                <div className="automation__actions">
                  <Link className="button button--small" aria-label={`Edit ${a.name}`} to={paths.editAutomation(a.id)}>
                    Edit
                  </Link>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Run ${a.name} now`}
                    disabled={busy !== null}
                    onClick={() =>
                      void act(`run:${a.id}`, async () => {
                        const { started } = await client.call('runAutomation', { id: a.id });
                        return started ? `“${a.name}” is running.` : `“${a.name}” did not start: it is off or stopped.`;
                      })
                    }
                  >
                    Run now
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Duplicate ${a.name}`}
                    disabled={busy !== null}
                    onClick={() =>
                      void act(`dup:${a.id}`, async () => {
                        const copy = await client.call('createAutomation', duplicateDraft(a));
                        return `Made “${copy.name}” (off until you turn it on).`;
                      })
                    }
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Export ${a.name}`}
                    onClick={() => download(exportFileName(a), exportJson(a))}
                  >
                    Export
                  </button>
                  <ConfirmDelete
                    name={a.name}
                    question={`Delete “${a.name}” and its runs?`}
                    small
                    onDelete={() =>
                      void act(`del:${a.id}`, async () => {
                        await client.call('deleteAutomation', { id: a.id });
                        setLoad((l) =>
                          l && 'automations' in l ? { automations: l.automations.filter((x) => x.id !== a.id) } : l,
                        );
                        return `Deleted “${a.name}”.`;
                      })
                    }
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
