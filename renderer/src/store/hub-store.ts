/**
 * The renderer's state: devices by id, diagnostics, MQTT status, pending commands per device.
 * Device changes from `devicesChanged` are buffered and applied at most once per animation
 * frame; each applied batch copies the device map once and replaces only the changed entries,
 * so a tile selecting `devices[id]` re-renders only when its own device changed.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError, type DemoStatus, type Diagnostic, type HubClient, type MqttStatus } from '../../../core/api/contract';
import type { Command, Device, Room } from '../../../core/model';
import type { ConnectionState, HubConnection } from '../api/connection';
import { animationFrameScheduler, createFrameBatcher, type FrameScheduler } from './frame-batcher';
import { addPending, settlePending, type PendingByDevice } from './pending';

export type CommandFailure = { message: string; at: number };

export type HubState = {
  connection: ConnectionState;
  /** The first device list has arrived. */
  loaded: boolean;
  loadError: string | null;
  devices: Readonly<Record<string, Device>>;
  /** The rooms people made, in their order. */
  rooms: readonly Room[];
  diagnostics: readonly Diagnostic[];
  mqtt: MqttStatus | null;
  hubVersion: string | null;
  /** Whether this hub can run (or runs) the virtual home. */
  demo: DemoStatus | null;
  demoError: string | null;
  pending: PendingByDevice;
  failures: Readonly<Record<string, CommandFailure>>;
  sendCommand(deviceId: string, command: Command): Promise<void>;
  dismissFailure(deviceId: string): void;
  startDemo(scenario: 'home' | 'office'): Promise<void>;
};

export type HubStore = StoreApi<HubState> & {
  /** Subscribes to the client and loads the initial state; returns a dispose function. */
  start(): () => void;
  /** Applies buffered device changes now (tests, and before snapshots). */
  flush(): void;
  /** For one-off requests whose answers are not app state (history, logbook, backup). */
  client: HubClient;
};

export type HubStoreOptions = {
  client: HubClient & Partial<Pick<HubConnection, 'connection' | 'onConnection'>>;
  scheduler?: FrameScheduler;
  now?: () => number;
};

const MAX_DIAGNOSTICS = 500;

export function failureMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) {
    if (error.message) return error.message;
  }
  if (error instanceof ApiError && error.code === 'timeout') return 'Not confirmed by the device in time';
  return 'The command failed';
}

export function createHubStore({ client, scheduler = animationFrameScheduler, now = Date.now }: HubStoreOptions): HubStore {
  let seq = 0;

  const store = createStore<HubState>()((set, get) => ({
    connection: client.connection ?? { state: 'connected' },
    loaded: false,
    loadError: null,
    devices: {},
    rooms: [],
    diagnostics: [],
    mqtt: null,
    hubVersion: null,
    demo: null,
    demoError: null,
    pending: {},
    failures: {},

    async startDemo(scenario) {
      set({ demoError: null });
      try {
        set({ demo: await client.call('startDemo', { scenario }) });
      } catch (error) {
        set({ demoError: failureMessage(error) });
      }
    },

    async sendCommand(deviceId, command) {
      const mySeq = ++seq;
      set((s) => ({ pending: addPending(s.pending, deviceId, mySeq, command), failures: without(s.failures, deviceId) }));
      try {
        const device = await client.call('sendCommand', { id: deviceId, command });
        batcher.flush(); // older buffered changes must not overwrite the confirmed device
        set((s) => ({
          devices: get().devices[device.id] === device ? s.devices : { ...s.devices, [device.id]: device },
          pending: settlePending(s.pending, deviceId, mySeq),
        }));
      } catch (error) {
        set((s) => ({
          pending: settlePending(s.pending, deviceId, mySeq),
          failures: { ...s.failures, [deviceId]: { message: failureMessage(error), at: now() } },
        }));
      }
    },

    dismissFailure(deviceId) {
      set((s) => ({ failures: without(s.failures, deviceId) }));
    },
  }));

  const batcher = createFrameBatcher<Device>((batch) => {
    store.setState((s) => {
      const devices: Record<string, Device> = { ...s.devices };
      for (const [id, device] of batch) {
        if (device === null) delete devices[id];
        else devices[id] = device;
      }
      return { devices };
    });
  }, scheduler);

  let loadToken = 0;
  const load = async () => {
    const token = ++loadToken;
    try {
      const [devices, diagnostics, health, rooms] = await Promise.all([
        client.call('listDevices', {}),
        client.call('listDiagnostics', {}).catch(() => null),
        client.call('health', {}).catch(() => null),
        client.call('listRooms', {}).catch(() => null),
      ]);
      if (token !== loadToken) return;
      batcher.flush(); // events that arrived before the snapshot are older than it
      store.setState((s) => ({
        loaded: true,
        loadError: null,
        devices: Object.fromEntries(devices.map((d) => [d.id, d])),
        rooms: rooms ?? s.rooms,
        diagnostics: diagnostics ? diagnostics.slice(-MAX_DIAGNOSTICS) : s.diagnostics,
        mqtt: health?.mqtt ?? s.mqtt,
        hubVersion: health?.version ?? s.hubVersion,
        demo: health?.demo ?? s.demo,
      }));
    } catch (error) {
      if (token !== loadToken) return;
      store.setState({ loadError: failureMessage(error) });
    }
  };

  const start = () => {
    const offs = [
      client.on('devicesChanged', ({ devices }) => {
        for (const device of devices) batcher.push(device.id, device);
      }),
      client.on('deviceRemoved', ({ id }) => batcher.push(id, null)),
      client.on('diagnostic', (diagnostic) =>
        store.setState((s) => {
          if (s.diagnostics.some((d) => d.id === diagnostic.id)) return {};
          return { diagnostics: [...s.diagnostics, diagnostic].slice(-MAX_DIAGNOSTICS) };
        }),
      ),
      client.on('mqttStatus', (mqtt) => store.setState({ mqtt })),
      client.on('roomsChanged', ({ rooms }) => store.setState({ rooms })),
    ];
    if (client.onConnection) {
      offs.push(
        client.onConnection((connection) => {
          store.setState({ connection });
          if (connection.state === 'connected') void load();
        }),
      );
    }
    if ((client.connection?.state ?? 'connected') === 'connected') void load();
    return () => {
      for (const off of offs) off();
      batcher.dispose();
      loadToken++;
    };
  };

  return Object.assign(store, { start, flush: () => batcher.flush(), client });
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
