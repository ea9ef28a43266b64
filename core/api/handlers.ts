import { CommandError } from '../integrations/integration';
import type { Registry } from '../registry/registry';
import type { Discovery } from '../discovery/discovery';
import { createDiscoveryHandlers } from './discovery-handlers';
import { createRoomHandlers, type RoomHandlerDeps } from './room-handlers';
import type { StoreHandlerDeps } from './store-handlers';
import { createStoreHandlers, type CallContext } from './store-handlers';
import {
  ApiError,
  methods,
  type DemoStatus,
  type Health,
  type MethodName,
  type MethodResponse,
  type MqttStatus,
} from './contract';

export interface HandlerDeps {
  registry: Registry;
  version: string;
  startedAt: number;
  now: () => number;
  mqttStatus: () => MqttStatus | undefined;
  demo?: { status(): DemoStatus; start(scenario: 'home' | 'office'): Promise<DemoStatus> };
  /** Settings, rooms, history, logbook (core/store). */
  store?: StoreHandlerDeps;
  /** The discovery inbox (core/discovery). */
  discovery?: Discovery;
  /** Room behaviours: occupancy, lighting, climate, explanations (core/automations/rooms). */
  rooms?: RoomHandlerDeps;
}

export type { CallContext } from './store-handlers';
/** `context` says which client called (REST: 'api', WebSocket: 'browser', IPC: 'desktop'). */
export type Handlers = { [M in MethodName]: (params: unknown, context?: CallContext) => Promise<MethodResponse<M>> };

/**
 * The HubApi's implementation, independent of transport: REST, WebSocket and Electron IPC
 * all call these. Every request is validated against the contract before it is used.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { registry } = deps;
  const parse = <M extends MethodName>(method: M, params: unknown) => {
    const result = methods[method].request.safeParse(params ?? {});
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new ApiError('invalid', `Invalid ${method} request: ${where}${issue?.message ?? 'malformed'}`);
    }
    return result.data as never;
  };
  const device = (id: string) => {
    const found = registry.get(id);
    if (!found) throw new ApiError('not_found', `No device with id "${id}"`);
    return found;
  };

  return {
    async health(params): Promise<Health> {
      parse('health', params);
      const mqtt = deps.mqttStatus();
      return {
        ok: !mqtt || mqtt.state === 'connected',
        version: deps.version,
        uptimeS: Math.round((deps.now() - deps.startedAt) / 1000),
        devices: registry.list().length,
        mqtt,
        demo: deps.demo?.status(),
        storeProblem: deps.store?.store.problem?.message,
      };
    },
    async listDevices(params) {
      parse('listDevices', params);
      return registry.list();
    },
    async getDevice(params) {
      const { id } = parse('getDevice', params) as { id: string };
      return device(id);
    },
    async sendCommand(params, context) {
      const { id, command } = parse('sendCommand', params) as { id: string; command: never };
      device(id);
      try {
        return await registry.command(id, command, { kind: 'user', client: context?.client ?? 'api' });
      } catch (error) {
        if (error instanceof CommandError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
    async listDiagnostics(params) {
      parse('listDiagnostics', params);
      return registry.listDiagnostics();
    },
    async startDemo(params) {
      const { scenario } = parse('startDemo', params) as { scenario: 'home' | 'office' };
      if (!deps.demo) throw new ApiError('unavailable', 'This hub cannot run a virtual home');
      return deps.demo.start(scenario);
    },
    ...createStoreHandlers(registry, deps.store, parse, deps.now),
    ...createDiscoveryHandlers(deps.discovery, parse),
    ...createRoomHandlers(deps.rooms, parse),
  };
}

/** Any thrown value as the API's error body; internal details never leak to clients. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CommandError) return new ApiError(error.code, error.message);
  return new ApiError('internal', 'Internal error in the hub; see its log');
}
