/**
 * The device detail panel (a Radix dialog drawn as a side sheet): control the device (the same
 * controls as its tile), rename it, put it in a room, hide it from the dashboard, and look at its
 * history. Device strings are text only.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { cleanText } from '../../../../core/model';
import { failureMessage, may } from '../../store/hub-store';
import { useDevice, useHub, useHubStoreApi } from '../../store/context';
import { deviceName } from '../../store/search';
import { CloseIcon } from '../../ui/icons';
import { DeviceHistory } from '../history/DeviceHistory';
import { DeviceControls } from '../tiles/DeviceControls';

export function DeviceDetailDialog({
  deviceId,
  open,
  onOpenChange,
}: {
  deviceId: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sheet__overlay" />
        <Dialog.Content className="sheet" aria-describedby={undefined}>
          <DetailBody deviceId={deviceId} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DetailBody({ deviceId }: { deviceId: string }) {
  const device = useDevice(deviceId);
  // Renaming, moving and hiding a device is a member's.
  const editsDevices = useHub((s) => may(s.me, 'updateDevice'));
  if (!device) {
    return (
      <>
        <Dialog.Title>Device removed</Dialog.Title>
        <p>This device is no longer known to the hub.</p>
        <Dialog.Close className="button">Close</Dialog.Close>
      </>
    );
  }
  const name = deviceName(device);
  const details = [
    device.reportedName ? `Reported as ${cleanText(device.reportedName)}` : null,
    cleanText(device.manufacturer ?? ''),
    cleanText(device.model ?? ''),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <header className="sheet__head">
        <div className="sheet__titles">
          <Dialog.Title className="sheet__title">{name}</Dialog.Title>
          {details ? <p className="sheet__subtitle">{details}</p> : null}
          {device.updateIntervalS ? (
            // Its push channel is unavailable (e.g. a WLED's WebSocket slots are taken): changes show up this late.
            <p className="sheet__subtitle" title="Its live connection is unavailable; the hub asks it for its state instead">
              Updates every {formatSeconds(device.updateIntervalS)} s
            </p>
          ) : null}
        </div>
        <Dialog.Close className="icon-button" aria-label="Close details">
          <CloseIcon />
        </Dialog.Close>
      </header>
      <DeviceControls device={device} />
      {editsDevices ? <DeviceSettings deviceId={deviceId} /> : null}
      <DeviceHistory device={device} />
    </>
  );
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; what: string } | { kind: 'error'; message: string };

function DeviceSettings({ deviceId }: { deviceId: string }) {
  const store = useHubStoreApi();
  const device = useDevice(deviceId);
  const rooms = useHub((s) => s.rooms);
  const [draft, setDraft] = useState(device?.name ?? '');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const ids = { name: useId(), room: useId(), hidden: useId() };
  const currentName = device?.name ?? '';
  useEffect(() => setDraft(currentName), [currentName]);
  if (!device) return null;

  const save = async (update: { name?: string | null; roomId?: string | null; hidden?: boolean }, what: string) => {
    setStatus({ kind: 'saving' });
    try {
      const updated = await store.client.call('updateDevice', { id: deviceId, update });
      store.setState((s) => ({ devices: { ...s.devices, [updated.id]: updated } }));
      setStatus({ kind: 'saved', what });
    } catch (error) {
      setStatus({ kind: 'error', message: failureMessage(error) });
    }
  };
  const onRename = (event: FormEvent) => {
    event.preventDefault();
    const name = cleanText(draft, 200);
    if (name === device.name) return;
    void save({ name: name || null }, name ? 'Name saved' : 'Name reset to the device’s own');
  };

  return (
    <section className="detail-form" aria-label="Name and room">
      <form className="detail-form__row" onSubmit={onRename}>
        <label htmlFor={ids.name}>Name</label>
        <div className="detail-form__inline">
          <input
            id={ids.name}
            className="input"
            value={draft}
            maxLength={200}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={device.reportedName ?? ''}
          />
          <button
            type="submit"
            className="button button--small"
            disabled={cleanText(draft, 200) === device.name || status.kind === 'saving'}
          >
            Rename
          </button>
        </div>
        {device.reportedName ? (
          <button
            type="button"
            className="link-button"
            onClick={() => void save({ name: null }, 'Name reset to the device’s own')}
          >
            Use the device’s own name ({cleanText(device.reportedName)})
          </button>
        ) : null}
      </form>
      <div className="detail-form__row">
        <label htmlFor={ids.room}>Room</label>
        <select
          id={ids.room}
          className="input"
          value={device.roomId ?? ''}
          onChange={(e) => void save({ roomId: e.target.value || null }, e.target.value ? 'Moved' : 'Removed from its room')}
        >
          <option value="">Unassigned</option>
          {rooms.map((room) => (
            <option key={room.id} value={room.id}>
              {cleanText(room.name, 100)}
            </option>
          ))}
          {device.roomId && !rooms.some((r) => r.id === device.roomId) ? (
            <option value={device.roomId}>{cleanText(device.roomId)}</option>
          ) : null}
        </select>
        {rooms.length === 0 ? <p className="detail-form__hint">Make rooms under Rooms, then put devices in them here.</p> : null}
      </div>
      <div className="detail-form__row detail-form__row--check">
        <input
          id={ids.hidden}
          type="checkbox"
          checked={!!device.hidden}
          onChange={(e) =>
            void save({ hidden: e.target.checked }, e.target.checked ? 'Hidden from the dashboard' : 'Shown on the dashboard')
          }
        />
        <label htmlFor={ids.hidden}>Hide from the dashboard</label>
      </div>
      <p className="detail-form__status" role="status" aria-live="polite">
        {status.kind === 'saving' ? 'Saving…' : status.kind === 'saved' ? status.what : null}
      </p>
      {status.kind === 'error' ? (
        <p className="detail-form__error" role="alert">
          {status.message}
        </p>
      ) : null}
    </section>
  );
}

function formatSeconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}
