import { CommandError } from '../integrations/integration';
import type { Registry } from '../registry/registry';
import type { Discovery } from '../discovery/discovery';
import type { DemoScenario, DemoStatus, MqttStatus } from '../model';
import type { BrokerLanController } from '../broker/lan';
import type { RoomCalendars } from '../calendars/room-calendars';
import { createAutomationHandlers, type AutomationHandlerDeps } from './automation-handlers';
import { createBrokerHandlers } from './broker-handlers';
import { createCalendarHandlers } from './calendar-handlers';
import { createDeviceHandlers } from './device-handlers';
import { createDiscoveryHandlers } from './discovery-handlers';
import { createMeetingHandlers, type MeetingHandlerDeps } from './meeting-handlers';
import { handle, type Handlers } from './dispatch';
import { createRoomHandlers, type RoomHandlerDeps } from './room-handlers';
import { createSessionHandlers } from './session-handlers';
import type { BrowserSessions } from './sessions';
import { createSettingsHandlers, type SettingsHandlerDeps } from './settings-handlers';
import { createStoreHandlers, type StoreHandlerDeps } from './store-handlers';
import { createUserHandlers, type UserHandlerDeps } from './user-handlers';
import { ApiError } from './contract';

export interface HandlerDeps {
  registry: Registry;
  version: string;
  startedAt: number;
  now: () => number;
  mqttStatus: () => MqttStatus | undefined;
  demo?: { status(): DemoStatus; start(scenario: DemoScenario): Promise<DemoStatus> };
  /** Settings, rooms, history, logbook (core/store). */
  store?: StoreHandlerDeps;
  /** The discovery inbox (core/discovery). */
  discovery?: Discovery;
  /** Room behaviours: occupancy, lighting, climate, explanations (core/automations/rooms). */
  rooms?: RoomHandlerDeps;
  /** The hub's settings (core/store), applied by the hub when they change. */
  settings?: SettingsHandlerDeps;
  /** Browsers signed in with a session cookie (the HTTP server's). */
  sessions?: BrowserSessions;
  /** People's automations and scenes (core/automations/rules). */
  automations?: AutomationHandlerDeps;
  /** People and their tokens (users.ts). */
  users?: UserHandlerDeps;
  /** Meeting rooms: bookings, boards, utilisation (core/automations/meetings). */
  meetings?: MeetingHandlerDeps;
  /** Meeting rooms' calendars (core/calendars). */
  calendars?: RoomCalendars;
  /** The embedded broker's network listener for real devices (core/broker/lan.ts). */
  brokerLan?: BrokerLanController;
}

export type { CallContext, Handler, Handlers, MethodHandler } from './dispatch';
export { invoke } from './dispatch';

/**
 * The HubApi's implementation, independent of transport: REST, WebSocket and Electron IPC
 * all call these. Every request is validated against its contract row before it is used.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { registry } = deps;
  const device = (id: string) => {
    const found = registry.get(id);
    if (!found) throw new ApiError('not_found', `No device with id "${id}"`);
    return found;
  };

  return {
    health: handle('health', async () => {
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
    }),
    listDevices: handle('listDevices', async () => registry.list()),
    getDevice: handle('getDevice', async ({ id }) => device(id)),
    sendCommand: handle('sendCommand', async ({ id, command }, context) => {
      device(id);
      try {
        return await registry.command(id, command, { kind: 'user', client: context.client });
      } catch (error) {
        if (error instanceof CommandError) throw new ApiError(error.code, error.message);
        throw error;
      }
    }),
    listDiagnostics: handle('listDiagnostics', async () => registry.listDiagnostics()),
    startDemo: handle('startDemo', async ({ scenario }) => {
      if (!deps.demo) throw new ApiError('unavailable', 'This hub cannot run a virtual home');
      return deps.demo.start(scenario);
    }),
    ...createStoreHandlers(registry, deps.store, deps.now, deps.settings),
    ...createSettingsHandlers(deps.settings),
    ...createDiscoveryHandlers(deps.discovery),
    ...createRoomHandlers(deps.rooms),
    ...createSessionHandlers(deps.sessions),
    ...createAutomationHandlers(deps.automations),
    ...createUserHandlers(deps.users),
    ...createMeetingHandlers(deps.meetings),
    ...createCalendarHandlers(deps.calendars),
    ...createBrokerHandlers(deps.brokerLan),
    ...createDeviceHandlers(registry),
  };
}

/** Any thrown value as the API's error body; internal details never leak to clients. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CommandError) return new ApiError(error.code, error.message);
  return new ApiError('internal', 'Internal error in the hub; see its log');
}
