/** Test helpers: sample devices and a HubClient whose calls and events the test controls. */
import {
  METHOD_NAMES,
  type EventName,
  type EventPayload,
  type HubClient,
  type MethodName,
  type MethodRequest,
  type MethodResponse,
} from '../../../core/api/contract';
import type { Me } from '../../../core/api/contract-users';
import type { Device, UserRole } from '../../../core/model';
import type { ConnectionState } from '../api/connection';
import type { FrameScheduler } from '../store/frame-batcher';

export function light(id: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: `Light ${id}`,
    kind: 'light',
    integration: 'mqtt-ha',
    availability: 'online',
    capabilities: {
      power: { value: false, writable: true },
      brightness: { value: 50, writable: true, min: 0, max: 100 },
    },
    ...overrides,
  };
}

export function sensor(id: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: `Sensor ${id}`,
    kind: 'sensor',
    integration: 'mqtt-ha',
    availability: 'online',
    capabilities: { temperature: { value: 21.04, writable: false }, humidity: { value: 40, writable: false } },
    ...overrides,
  };
}

export function thermostat(id: string, targetC = 20, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: `Thermostat ${id}`,
    kind: 'thermostat',
    integration: 'mqtt-ha',
    availability: 'online',
    capabilities: {
      climate: {
        value: { mode: 'heat', targetTemperature: targetC, currentTemperature: 19, action: 'heating', preset: null },
        writable: true,
        min: 5,
        max: 30,
        step: 0.5,
      },
    },
    ...overrides,
  };
}

export function speaker(id: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: `Speaker ${id}`,
    kind: 'speaker',
    integration: 'mpd',
    availability: 'online',
    capabilities: {
      media: {
        value: { state: 'paused', volume: 40, muted: false, track: { title: 'Walk of Life' }, source: null },
        writable: true,
        min: 0,
        max: 100,
        step: 1,
      },
    },
    ...overrides,
  };
}

/** A door or window contact sensor in a room. */
export function contact(id: string, name: string, roomId: string): Device {
  return {
    id,
    name,
    kind: 'sensor',
    integration: 'mqtt-ha',
    availability: 'online',
    roomId,
    capabilities: { contact: { value: true, writable: false } },
  };
}

/** `GET /api/me` of the owner (an admin may call every method); tests of other roles pass their own. */
export function ownerMe(role: UserRole = 'admin', rooms: string[] = []): Me {
  return {
    user: {
      id: 'owner',
      name: 'Owner',
      role,
      rooms,
      createdAt: 0,
      expiresAt: null,
      revokedAt: null,
      tokenCreatedAt: 0,
      owner: role === 'admin',
    },
    methods: role === 'admin' ? [...METHOD_NAMES] : [],
  };
}

type Call = { method: MethodName; params: unknown; resolve(value: unknown): void; reject(error: Error): void };

export class FakeClient implements HubClient {
  connection: ConnectionState = { state: 'connected' };
  readonly calls: Call[] = [];
  /** Answers for methods the test does not want to resolve by hand. */
  auto: Partial<{ [M in MethodName]: (params: MethodRequest<M>) => MethodResponse<M> }> = {
    listDevices: () => [],
    listDiagnostics: () => [],
    listRooms: () => [],
    listScenes: () => [],
    getSettings: () => ({}),
    health: () => ({ ok: true, version: 'test', uptimeS: 1, devices: 0 }),
    getMe: () => ownerMe(),
  };
  private handlers = new Map<string, Set<(p: unknown) => void>>();
  private connectionListeners = new Set<(s: ConnectionState) => void>();

  call<M extends MethodName>(method: M, params: MethodRequest<M>): Promise<MethodResponse<M>> {
    if (method === 'listDevicePage' && !this.auto.listDevicePage && this.auto.listDevices) {
      // Pages of what `auto.listDevices` answers, by id, as the hub pages its list.
      const { after, limit = 250 } = params as { after?: string; limit?: number };
      const all = [...this.auto.listDevices({})].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const rest = after === undefined ? all : all.filter((d) => d.id > after);
      const devices = rest.slice(0, limit);
      const next = rest.length > limit ? devices[devices.length - 1]!.id : null;
      return Promise.resolve({ devices, next, total: all.length } as MethodResponse<M>);
    }
    const auto = this.auto[method] as ((params: MethodRequest<M>) => MethodResponse<M>) | undefined;
    // A throwing answer is a rejected call, as over a real transport.
    if (auto) return new Promise((resolve) => resolve(auto(params)));
    return new Promise((resolve, reject) =>
      this.calls.push({ method, params, resolve: resolve as (v: unknown) => void, reject }),
    );
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (p: unknown) => void);
    return () => set.delete(handler as (p: unknown) => void);
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const h of this.handlers.get(event) ?? []) h(payload);
  }

  setConnection(state: ConnectionState): void {
    this.connection = state;
    for (const l of this.connectionListeners) l(state);
  }
}

/** A frame scheduler the test advances by hand. */
export class ManualFrames implements FrameScheduler {
  private next = 1;
  private queue = new Map<number, () => void>();
  requested = 0;
  request = (callback: () => void) => {
    this.requested++;
    const id = this.next++;
    this.queue.set(id, callback);
    return id;
  };
  cancel = (handle: number) => {
    this.queue.delete(handle);
  };
  get pending(): number {
    return this.queue.size;
  }
  frame(): void {
    const callbacks = [...this.queue.values()];
    this.queue.clear();
    for (const cb of callbacks) cb();
  }
}
