/**
 * The HubApi methods backed by the store: device overrides, rooms, history, logbook, backup.
 * Part of createHandlers (handlers.ts); every write is committed (synchronous=FULL) before it answers.
 */
import {
  cleanText,
  type ClientKind,
  type Device,
  type DeviceOverride,
  type HistoryCapability,
  type Room,
  type RoomKind,
} from '../model';
import type { Registry } from '../registry/registry';
import type { SafeEmitter } from '../util/events';
import type { StoreEvents } from '../store/events';
import { exportBackup, importBackup } from '../store/export-import';
import type { Store } from '../store/store';
import { ApiError, type DeviceUpdate, type MethodName, type MethodResponse } from './contract';

export interface CallContext {
  /** Which client made the call: the desktop window (IPC), a browser (WebSocket) or a script (REST). */
  client: ClientKind;
}

export interface StoreHandlerDeps {
  store: Store;
  events: SafeEmitter<StoreEvents>;
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
  | 'importSettings';

type Parse = <M extends MethodName>(method: M, params: unknown) => never;

export type StoreHandlers = { [M in StoreMethod]: (params: unknown, context?: CallContext) => Promise<MethodResponse<M>> };

const DEFAULT_CONTEXT: CallContext = { client: 'api' };

export function createStoreHandlers(
  registry: Registry,
  deps: StoreHandlerDeps | undefined,
  parse: Parse,
  now: () => number,
): StoreHandlers {
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

  return {
    async updateDevice(params, context = DEFAULT_CONTEXT) {
      const { id, update } = parse('updateDevice', params) as { id: string; update: DeviceUpdate };
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
    },
    async listRooms(params) {
      parse('listRooms', params);
      return need().store.rooms.list();
    },
    async createRoom(params) {
      const { name, kind } = parse('createRoom', params) as { name: string; kind: RoomKind };
      if (!cleanText(name, 100)) throw new ApiError('invalid', 'Invalid createRoom request: name: a room needs a name');
      const created = need().store.rooms.create({ name, kind });
      roomsChanged();
      return created;
    },
    async updateRoom(params) {
      const { id, ...patch } = parse('updateRoom', params) as { id: string; name?: string; kind?: RoomKind };
      room(id);
      if (patch.name !== undefined && !cleanText(patch.name, 100))
        throw new ApiError('invalid', 'Invalid updateRoom request: name: a room needs a name');
      const updated = need().store.rooms.update(id, patch) as Room;
      roomsChanged();
      return updated;
    },
    async deleteRoom(params) {
      const { id } = parse('deleteRoom', params) as { id: string };
      room(id);
      const { store } = need();
      store.rooms.delete(id);
      // The foreign key has unassigned the room's devices in the store; do the same in the registry.
      for (const device of registry.list())
        if (device.roomId === id) registry.setOverride(device.id, store.overrides.get(device.id));
      roomsChanged();
      return { id };
    },
    async getHistory(params) {
      const q = parse('getHistory', params) as { device: string; capability: HistoryCapability; from: number; to?: number };
      const to = q.to ?? now();
      if (to < q.from) throw new ApiError('invalid', 'Invalid getHistory request: to: must not be before from');
      return need().store.history.query({ deviceId: q.device, capability: q.capability, from: q.from, to });
    },
    async getLogbook(params) {
      const q = parse('getLogbook', params) as { from?: number; to?: number; device?: string; room?: string; limit?: number };
      return need().store.logbook.query({ from: q.from, to: q.to, deviceId: q.device, roomId: q.room, limit: q.limit });
    },
    async exportSettings(params) {
      parse('exportSettings', params);
      const { store } = need();
      return exportBackup({ db: store.database.main, ...store }, now());
    },
    async importSettings(params) {
      const { backup } = parse('importSettings', params) as { backup: unknown };
      const { store } = need();
      // One transaction: either all of it was restored or none of it.
      const report = importBackup({ db: store.database.main, ...store }, backup);
      if (report.ok) {
        registry.setOverrides(store.overrides.all());
        roomsChanged();
      }
      return report;
    },
  };
}
