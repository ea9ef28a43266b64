/**
 * The renderer's state: devices by id, diagnostics, MQTT status, pending commands per device, the
 * room automations' status, and the units temperatures are shown in.
 * Device changes from `devicesChanged` are buffered and applied at most once per animation
 * frame; each applied batch copies the device map once and replaces only the changed entries,
 * so a tile selecting `devices[id]` re-renders only when its own device changed.
 * Every event subscription is made in `start()` and removed by the function it returns.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  ApiError,
  type DemoStatus,
  type Diagnostic,
  type HubClient,
  type MethodName,
  type MethodResponse,
  type MqttStatus,
} from '../../../core/api/contract';
import type { Me } from '../../../core/api/contract-users';

type DevicePage = MethodResponse<'listDevicePage'>;
import type {
  Command,
  Decision,
  Device,
  Person,
  Room,
  RoomStatus,
  Settings,
  SettingsPatch,
  Theme,
  TimeFormat,
} from '../../../core/model';
import { unitsForLocale } from '../../../core/model';
import type { Units } from '../units/temperature';
import type { ConnectionState, HubConnection } from '../api/connection';
import { animationFrameScheduler, createFrameBatcher, type FrameScheduler } from './frame-batcher';
import { patchDevices } from './device-map';
import { deviceEntry, listingOrder, roomNames } from './search';
import { addPending, settlePending, type PendingByDevice } from './pending';

export type CommandFailure = { message: string; at: number };

export type HubState = {
  connection: ConnectionState;
  /**
   * Who this connection is and what it may call (`GET /api/me`), loaded with the devices; null until then, or from a
   * hub without users (then everything is shown, as before).
   */
  me: Me | null;
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
  /** How temperatures are shown and typed; the hub always stores °C. */
  units: Units;
  /** The hub's stored settings (`{}` until they arrive); units, theme and time format below follow them. */
  settings: Settings;
  settingsLoaded: boolean;
  /** Light, dark or the system's; the header's button and Settings → General change the stored setting. */
  theme: Theme;
  /** 12 h, 24 h or the locale's, for every clock time shown (`useClock`). */
  timeFormat: TimeFormat;
  /** Room automations: each room's status, by room id (kept fresh by `roomStatus`). */
  roomStatuses: Readonly<Record<string, RoomStatus>>;
  /** The newest arbiter decision per device id (kept fresh by `decision`). */
  decisions: Readonly<Record<string, Decision>>;
  people: readonly Person[];
  /** False while the hub has not answered, or does not run room automations. */
  roomAutomations: boolean;
  setUnits(units: Units): void;
  /** Applies the hub's settings (on load and on `settingsChanged`): units, theme, time format. */
  applySettings(settings: Settings): void;
  /** Changes settings on the hub; resolves with all of them (and applies them) or rejects with the hub's reason. */
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Changes the theme at once and stores it on the hub. */
  setTheme(theme: Theme): void;
  /** Asks the hub for room statuses and people once; later calls do nothing (events keep them fresh). */
  loadRoomAutomations(): void;
  /** Asks the hub again (after a change made here, and on reconnect). */
  refreshRoomAutomations(): Promise<void>;
  /** A status a request answered with, before its event arrives. */
  putRoomStatus(status: RoomStatus): void;
  sendCommand(deviceId: string, command: Command): Promise<void>;
  dismissFailure(deviceId: string): void;
  startDemo(scenario: 'home' | 'office'): Promise<void>;
};

export type HubStore = StoreApi<HubState> & {
  /** Subscribes to the client and loads the initial state; returns a dispose function. */
  start(): () => void;
  /** Applies buffered device changes now, held pages still being shown slice by slice too (tests, and before snapshots). */
  flush(): void;
  /** For one-off requests whose answers are not app state (history, logbook, backup). */
  client: HubClient;
};

export type HubStoreOptions = {
  client: HubClient & Partial<Pick<HubConnection, 'connection' | 'onConnection'>>;
  scheduler?: FrameScheduler;
  now?: () => number;
  /** Until the hub's setting says otherwise: from the browser's language region. */
  units?: Units;
  /** Until the hub's setting arrives (the last choice this browser saw, so the first paint is right). */
  theme?: Theme;
};

const MAX_DIAGNOSTICS = 500;
/**
 * The first page: more than a screen of tiles. The later ones are small enough that parsing and
 * validating one (one task each) stays well under 50 ms on a loaded machine (docs/performance.md).
 */
export const FIRST_DEVICE_PAGE = 120;
export const DEVICE_PAGE = 100;
/**
 * Once the last page has come, the held devices go on screen in slices of these sizes, one slice a
 * frame, in the order the dashboard lists them; then all the rest in one more frame. The first
 * screen so fills from the top, a few tiles a frame, instead of mounting and laying out all its new
 * tiles in one frame (the one long task after the first paint, docs/performance.md); the rest land
 * below it, where only counts change.
 */
export const RELEASE_SLICES: readonly number[] = [2, 4, 8];

/** Whether the signed-in user may call a method (`me` null: a hub without users, so everything is shown). */
export function may(me: Me | null, method: MethodName): boolean {
  return me === null || me.methods.includes(method);
}

export function failureMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) {
    if (error.message) return error.message;
  }
  if (error instanceof ApiError && error.code === 'timeout') return 'Not confirmed by the device in time';
  return 'The command failed';
}

export function createHubStore({
  client,
  scheduler = animationFrameScheduler,
  now = Date.now,
  // Before the hub's setting is known, and while it is unset: the browser's language decides, as the hub's own does.
  units = unitsForLocale(globalThis.navigator?.language),
  theme = 'system',
}: HubStoreOptions): HubStore {
  const defaultUnits = units;
  let seq = 0;
  let roomsRequested = false;
  let roomsToken = 0;

  const store = createStore<HubState>()((set, get) => ({
    connection: client.connection ?? { state: 'connected' },
    loaded: false,
    me: null,
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
    units,
    settings: {},
    settingsLoaded: false,
    theme,
    timeFormat: 'system',
    roomStatuses: {},
    decisions: {},
    people: [],
    roomAutomations: false,

    setUnits(next) {
      set({ units: next });
    },

    applySettings(settings) {
      set({
        settings,
        settingsLoaded: true,
        units: settings.units ?? defaultUnits,
        theme: settings.theme ?? 'system',
        timeFormat: settings.timeFormat ?? 'system',
      });
    },

    async updateSettings(patch) {
      const next = await client.call('updateSettings', patch);
      get().applySettings(next);
      return next;
    },

    setTheme(next) {
      const previous = get().theme;
      set({ theme: next });
      // Only an admin stores settings on the hub: anyone else's theme is this window's own.
      if (!may(get().me, 'updateSettings')) return;
      // `system` is the default: stored as no setting at all.
      get()
        .updateSettings({ theme: next === 'system' ? null : next })
        .catch(() => {
          if (get().theme === next) set({ theme: previous });
        });
    },

    loadRoomAutomations() {
      if (!roomsRequested) void get().refreshRoomAutomations();
    },

    async refreshRoomAutomations() {
      roomsRequested = true;
      const token = ++roomsToken;
      try {
        // People are a member's: a guest or board sees its rooms' status without them.
        const [statuses, people] = await Promise.all([
          client.call('listRoomStatus', {}),
          may(get().me, 'listPeople') ? client.call('listPeople', {}) : Promise.resolve([]),
        ]);
        if (token !== roomsToken) return;
        set({ roomStatuses: Object.fromEntries(statuses.map((s) => [s.roomId, s])), people, roomAutomations: true });
      } catch {
        if (token === roomsToken) set({ roomAutomations: false });
      }
    },

    putRoomStatus(status) {
      set((s) => ({ roomStatuses: { ...s.roomStatuses, [status.roomId]: status } }));
    },

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
        held?.delete(device.id); // nor a page's copy still waiting to be shown
        set((s) => ({
          devices: patchDevices(s.devices, [[device.id, device]]),
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

  // Events and every page after the first land here: one store update, and so one render, per frame.
  const batcher = createFrameBatcher<Device>((batch) => {
    store.setState((s) => ({ devices: patchDevices(s.devices, batch) }));
  }, scheduler);

  let loadToken = 0;
  /** While a load pages through the devices: every id a page or an event brought (the rest are gone). */
  let loading: Set<string> | null = null;

  /** Merges the first page (the first screen) over what is shown now: buffered events are older than the page, so they go first. */
  const applyPage = (devices: readonly Device[], extra: Partial<HubState> = {}) => {
    batcher.flush();
    for (const d of devices) loading?.add(d.id);
    store.setState((s) => ({
      ...extra,
      devices: patchDevices(
        s.devices,
        devices.map((d) => [d.id, d] as const),
      ),
    }));
  };

  /**
   * Later pages wait here, by id, until the last one has come: then they are shown a slice a frame
   * (`RELEASE_SLICES`), with that frame's events. Drawn page by page, each page re-sorted the rooms
   * and re-rendered the screen as devices sorted into it (about twenty long frames at 2,000
   * devices); held, the first screen stays still, then fills from the top (docs/performance.md).
   * Until its slice is shown a device stays here, so an event or removal newer than its page still
   * replaces the held copy.
   */
  let held: Map<string, Device> | null = null;
  /** After the last page: the held ids in listing order, how far the slices got, the frame asked for. */
  let release: { order: readonly string[]; at: number; slice: number; frame: number | null } | null = null;

  const holdPage = (devices: readonly Device[]) => {
    held ??= new Map();
    for (const d of devices) {
      loading?.add(d.id);
      held.set(d.id, d);
      deviceEntry(d); // the dashboard's index entry, made now, while the page's own task runs
    }
  };

  /** Pages of a load another replaces (it asks again), or of a store being disposed. */
  const dropHeld = () => {
    if (release?.frame != null) scheduler.cancel(release.frame);
    release = null;
    held = null;
  };

  /**
   * The next slice (or, with `all`, everything held) into the frame batcher, behind the events there
   * (they are older than the pages), and the frame batch applied: one store update a frame.
   */
  const releaseSlice = (all = false) => {
    if (!held || !release) return;
    if (release.frame !== null) scheduler.cancel(release.frame);
    release.frame = null;
    const size = all ? Infinity : (RELEASE_SLICES[release.slice++] ?? Infinity);
    const { order } = release;
    for (let n = 0; n < size && release.at < order.length;) {
      const id = order[release.at++]!;
      const device = held.get(id);
      if (!device) continue; // replaced by a newer event, or removed
      held.delete(id);
      batcher.push(id, device);
      n++;
    }
    if (release.at >= order.length) {
      // And what joined while the slices went out (events for devices not shown yet).
      for (const [id, d] of held) batcher.push(id, d);
      held = null;
      release = null;
    } else {
      release.frame = scheduler.request(() => releaseSlice());
    }
    batcher.flush();
  };

  /** Starts showing the held pages, top of the list first, from the next frame on. */
  const releasePages = () => {
    if (!held) return;
    const order = listingOrder(Array.from(held.values(), deviceEntry), roomNames(store.getState().rooms));
    release = { order, at: 0, slice: 0, frame: null };
    release.frame = scheduler.request(() => releaseSlice());
  };

  /**
   * The first page is the first screen; the rest follow, each page its own message and its own
   * task, so the first paint does not wait for two thousand devices (docs/performance.md). A hub
   * without paging gets the one list.
   */
  const loadDevices = async (
    token: number,
    seen: Set<string>,
    first: Promise<DevicePage | null>,
    extra: () => Partial<HubState>,
  ) => {
    try {
      let page = await first;
      if (token !== loadToken) return;
      let queued = false;
      if (!page) {
        const all = await client.call('listDevices', {});
        if (token !== loadToken) return;
        applyPage(all, extra());
      } else {
        applyPage(page.devices, extra());
        if (page.next !== null) held = new Map();
        while (page.next !== null) {
          page = await client.call('listDevicePage', { after: page.next, limit: DEVICE_PAGE });
          if (token !== loadToken) return;
          holdPage(page.devices);
          queued = true;
        }
      }
      // Shown before this load and in none of its pages nor events: removed while we were away.
      // Every id a page or an event brought is in `seen`, the buffered ones too.
      const stale = Object.keys(store.getState().devices).filter((id) => !seen.has(id));
      if (queued) {
        releasePages();
        // In the frame batcher: drawn with the first slice, and a later event still wins.
        for (const id of stale) batcher.push(id, null);
      } else if (stale.length > 0) {
        batcher.flush();
        store.setState((s) => ({
          devices: patchDevices(
            s.devices,
            stale.map((id) => [id, null] as const),
          ),
        }));
      }
    } finally {
      if (loading === seen) loading = null;
    }
  };

  const load = async () => {
    const token = ++loadToken;
    dropHeld(); // pages of a load this one replaces: it asks again
    // From the first request on: an event that arrives before the first page still counts as seen.
    const seen = new Set<string>();
    loading = seen;
    try {
      // Settings apart: the devices need not wait for them (and an older hub, or a guest, may not get them).
      void client
        .call('getSettings', {})
        .then((settings) => token === loadToken && store.getState().applySettings(settings))
        .catch(() => {});
      const first = client.call('listDevicePage', { limit: FIRST_DEVICE_PAGE }).catch(() => null);
      const [me, diagnostics, health, rooms] = await Promise.all([
        // A hub from before users does not know getMe: then everything is shown, as it was.
        client.call('getMe', {}).catch(() => null),
        client.call('listDiagnostics', {}).catch(() => null),
        client.call('health', {}).catch(() => null),
        client.call('listRooms', {}).catch(() => null),
        first,
      ]);
      if (token !== loadToken) return;
      await loadDevices(token, seen, first, () => {
        const s = store.getState();
        return {
          me,
          loaded: true,
          loadError: null,
          rooms: rooms ?? s.rooms,
          diagnostics: diagnostics ? diagnostics.slice(-MAX_DIAGNOSTICS) : s.diagnostics,
          mqtt: health?.mqtt ?? s.mqtt,
          hubVersion: health?.version ?? s.hubVersion,
          demo: health?.demo ?? s.demo,
        };
      });
    } catch (error) {
      if (token !== loadToken) return;
      store.setState({ loadError: failureMessage(error) });
    }
  };

  const start = () => {
    const offs = [
      client.on('devicesChanged', ({ devices }) => {
        const shown = store.getState().devices;
        for (const device of devices) {
          loading?.add(device.id);
          if (held && !Object.hasOwn(shown, device.id)) {
            // Not on screen yet, while pages are held: it joins them (newer than any page so far), so
            // the rooms are not re-sorted every frame as events bring devices in one by one.
            held.set(device.id, device);
            continue;
          }
          held?.delete(device.id); // newer than the page that brought it
          batcher.push(device.id, device);
        }
      }),
      client.on('deviceRemoved', ({ id }) => {
        held?.delete(id);
        batcher.push(id, null);
      }),
      client.on('diagnostic', (diagnostic) =>
        store.setState((s) => {
          if (s.diagnostics.some((d) => d.id === diagnostic.id)) return {};
          return { diagnostics: [...s.diagnostics, diagnostic].slice(-MAX_DIAGNOSTICS) };
        }),
      ),
      client.on('mqttStatus', (mqtt) => store.setState({ mqtt })),
      client.on('roomsChanged', ({ rooms }) => store.setState({ rooms })),
      client.on('settingsChanged', (settings) => store.getState().applySettings(settings)),
      client.on('roomStatus', (status) => store.getState().putRoomStatus(status)),
      client.on('decision', (decision) =>
        store.setState((s) => ({ decisions: { ...s.decisions, [decision.deviceId]: decision } })),
      ),
    ];
    if (client.onConnection) {
      offs.push(
        client.onConnection((connection) => {
          store.setState({ connection });
          if (connection.state !== 'connected') return;
          void load();
          if (roomsRequested) void store.getState().refreshRoomAutomations();
        }),
      );
    }
    if ((client.connection?.state ?? 'connected') === 'connected') void load();
    return () => {
      for (const off of offs) off();
      dropHeld();
      batcher.dispose();
      loadToken++;
      roomsToken++;
    };
  };

  const flush = () => (release ? releaseSlice(true) : batcher.flush());
  return Object.assign(store, { start, flush, client });
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
