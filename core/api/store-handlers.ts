/**
 * The HubApi methods backed by the store: device overrides, rooms, history, logbook, backup.
 * Part of createHandlers (handlers.ts); every write is committed (synchronous=FULL) before it answers.
 */
import { cleanText, type Device, type DeviceOverride } from '../model';
import type { Registry } from '../registry/registry';
import type { SafeEmitter } from '../util/events';
import type { StoreEvents } from '../store/events';
import type { DailyBackups } from '../store/daily-backups';
import { exportBackup, importBackup, previewBackup, validateBackup } from '../store/export-import';
import type { Store } from '../store/store';
import { ApiError, type DeviceUpdate } from './contract';
import { handle, type Handlers } from './dispatch';
import type { SettingsHandlerDeps } from './settings-handlers';

export interface StoreHandlerDeps {
  store: Store;
  events: SafeEmitter<StoreEvents>;
  /** The automatic backups in `<data>/backups` (one a day, one before each restore). */
  backups?: DailyBackups;
}

type StoreMethod =
  | 'updateDevice'
  | 'listRooms'
  | 'createRoom'
  | 'updateRoom'
  | 'deleteRoom'
  | 'getHistory'
  | 'getLogbook'
  | 'exportSettings'
  | 'importSettings'
  | 'previewRestore'
  | 'listBackups'
  | 'restoreBackup';

export function createStoreHandlers(
  registry: Registry,
  deps: StoreHandlerDeps | undefined,
  now: () => number,
  /** Told when a restored backup replaced the settings. */
  settings?: SettingsHandlerDeps,
): Pick<Handlers, StoreMethod> {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub has no store');
    return deps;
  };
  const roomsChanged = () => need().events.emit('roomsChanged', { rooms: need().store.rooms.list() });
  const room = (id: string) => {
    const found = need().store.rooms.get(id);
    if (!found) throw new ApiError('not_found', `No room with id "${id}"`);
    return found;
  };
  const describeUpdate = (before: Device, after: Device, update: DeviceUpdate): string[] => {
    const out: string[] = [];
    if (update.name !== undefined && before.name !== after.name) out.push(`${before.name} renamed to ${after.name}`);
    if (update.roomId !== undefined && before.roomId !== after.roomId) {
      const name = after.roomId ? (need().store.rooms.get(after.roomId)?.name ?? after.roomId) : undefined;
      out.push(name ? `${after.name} moved to ${name}` : `${after.name} removed from its room`);
    }
    if (update.hidden !== undefined && !!before.hidden !== !!after.hidden)
      out.push(`${after.name} ${after.hidden ? 'hidden' : 'shown'} on the dashboard`);
    return out;
  };

  const names = { device: (id: string) => registry.get(id)?.name };
  /** An automatic backup's content by name. */
  const stored = (name: string): unknown => {
    const found = need().backups?.read(name);
    if (found === undefined) throw new ApiError('not_found', `No backup named "${name}"`);
    return found;
  };
  const restore = (backup: unknown) => {
    const { store, backups } = need();
    const stores = { db: store.database.main, ...store };
    // A backup of the hub as it is, just before a valid restore replaces it: restoring that one undoes this.
    const undo = validateBackup(backup).backup ? backups?.takeBeforeRestore().name : undefined;
    // One transaction: either all of it was restored or none of it.
    const report = importBackup(stores, backup, names, now());
    if (!report.ok) return report;
    registry.setOverrides(store.overrides.all());
    roomsChanged();
    settings?.changed(store.settings.all());
    return undo ? { ...report, undo } : report;
  };

  return {
    updateDevice: handle('updateDevice', async ({ id, update }, context) => {
      const { store } = need();
      const before = registry.get(id);
      if (!before) throw new ApiError('not_found', `No device with id "${id}"`);
      if (update.roomId) room(update.roomId);
      const name = update.name === undefined || update.name === null ? update.name : cleanText(update.name, 200) || null;
      const override: DeviceOverride | undefined = store.overrides.update(id, { ...update, name });
      registry.setOverride(id, override);
      const after = registry.get(id) ?? before;
      for (const message of describeUpdate(before, after, update))
        store.logbook.append({
          deviceId: id,
          ...(after.roomId ? { roomId: after.roomId } : {}),
          message,
          cause: { kind: 'user', client: context.client },
        });
      return after;
    }),
    listRooms: handle('listRooms', async () => need().store.rooms.list()),
    createRoom: handle('createRoom', async ({ name, kind }) => {
      if (!cleanText(name, 100)) throw new ApiError('invalid', 'Invalid createRoom request: name: a room needs a name');
      const created = need().store.rooms.create({ name, kind });
      roomsChanged();
      return created;
    }),
    updateRoom: handle('updateRoom', async ({ id, ...patch }) => {
      room(id);
      if (patch.name !== undefined && !cleanText(patch.name, 100))
        throw new ApiError('invalid', 'Invalid updateRoom request: name: a room needs a name');
      const updated = need().store.rooms.update(id, patch);
      if (!updated) throw new ApiError('not_found', `No room with id "${id}"`);
      roomsChanged();
      return updated;
    }),
    deleteRoom: handle('deleteRoom', async ({ id }) => {
      room(id);
      const { store } = need();
      store.rooms.delete(id);
      // The foreign key has unassigned the room's devices in the store; do the same in the registry.
      for (const device of registry.list())
        if (device.roomId === id) registry.setOverride(device.id, store.overrides.get(device.id));
      roomsChanged();
      return { id };
    }),
    getHistory: handle('getHistory', async (q) => {
      const to = q.to ?? now();
      if (to < q.from) throw new ApiError('invalid', 'Invalid getHistory request: to: must not be before from');
      return need().store.history.query({ deviceId: q.device, capability: q.capability, from: q.from, to });
    }),
    getLogbook: handle('getLogbook', async (q) =>
      need().store.logbook.query({ from: q.from, to: q.to, deviceId: q.device, roomId: q.room, limit: q.limit }),
    ),
    exportSettings: handle('exportSettings', async () => {
      const { store } = need();
      return exportBackup({ db: store.database.main, ...store }, now());
    }),
    importSettings: handle('importSettings', async ({ backup }) => restore(backup)),
    restoreBackup: handle('restoreBackup', async ({ name }) => restore(stored(name))),
    previewRestore: handle('previewRestore', async ({ backup, name }) => {
      const { store } = need();
      const input = name === undefined ? backup : stored(name);
      return previewBackup({ db: store.database.main, ...store }, input, names, now());
    }),
    listBackups: handle('listBackups', async () => need().backups?.list() ?? []),
  };
}
