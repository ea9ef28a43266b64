/**
 * One automation's runs, newest first: what triggered it (with the values), what each condition saw and
 * whether it passed, and what each action did. A trigger that led to no run reads "Did not run at 19:02: …".
 * New runs arrive by `automationRun`; a run still going is replaced when its final trace comes.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { DryRunResult } from '../../../../core/api/contract-automations';
import type { Automation, Trace } from '../../../../core/model';
import { describeAutomation } from '../../../../core/model/automation-describe';
import { paths } from '../../routes/paths';
import { useClock, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { Spinner } from '../../ui/Spinner';
import { reasonText } from './automation-json';
import { useNames } from './AutomationsView';

type Load = { automation: Automation; traces: Trace[] } | { error: string } | null;

const RESULT_WORDS: Record<Trace['result'], string> = {
  finished: 'finished',
  stopped: 'stopped by its stop action',
  cancelled: 'cancelled',
  failed: 'failed',
  skipped: 'skipped',
  dropped: 'dropped',
  running: 'still running',
};

function valueText(value: string | number | boolean | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** The trigger's values worth reading (its detail already names the device, so not the device's id). */
const shownValues = (t: Trace) => Object.entries(t.trigger.values).filter(([k]) => k !== 'device');

/** Newest first, one entry per run (a later trace of the same run replaces the earlier one). */
export function mergeTrace(traces: readonly Trace[], trace: Trace): Trace[] {
  // A run's trace so far never replaces its final one (a reload can answer after the run ended).
  if (trace.result === 'running' && traces.some((t) => t.runId === trace.runId && t.result !== 'running')) return [...traces];
  return [trace, ...traces.filter((t) => t.runId !== trace.runId)].sort((a, b) => b.at - a.at);
}

export function AutomationTraces({ id, now = Date.now }: { id: string; now?: () => number }) {
  const client = useHubStoreApi().client;
  const names = useNames();
  const [load, setLoad] = useState<Load>(null);

  useEffect(() => {
    let cancelled = false;
    const early: Trace[] = [];
    let loaded = false;
    let name: string | null = null;
    const offRun = client.on('automationRun', (trace) => {
      if (trace.automationId !== id) return;
      if (!loaded) early.push(trace);
      else setLoad((l) => (l && 'traces' in l ? { ...l, traces: mergeTrace(l.traces, trace) } : l));
    });
    // The hub announces a run when it ends; one still going (waiting 5 minutes for the motion to stop) shows
    // first as this automation's change in the logbook, so its trace so far is read then.
    const reread = () =>
      client
        .call('listAutomationTraces', { id, limit: 100 })
        .then(
          (traces) =>
            !cancelled && setLoad((l) => (l && 'traces' in l ? { ...l, traces: traces.reduce(mergeTrace, l.traces) } : l)),
        )
        .catch(() => undefined);
    const offLog = client.on('logbookEntry', (entry) => {
      if (loaded && entry.cause.kind === 'automation' && entry.cause.rule === name) reread();
    });
    // A command of a run still going is confirmed (or fails) after the run's first trace: read it again then.
    const offCommand = client.on('commandUpdate', (update) => {
      if (loaded && update.status !== 'pending' && update.source?.kind === 'automation' && update.source.rule === name) reread();
    });
    Promise.all([client.call('getAutomation', { id }), client.call('listAutomationTraces', { id, limit: 100 })])
      .then(([automation, traces]) => {
        if (cancelled) return;
        loaded = true;
        name = automation.name;
        setLoad({ automation, traces: early.reduce(mergeTrace, traces) });
      })
      .catch((error: unknown) => !cancelled && setLoad({ error: failureMessage(error) }));
    return () => {
      cancelled = true;
      offRun();
      offLog();
      offCommand();
    };
  }, [client, id]);

  if (load === null) return <Spinner label="Loading the automation" />;
  if ('error' in load)
    return (
      <section className="page" aria-labelledby="automation-title">
        <h2 id="automation-title">Automation</h2>
        <p role="alert">Could not load it: {load.error}</p>
        <Link to={paths.automations()}>All automations</Link>
      </section>
    );
  const { automation, traces } = load;
  const at = now();
  return (
    <section className="page" aria-labelledby="automation-title">
      <header className="page__head">
        <p>
          <Link className="button button--small" to={paths.automations()}>
            ← All automations
          </Link>
        </p>
        <h2 id="automation-title">{automation.name}</h2>
        <p className="page__lead">{describeAutomation(automation, names)}</p>
        <p>
          <Link className="button button--small" to={paths.editAutomation(automation.id)}>
            Edit
          </Link>
        </p>
      </header>
      <DryRun automation={automation} />
      <h3 id="runs-title">Runs, newest first</h3>
      {traces.length === 0 ? (
        <p className="page__empty">No runs yet: when a trigger fires, its run (or why it did not run) appears here.</p>
      ) : (
        <ol className="traces" aria-labelledby="runs-title">
          {traces.map((t) => (
            <TraceItem key={t.runId} trace={t} at={at} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** One run (or non-run) as it was traced: the heading, the trigger with its values, conditions and actions. */
export function TraceItem({ trace: t, at }: { trace: Trace; at: number }) {
  const clock = useClock();
  return (
    <li className="trace" data-ran={t.ran}>
      <p className="trace__head">
        {t.ran
          ? `Ran at ${clock.withDay(t.at, at)}: ${RESULT_WORDS[t.result]}`
          : `Did not run at ${clock.withDay(t.at, at)}: ${t.reason ? reasonText(t.reason) : RESULT_WORDS[t.result]}`}
      </p>
      <dl className="trace__steps">
        <dt>Trigger</dt>
        <dd>
          {t.trigger.detail}
          {shownValues(t).length > 0 ? (
            <span className="trace__values">
              {' '}
              (
              {shownValues(t)
                .map(([k, v]) => `${k} ${valueText(v)}`)
                .join(', ')}
              )
            </span>
          ) : null}
        </dd>
        {t.conditions.length > 0 ? (
          <>
            <dt>Conditions</dt>
            <dd>
              <ul>
                {t.conditions.map((c, i) => (
                  <li key={i} data-ok={c.ok}>
                    <span className="trace__mark">{c.ok ? 'ok' : 'failed'}</span> {c.seen}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {t.actions.length > 0 ? (
          <>
            <dt>Actions</dt>
            <dd>
              <ul>
                {t.actions.map((a, i) => (
                  <li key={i} data-ok={a.ok ?? undefined}>
                    <span className="trace__mark">{a.ok === null ? 'waiting' : a.ok ? 'ok' : 'failed'}</span> {a.detail}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

/** "Try on the last 24 hours": the hub replays its recorded history through the automation, sending nothing. */
function DryRun({ automation }: { automation: Automation }) {
  const client = useHubStoreApi().client;
  const [state, setState] = useState<{ result: DryRunResult } | { error: string } | 'running' | null>(null);
  const run = () => {
    setState('running');
    const { id: _id, ...draft } = automation;
    client
      .call('dryRunAutomation', { automation: draft })
      .then((result) => setState({ result }))
      .catch((error: unknown) => setState({ error: failureMessage(error) }));
  };
  return (
    <section className="dry-run" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title">Try it on the last 24 hours</h3>
      <button type="button" className="button button--small" disabled={state === 'running'} onClick={run}>
        {state === 'running' ? 'Trying…' : 'Try on the last 24 hours'}
      </button>
      {state !== null && typeof state === 'object' && 'error' in state ? (
        <p role="status">Could not try it: {state.error}</p>
      ) : state !== null && typeof state === 'object' ? (
        <DryRunReport result={state.result} />
      ) : (
        <p role="status" />
      )}
    </section>
  );
}

/** "Would have run 3 times: 07:02, 12:40, 19:15", then every trigger of the window with its trace, in time order. */
export function DryRunReport({ result, now = Date.now }: { result: DryRunResult; now?: () => number }) {
  const clock = useClock();
  const tried = [...result.runs, ...result.notRun].sort((a, b) => a.at - b.at);
  const at = now();
  return (
    <>
      <p role="status" className="dry-run__summary">
        {result.runs.length === 0
          ? `Would not have run${result.notRun.length ? ` (triggered ${result.notRun.length === 1 ? 'once' : `${result.notRun.length} times`} without passing its conditions)` : ''}.`
          : `Would have run ${result.runs.length === 1 ? 'once' : `${result.runs.length} times`}: ${result.runs.map((r) => clock.time(r.at)).join(', ')}`}
      </p>
      {tried.length > 0 ? (
        <ol className="traces" aria-label="Dry run, in time order">
          {tried.map((r) => (
            <TraceItem key={r.trace.runId} trace={r.trace} at={at} />
          ))}
        </ol>
      ) : null}
    </>
  );
}
