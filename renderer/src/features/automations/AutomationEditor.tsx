/**
 * The automation editor (no YAML): `/automations/new` (optionally from a gallery starting point) and
 * `/automations/:id/edit`. A form of pickers over the model's one JSON form, the sentence it reads as (live),
 * problems next to their fields (from the schema, and from the hub's 400, which names the field), a dry run of
 * the draft on recorded history before saving, enable/disable, duplicate, delete, and JSON export and import.
 * Saving with problems moves the focus to the first one.
 */
import { ConfirmDelete, JsonFileButton } from '../../ui/actions';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DryRunResult } from '../../../../core/api/contract-automations';
import type { Automation, Scene } from '../../../../core/model';
import { AutomationMode } from '../../../../core/model';
import { GALLERY } from '../../../../core/model/automation-gallery';
import { paths } from '../../routes/paths';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { CheckboxField, FieldError, NumberInput, SelectInput, TextInput } from '../../ui/fields';
import { Spinner } from '../../ui/Spinner';
import { duplicateDraft, exportFileName, exportJson, parseImport } from './automation-json';
import { DryRunReport } from './AutomationTraces';
import { download, useNames } from './AutomationsView';
import { EditorProvider, ItemList, controlId, type EditorContext } from './EditorParts';
import {
  checkDraft,
  draftSentence,
  hubProblem,
  newDraft,
  numberValue,
  problemLabel,
  setIn,
  toDraft,
  type Draft,
  type Path,
  type Problems,
} from './editor-draft';
import { GALLERY_TEXT, galleryDraft, isGalleryId } from './editor-gallery';
import './automations.css';
import './editor.css';

const MODE_TEXT: Record<AutomationMode, string> = {
  single: 'single: ignore a trigger while it runs',
  restart: 'restart: a new trigger starts it over',
  queued: 'queued: runs one after another',
  parallel: 'parallel: runs side by side',
};

type Props = { id?: string; from?: string | null };

export function AutomationEditor({ id, from = null }: Props) {
  const store = useHubStoreApi();
  const client = store.client;
  const navigate = useNavigate();
  const devicesById = useHub((s) => s.devices);
  const rooms = useHub((s) => s.rooms);
  const people = useHub((s) => s.people);
  const loaded = useHub((s) => s.loaded);
  const devices = useMemo(() => Object.values(devicesById), [devicesById]);
  const baseNames = useNames();
  const [scenes, setScenes] = useState<Scene[]>([]);
  const [saved, setSaved] = useState<Automation | null>(null);
  const [draft, setDraft] = useState<Draft | null>(id ? null : newDraft());
  const [loadError, setLoadError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [hubProblems, setHubProblems] = useState<Problems>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [dry, setDry] = useState<{ result: DryRunResult } | { error: string } | 'running' | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const pendingFocus = useRef(false);

  useEffect(() => store.getState().loadRoomAutomations(), [store]);
  useEffect(() => {
    let cancelled = false;
    const off = client.on('scenesChanged', (e) => setScenes(e.scenes));
    client
      .call('listScenes', {})
      .then((list) => !cancelled && setScenes(list))
      .catch(() => undefined);
    return () => {
      cancelled = true;
      off();
    };
  }, [client]);

  // Editing: the saved automation. New: a gallery starting point once the devices are known, else an empty form.
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    client
      .call('getAutomation', { id })
      .then((a) => {
        if (cancelled) return;
        setSaved(a);
        setDraft(toDraft(a));
      })
      .catch((error: unknown) => !cancelled && setLoadError(failureMessage(error)));
    return () => {
      cancelled = true;
    };
  }, [client, id]);
  const startedFrom = useRef<string | null>(null);
  useEffect(() => {
    if (id || !isGalleryId(from) || !loaded || startedFrom.current === from) return;
    startedFrom.current = from;
    setDraft(galleryDraft(from, devices, rooms));
    setShowProblems(false);
    setHubProblems({});
    setDry(null);
  }, [id, from, loaded, devices, rooms]);

  const names = useMemo(
    () => ({ ...baseNames, scenes: new Map(scenes.map((s) => [s.id, { name: s.name }])) }),
    [baseNames, scenes],
  );
  const checked = useMemo(() => (draft ? checkDraft(draft) : null), [draft]);
  const problems: Problems = useMemo(
    () => ({ ...(showProblems && checked ? checked.problems : {}), ...hubProblems }),
    [showProblems, checked, hubProblems],
  );
  const problemKeys = Object.keys(problems);

  // After a failed save, the focus goes to the first field in trouble (in the form's order), else to the summary.
  useEffect(() => {
    if (!pendingFocus.current) return;
    pendingFocus.current = false;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-problem]');
    (first ?? summaryRef.current)?.focus();
  });

  const set = (path: Path, value: unknown) => {
    setDraft((d) => (d ? setIn(d, path, value) : d));
    // The hub's answer was about the draft as it was; the dry run too.
    setHubProblems({});
    setDry(null);
  };
  const ctx: EditorContext | null = draft ? { draft, problems, set, devices, rooms, people, scenes } : null;

  const refuse = (error: unknown) => {
    const text = failureMessage(error);
    const field = hubProblem(text);
    if (field) {
      setHubProblems(field);
      setMessage('The hub refused it: see the marked field.');
    } else setMessage(text);
    pendingFocus.current = true;
  };

  const valid = () => {
    setShowProblems(true);
    if (!checked?.ok) {
      setMessage('Some fields need attention.');
      pendingFocus.current = true;
      return null;
    }
    return checked.draft;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = valid();
    if (!parsed) return;
    setBusy('save');
    try {
      const result = saved
        ? await client.call('updateAutomation', { ...parsed, id: saved.id })
        : await client.call('createAutomation', { ...parsed, id: undefined });
      setMessage(`Saved “${result.name}”.`);
      void navigate(paths.automation(result.id));
    } catch (error) {
      refuse(error);
    } finally {
      setBusy(null);
    }
  };

  const dryRun = () => {
    const parsed = valid();
    if (!parsed) return;
    setDry('running');
    client
      .call('dryRunAutomation', { automation: { ...parsed, id: undefined } })
      .then((result) => setDry({ result }))
      .catch((error: unknown) => {
        setDry(null);
        refuse(error);
      });
  };

  const duplicate = async () => {
    if (!saved) return;
    setBusy('duplicate');
    try {
      const copy = await client.call('createAutomation', duplicateDraft(saved));
      void navigate(paths.editAutomation(copy.id));
      setMessage(`Made “${copy.name}” (off until you turn it on).`);
    } catch (error) {
      setMessage(failureMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!saved) return;
    setBusy('delete');
    try {
      await client.call('deleteAutomation', { id: saved.id });
      void navigate(paths.automations());
    } catch (error) {
      setMessage(failureMessage(error));
      setBusy(null);
    }
  };

  const importFile = async (file: File) => {
    const parsed = parseImport(await file.text());
    if ('error' in parsed) return setMessage(parsed.error);
    const first = parsed[0]!;
    if (!first.ok) return setMessage(`The file’s automation is not valid: ${first.error}`);
    setDraft({ ...toDraft(first.draft), ...(saved ? { id: saved.id } : {}) });
    setShowProblems(true);
    setHubProblems({});
    setDry(null);
    setMessage(
      `Loaded “${first.draft.name}” from the file${parsed.length > 1 ? ` (the first of ${parsed.length})` : ''}: check it and save.`,
    );
  };

  if (loadError)
    return (
      <section className="page" aria-labelledby="editor-title">
        <h2 id="editor-title">Edit automation</h2>
        <p role="alert">Could not load it: {loadError}</p>
        <Link to={paths.automations()}>All automations</Link>
      </section>
    );
  if (!draft || !ctx) return <Spinner label="Loading the automation" />;

  const mode = AutomationMode.safeParse(draft.mode).success ? (draft.mode as AutomationMode) : 'single';
  const nameError = Object.hasOwn(problems, 'name') ? problems.name : undefined;
  const maxError = Object.hasOwn(problems, 'max') ? problems.max : undefined;
  const title = saved ? `Edit “${saved.name}”` : 'New automation';

  return (
    <section className="page editor" aria-labelledby="editor-title">
      <header className="page__head">
        <p>
          {/* Styled as the room page's way back. */}
          <Link className="button button--small" to={saved ? paths.automation(saved.id) : paths.automations()}>
            {saved ? `← ${saved.name}: runs` : '← All automations'}
          </Link>
        </p>
        <h2 id="editor-title">{title}</h2>
      </header>

      {!saved ? (
        <section className="gallery" aria-labelledby="gallery-title">
          <h3 id="gallery-title">Start from an idea</h3>
          <ul className="gallery__list">
            {GALLERY.map((g) => (
              <li key={g.id}>
                <Link
                  className="gallery__item"
                  to={paths.newAutomation(g.id)}
                  aria-current={from === g.id ? 'true' : undefined}
                  replace
                >
                  <span className="gallery__name">{g.name}</span>
                  <span className="gallery__text">{GALLERY_TEXT[g.id]}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="editor__sentence" aria-live="polite">
        <h3 className="visually-hidden">In words</h3>
        <p>{draftSentence(draft, names)}</p>
      </div>

      <EditorProvider value={ctx}>
        <form ref={formRef} className="editor__form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="editor-title">
          <div ref={summaryRef} tabIndex={-1} className="editor__summary" role="alert">
            {showProblems && problemKeys.length > 0 ? (
              <>
                <p>{problemKeys.length === 1 ? '1 field needs attention' : `${problemKeys.length} fields need attention`}:</p>
                <ul>
                  {problemKeys.map((k) => (
                    <li key={k}>
                      <a href={`#${controlId(k.split('.'))}`}>
                        {problemLabel(k)}: {problems[k]}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            ) : Object.keys(hubProblems).length > 0 ? (
              <p>
                The hub refused it: {problemLabel(Object.keys(hubProblems)[0]!)}: {Object.values(hubProblems)[0]}
              </p>
            ) : null}
          </div>

          <fieldset className="editor__section">
            <legend>About</legend>
            <div className="ed-row">
              <div className="ed-field ed-field--wide">
                <label htmlFor={controlId(['name'])}>Name</label>
                <TextInput
                  id={controlId(['name'])}
                  label="Name"
                  value={typeof draft.name === 'string' ? draft.name : ''}
                  errorId={nameError ? `${controlId(['name'])}-error` : undefined}
                  maxLength={200}
                  onChange={(t) => set(['name'], t)}
                />
                {nameError ? <FieldError id={`${controlId(['name'])}-error`}>{nameError}</FieldError> : null}
              </div>
              <CheckboxField
                label="Enabled"
                checked={draft.enabled !== false}
                onChange={(v) => set(['enabled'], v)}
                hint={draft.enabled === false ? 'It does not run until you enable it.' : undefined}
              />
            </div>
            <div className="ed-row">
              <div className="ed-field">
                <label htmlFor={controlId(['mode'])}>When triggered while running</label>
                <SelectInput
                  id={controlId(['mode'])}
                  label="Mode"
                  value={mode}
                  options={AutomationMode.options.map((m): [string, string] => [m, MODE_TEXT[m]])}
                  onChange={(v) => set(['mode'], v)}
                />
              </div>
              {mode === 'queued' || mode === 'parallel' ? (
                <div className="ed-field">
                  <label htmlFor={controlId(['max'])}>{mode === 'queued' ? 'At most queued' : 'At most at once'}</label>
                  <NumberInput
                    id={controlId(['max'])}
                    label="Maximum runs"
                    inputMode="numeric"
                    min={1}
                    max={100}
                    value={typeof draft.max === 'number' ? String(draft.max) : String(draft.max ?? '')}
                    errorId={maxError ? `${controlId(['max'])}-error` : undefined}
                    onChange={(t) => set(['max'], numberValue(t))}
                  />
                  {maxError ? <FieldError id={`${controlId(['max'])}-error`}>{maxError}</FieldError> : null}
                </div>
              ) : null}
              <CheckboxField
                label="Leave devices changed by hand alone"
                checked={draft.respectManual !== false}
                onChange={(v) => set(['respectManual'], v)}
                hint="A light someone switched by hand keeps their choice until their hold ends."
              />
            </div>
          </fieldset>

          <fieldset className="editor__section">
            <legend>When (any of these happens)</legend>
            <ItemList path={['triggers']} kind="trigger" prefix="" empty="Nothing starts it yet: add a trigger." />
          </fieldset>
          <fieldset className="editor__section">
            <legend>Only if (all of these hold)</legend>
            <ItemList
              path={['conditions']}
              kind="condition"
              prefix=""
              empty="No conditions: it runs every time it is triggered."
            />
          </fieldset>
          <fieldset className="editor__section">
            <legend>Then (in order)</legend>
            <ItemList path={['actions']} kind="action" prefix="" empty="It does nothing yet: add an action." />
          </fieldset>

          <div className="editor__bar">
            <button type="submit" className="button button--primary" disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : saved ? 'Save changes' : 'Save'}
            </button>
            <button type="button" className="button" disabled={dry === 'running'} onClick={dryRun}>
              {dry === 'running' ? 'Trying…' : 'Try on the last 24 hours'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                const parsed = checked?.ok ? checked.draft : null;
                const a = { ...(parsed ?? draft), id: saved?.id ?? 'draft' } as Automation;
                download(exportFileName(a), exportJson(a));
              }}
            >
              Export JSON
            </button>
            <JsonFileButton label="Import JSON" onFile={(file) => void importFile(file)} />
            {saved ? (
              <>
                <button type="button" className="button" disabled={busy !== null} onClick={() => void duplicate()}>
                  Duplicate
                </button>
                <ConfirmDelete
                  name={saved.name}
                  question={`Delete “${saved.name}” and its runs?`}
                  onDelete={() => void remove()}
                />
              </>
            ) : null}
          </div>
          <p role="status" className="editor__message">
            {message}
          </p>
        </form>
      </EditorProvider>

      <section className="dry-run" aria-labelledby="editor-dry-title">
        <h3 id="editor-dry-title">Try it on the last 24 hours</h3>
        {dry === null ? (
          <p className="page__empty">
            Replays what the home recorded through this draft, sending nothing, so you see when it would have run.
          </p>
        ) : null}
        {dry !== null && dry !== 'running' ? (
          'error' in dry ? (
            <p role="alert">Could not try it: {dry.error}</p>
          ) : (
            <DryRunReport result={dry.result} />
          )
        ) : null}
      </section>
    </section>
  );
}
