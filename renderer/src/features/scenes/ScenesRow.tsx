/**
 * The dashboard's scenes: one tile per scene that applies it (a manual change, like tapping each device) and
 * says how it went, and "New scene", which captures the current state of chosen devices or whole rooms.
 * Kept fresh by `scenesChanged`. It reads no device state, so a device changing never re-renders the row.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useInRouterContext } from 'react-router';
import type { Scene } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { deviceName } from '../../store/search';
import { paths } from '../../routes/paths';
import { CheckboxField, NumberField, TextField } from '../../ui/fields';
import { CloseIcon } from '../../ui/icons';
import './scenes.css';

type Outcome = { sceneId: string; text: string; ok: boolean };

/** "Good night: 4 devices done" or "Good night: 3 of 4 devices done; Hall lamp: not confirmed in time". */
export function outcomeText(
  scene: Scene,
  results: readonly { deviceId: string; ok: boolean; detail: string }[],
  nameOf: (id: string) => string,
): string {
  const done = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok);
  const count = `${results.length} device${results.length === 1 ? '' : 's'}`;
  if (failed.length === 0) return `${scene.name}: ${count} done`;
  return `${scene.name}: ${done} of ${count} done; ${failed.map((r) => `${nameOf(r.deviceId)}: ${r.detail}`).join('; ')}`;
}

export function ScenesRow() {
  const client = useHubStoreApi().client;
  const store = useHubStoreApi();
  const [scenes, setScenes] = useState<Scene[] | null>(null);
  const [applying, setApplying] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const inRouter = useInRouterContext();

  useEffect(() => {
    let cancelled = false;
    const off = client.on('scenesChanged', (e) => setScenes(e.scenes));
    client
      .call('listScenes', {})
      .then((list) => !cancelled && setScenes((s) => s ?? list))
      // A hub without scenes (an older one) simply shows none.
      .catch(() => !cancelled && setScenes((s) => s ?? []));
    return () => {
      cancelled = true;
      off();
    };
  }, [client]);

  const apply = async (scene: Scene) => {
    setApplying(scene.id);
    try {
      const { results } = await client.call('applyScene', { id: scene.id });
      const devices = store.getState().devices;
      const nameOf = (id: string) => {
        const d = Object.hasOwn(devices, id) ? devices[id] : undefined;
        return d ? deviceName(d) : id;
      };
      setOutcome({ sceneId: scene.id, ok: results.every((r) => r.ok), text: outcomeText(scene, results, nameOf) });
    } catch (error) {
      setOutcome({ sceneId: scene.id, ok: false, text: `${scene.name}: ${failureMessage(error)}` });
    } finally {
      setApplying(null);
    }
  };

  if (scenes === null) return null;
  return (
    <section className="scenes" aria-labelledby="scenes-title">
      <h2 className="room__title" id="scenes-title">
        Scenes
      </h2>
      {/* Drawn on its own in some tests: the link needs the router. */}
      {inRouter && scenes.length > 0 ? (
        <p className="scenes__edit">
          <Link to={paths.scenes()}>Edit scenes</Link>
        </p>
      ) : null}
      <div className="scenes__row">
        {scenes.map((scene) => (
          <button
            key={scene.id}
            type="button"
            className="scene-tile"
            aria-label={`Apply scene ${scene.name}`}
            aria-busy={applying === scene.id || undefined}
            disabled={applying !== null}
            onClick={() => void apply(scene)}
          >
            <span className="scene-tile__name">{scene.name}</span>
            <span className="scene-tile__meta">
              {applying === scene.id ? 'Applying…' : `${scene.states.length} ${scene.states.length === 1 ? 'entry' : 'entries'}`}
            </span>
          </button>
        ))}
        <NewSceneDialog
          onCreated={(scene) => setScenes((s) => (s?.some((x) => x.id === scene.id) ? s : [...(s ?? []), scene]))}
        />
      </div>
      <p role="status" className="scenes__outcome" data-ok={outcome?.ok}>
        {outcome?.text ?? ''}
      </p>
    </section>
  );
}

function NewSceneDialog({ onCreated }: { onCreated(scene: Scene): void }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="scene-tile scene-tile--new">New scene</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="sheet__overlay" />
        <Dialog.Content className="sheet scene-form" aria-describedby="scene-form-lead">
          <div className="sheet__head">
            <Dialog.Title className="sheet__title">New scene</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <CloseIcon />
            </Dialog.Close>
          </div>
          <p id="scene-form-lead">Saves how the chosen rooms and devices are now, to bring back with one tap.</p>
          <SceneForm
            onCreated={(scene) => {
              onCreated(scene);
              setOpen(false);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SceneForm({ onCreated }: { onCreated(scene: Scene): void }) {
  const client = useHubStoreApi().client;
  const rooms = useHub((s) => s.rooms);
  const devices = useHub((s) => s.devices);
  const [name, setName] = useState('');
  const [chosenRooms, setChosenRooms] = useState<string[]>([]);
  const [chosenDevices, setChosenDevices] = useState<string[]>([]);
  const [fade, setFade] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const writable = Object.values(devices)
    .filter((d) => Object.values(d.capabilities).some((c) => c?.writable))
    .sort((a, b) => deviceName(a).localeCompare(deviceName(b)));
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the scene a name.');
    if (chosenRooms.length === 0 && chosenDevices.length === 0) return setError('Choose at least one room or device.');
    const transitionS = fade.trim() === '' ? undefined : Number(fade);
    if (transitionS !== undefined && !(transitionS >= 0 && transitionS <= 3600))
      return setError('The fade is a number of seconds from 0 to 3600.');
    setSaving(true);
    setError(null);
    try {
      onCreated(
        await client.call('createScene', {
          name: name.trim(),
          ...(chosenRooms.length ? { rooms: chosenRooms } : {}),
          ...(chosenDevices.length ? { devices: chosenDevices } : {}),
          ...(transitionS !== undefined ? { transitionS } : {}),
        }),
      );
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="scene-form__body" onSubmit={(e) => void submit(e)} noValidate>
      <TextField label="Name" value={name} onChange={setName} error={error} />
      {rooms.length > 0 ? (
        <fieldset>
          <legend>Whole rooms</legend>
          {rooms.map((r) => (
            <CheckboxField
              key={r.id}
              label={r.name}
              checked={chosenRooms.includes(r.id)}
              onChange={(on) => setChosenRooms((l) => toggle(l, r.id, on))}
            />
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Devices</legend>
        {writable.map((d) => (
          <CheckboxField
            key={d.id}
            label={deviceName(d)}
            checked={chosenDevices.includes(d.id)}
            onChange={(on) => setChosenDevices((l) => toggle(l, d.id, on))}
          />
        ))}
      </fieldset>
      <NumberField
        label="Fade over (seconds, optional)"
        value={fade}
        onChange={setFade}
        min={0}
        max={3600}
        hint="Lights that can fade do so when the scene is applied."
      />
      <button type="submit" className="button button--primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save the scene as it is now'}
      </button>
    </form>
  );
}
