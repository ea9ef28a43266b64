/**
 * `/scenes`: every scene with its editor. A scene is made on the dashboard by capturing rooms or devices as they are
 * ("New scene"); here each device's state is edited with the automation editor's command fields (only what that
 * device can take), devices are added or removed, and the transition (seconds to fade over) is set. Problems come
 * from the model's schema and the hub's 400 and stand next to their field. Applying from here is a change by hand.
 */
import { ConfirmDelete } from '../../ui/actions';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isSceneState, Scene, type Device } from '../../../../core/model';
import { paths } from '../../routes/paths';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { deviceName } from '../../store/search';
import { SelectInput } from '../../ui/fields';
import { Spinner } from '../../ui/Spinner';
import { CommandFields, EditorProvider, NumberBox, TextBox, controlId, type EditorContext } from '../automations/EditorParts';
import {
  commandable,
  friendly,
  hubProblem,
  pathKey,
  setIn,
  type Obj,
  type Path,
  type Problems,
} from '../automations/editor-draft';
import '../automations/editor.css';
import './scenes.css';

/** The schema's problems at their paths. */
function sceneProblems(draft: Obj): Problems {
  const parsed = Scene.safeParse(draft);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = pathKey(issue.path as (string | number)[]);
    if (!Object.hasOwn(out, key)) out[key] = friendly(key, issue.message);
  }
  return out;
}

export function ScenesPage() {
  const client = useHubStoreApi().client;
  const [scenes, setScenes] = useState<Scene[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = client.on('scenesChanged', (e) => setScenes(e.scenes));
    client
      .call('listScenes', {})
      .then((list) => !cancelled && setScenes((s) => s ?? list))
      .catch((e: unknown) => !cancelled && setError(failureMessage(e)));
    return () => {
      cancelled = true;
      off();
    };
  }, [client]);

  return (
    <section className="page editor" aria-labelledby="scenes-page-title">
      <header className="page__head">
        <p>
          <Link className="button button--small" to={paths.automations()}>
            ← Automations
          </Link>
        </p>
        <h2 id="scenes-page-title">Scenes</h2>
        <p className="page__lead">
          A scene brings chosen devices to set states, optionally fading over a few seconds. Make one on the{' '}
          <Link to={paths.devices()}>dashboard</Link> (“New scene” captures rooms or devices as they are now); change it here.
        </p>
      </header>
      {error ? <p role="alert">Could not load the scenes: {error}</p> : null}
      {scenes === null && !error ? <Spinner label="Loading scenes" /> : null}
      {scenes?.length === 0 ? <p className="page__empty">No scenes yet.</p> : null}
      <div className="scene-editors">
        {scenes?.map((s) => (
          <SceneEditor
            key={s.id}
            scene={s}
            scenes={scenes}
            onSaved={(saved) => setScenes((l) => l?.map((x) => (x.id === saved.id ? saved : x)) ?? l)}
            onDeleted={() => setScenes((l) => l?.filter((x) => x.id !== s.id) ?? l)}
          />
        ))}
      </div>
    </section>
  );
}

function SceneEditor({
  scene,
  scenes,
  onSaved,
  onDeleted,
}: {
  scene: Scene;
  scenes: readonly Scene[];
  onSaved(s: Scene): void;
  onDeleted(): void;
}) {
  const client = useHubStoreApi().client;
  const devicesById = useHub((s) => s.devices);
  const rooms = useHub((s) => s.rooms);
  const people = useHub((s) => s.people);
  const devices = useMemo(() => Object.values(devicesById), [devicesById]);
  const [draft, setDraft] = useState<Obj>(scene as unknown as Obj);
  const [showProblems, setShowProblems] = useState(false);
  const [hubProblems, setHubProblems] = useState<Problems>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState('');
  const problems = useMemo(
    () => ({ ...(showProblems ? sceneProblems(draft) : {}), ...hubProblems }),
    [draft, showProblems, hubProblems],
  );
  const set = (path: Path, value: unknown) => {
    setDraft((d) => setIn(d, path, value));
    setHubProblems({});
  };
  const ctx: EditorContext = { draft, problems, set, devices, rooms, people, scenes };
  const states = Array.isArray(draft.states) ? (draft.states as unknown[]) : [];
  const inScene = new Set(states.flatMap((e) => (typeof e === 'object' && e && 'device' in e ? [String(e.device)] : [])));
  const addable = devices
    .filter((d) => commandable(d) && !inScene.has(d.id))
    .map((d): [string, string] => [d.id, deviceName(d)])
    .sort((a, b) => a[1].localeCompare(b[1]));
  const titleId = `scene-${scene.id}-title`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setShowProblems(true);
    const parsed = Scene.safeParse(draft);
    if (!parsed.success) {
      setMessage('Some fields need attention.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${titleId}-form [aria-invalid="true"]`)?.focus());
      return;
    }
    setBusy(true);
    try {
      const saved = await client.call('updateScene', parsed.data);
      onSaved(saved);
      setMessage(`Saved “${saved.name}”.`);
    } catch (error) {
      const text = failureMessage(error);
      const field = hubProblem(text);
      if (field) setHubProblems(field);
      setMessage(field ? 'The hub refused it: see the marked field.' : text);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    setBusy(true);
    try {
      const { results } = await client.call('applyScene', { id: scene.id });
      const failed = results.filter((r) => !r.ok);
      setMessage(
        failed.length ? `${failed.length} of ${results.length} devices failed.` : `Applied to ${results.length} devices.`,
      );
    } catch (error) {
      setMessage(failureMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await client.call('deleteScene', { id: scene.id });
      onDeleted();
    } catch (error) {
      setMessage(failureMessage(error));
      setBusy(false);
    }
  };

  return (
    <section className="editor__section scene-editor" aria-labelledby={titleId}>
      <h3 id={titleId} className="scene-editor__title">
        {scene.name}
      </h3>
      <EditorProvider value={ctx}>
        <form id={`${titleId}-form`} className="editor__form" noValidate onSubmit={(e) => void save(e)}>
          <div className="ed-row">
            <TextBox path={['name']} label="Name" name={`${scene.name} name`} />
            <NumberBox
              path={['transitionS']}
              label="Fade over (seconds)"
              name={`${scene.name} transition`}
              min={0}
              max={3600}
              step={0.5}
            />
          </div>
          <p className="ed-note">
            Lights that can fade (zigbee2mqtt, WLED, Hue) fade over the transition; others change at once.
          </p>
          {states.map((entry, i) => {
            if (typeof entry !== 'object' || entry === null) return null;
            if (!isSceneState(entry as never)) {
              const included = scenes.find((s) => s.id === (entry as { scene: string }).scene);
              return (
                <fieldset key={i} className="ed-item">
                  <legend className="ed-item__legend">Includes the scene {included?.name ?? String((entry as Obj).scene)}</legend>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      set(
                        ['states'],
                        states.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </fieldset>
              );
            }
            const id = String((entry as Obj).device);
            const device: Device | undefined = Object.hasOwn(devicesById, id) ? devicesById[id] : undefined;
            const label = device ? deviceName(device) : id;
            return (
              <fieldset key={id} className="ed-item">
                <legend className="ed-item__legend">{label}</legend>
                <div className="ed-row">
                  <CommandFields path={['states', i]} name={`${scene.name} ${label}`} device={device} room={false} />
                  <button
                    type="button"
                    className="button button--small scene-editor__remove"
                    aria-label={`Remove ${label} from ${scene.name}`}
                    onClick={() =>
                      set(
                        ['states'],
                        states.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </div>
                {!device ? <p className="ed-note">This device is not known to the hub any more.</p> : null}
                {Object.hasOwn(problems, pathKey(['states', i, 'device'])) ? (
                  <p className="form-error ed-item__problem">{problems[pathKey(['states', i, 'device'])]}</p>
                ) : null}
              </fieldset>
            );
          })}
          {Object.hasOwn(problems, 'states') ? (
            <p className="form-error ed-item__problem" id={`${controlId(['states'])}-error`}>
              {problems.states}
            </p>
          ) : null}
          <div className="ed-list__add">
            <SelectInput
              label={`Device to add to ${scene.name}`}
              value={adding}
              options={addable}
              placeholder="Add a device…"
              onChange={setAdding}
            />
            <button
              type="button"
              className="button button--small"
              disabled={!adding}
              onClick={() => {
                const d = Object.hasOwn(devicesById, adding) ? devicesById[adding] : undefined;
                set(
                  ['states'],
                  [...states, { device: adding, command: d && !d.capabilities.power?.writable ? {} : { power: true } }],
                );
                setAdding('');
              }}
            >
              Add device
            </button>
          </div>
          <div className="editor__bar">
            <button type="submit" className="button button--primary" disabled={busy}>
              Save
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void apply()}>
              Apply now
            </button>
            <ConfirmDelete name={scene.name} onDelete={() => void remove()} />
          </div>
          <p role="status" className="editor__message">
            {message}
          </p>
        </form>
      </EditorProvider>
    </section>
  );
}
