import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METHOD_NAMES, methods } from './contract';
import { compileRoutes, matchRoute } from './rest-router';

const routes = compileRoutes();

describe('the REST routes derived from the contract', () => {
  it('serve every URL the renderer, e2e and docs have used', () => {
    const urls: [string, string, string, Record<string, string>][] = [
      ['GET', '/api/health', 'health', {}],
      ['GET', '/api/diagnostics', 'listDiagnostics', {}],
      ['POST', '/api/demo', 'startDemo', {}],
      ['GET', '/api/devices', 'listDevices', {}],
      ['GET', '/api/device-pages', 'listDevicePage', {}],
      ['GET', '/api/broker/lan', 'getBrokerLan', {}],
      ['POST', '/api/broker/lan/credentials', 'regenerateBrokerCredentials', {}],
      ['GET', '/api/devices/mqtt%3Abulb', 'getDevice', { id: 'mqtt:bulb' }],
      ['PATCH', '/api/devices/mqtt%3Abulb', 'updateDevice', { id: 'mqtt:bulb' }],
      ['POST', '/api/devices/mqtt%3Abulb/command', 'sendCommand', { id: 'mqtt:bulb' }],
      ['POST', '/api/devices/x/resume', 'resumeAutomatic', { deviceId: 'x' }],
      ['GET', '/api/devices/x/why', 'explainDevice', { deviceId: 'x' }],
      ['GET', '/api/rooms', 'listRooms', {}],
      ['POST', '/api/rooms', 'createRoom', {}],
      ['GET', '/api/rooms/status', 'listRoomStatus', {}],
      ['PATCH', '/api/rooms/office', 'updateRoom', { id: 'office' }],
      ['DELETE', '/api/rooms/office', 'deleteRoom', { id: 'office' }],
      ['GET', '/api/rooms/office/status', 'getRoomStatus', { roomId: 'office' }],
      ['GET', '/api/rooms/office/behaviour', 'getRoomBehaviour', { roomId: 'office' }],
      ['PATCH', '/api/rooms/office/behaviour', 'updateRoomBehaviour', { roomId: 'office' }],
      ['POST', '/api/rooms/office/hold', 'setRoomHold', { roomId: 'office' }],
      ['GET', '/api/rooms/board/calendar', 'getRoomCalendar', { roomId: 'board' }],
      ['PUT', '/api/rooms/board/calendar', 'setRoomCalendar', { roomId: 'board' }],
      ['DELETE', '/api/rooms/board/calendar', 'deleteRoomCalendar', { roomId: 'board' }],
      ['POST', '/api/rooms/board/calendar/sync', 'syncRoomCalendar', { roomId: 'board' }],
      ['GET', '/api/history', 'getHistory', {}],
      ['GET', '/api/logbook', 'getLogbook', {}],
      ['GET', '/api/export', 'exportSettings', {}],
      ['POST', '/api/import', 'importSettings', {}],
      ['GET', '/api/discovery', 'listDiscovery', {}],
      ['POST', '/api/discovery/manual', 'addManualDevice', {}],
      ['GET', '/api/sessions', 'listSessions', {}],
      ['DELETE', '/api/sessions/ab12', 'revokeSession', { id: 'ab12' }],
      ['POST', '/api/discovery/hue%3A0017/add', 'addDiscovered', { id: 'hue:0017' }],
      ['POST', '/api/discovery/hue%3A0017/pair', 'pairDiscovered', { id: 'hue:0017' }],
      ['POST', '/api/discovery/hue%3A0017/ignore', 'ignoreDiscovered', { id: 'hue:0017' }],
      ['GET', '/api/people', 'listPeople', {}],
      ['PUT', '/api/people/alice', 'updatePerson', { id: 'alice' }],
      ['DELETE', '/api/people/alice', 'deletePerson', { id: 'alice' }],
      ['POST', '/api/people/alice/room', 'setPersonRoom', { personId: 'alice' }],
      ['GET', '/api/settings', 'getSettings', {}],
      ['PATCH', '/api/settings', 'updateSettings', {}],
      ['PUT', '/api/settings/mqtt-password', 'setMqttPassword', {}],
      ['GET', '/api/settings/mqtt-password', 'getMqttPasswordStatus', {}],
      ['POST', '/api/backup/preview', 'previewRestore', {}],
      ['GET', '/api/backups', 'listBackups', {}],
      ['POST', '/api/backups/homeroom-2026-03-10.json/restore', 'restoreBackup', { name: 'homeroom-2026-03-10.json' }],
      ['GET', '/api/automations', 'listAutomations', {}],
      ['POST', '/api/automations', 'createAutomation', {}],
      ['POST', '/api/automations/dry-run', 'dryRunAutomation', {}],
      ['GET', '/api/automations/hall', 'getAutomation', { id: 'hall' }],
      ['PUT', '/api/automations/hall', 'updateAutomation', { id: 'hall' }],
      ['DELETE', '/api/automations/hall', 'deleteAutomation', { id: 'hall' }],
      ['POST', '/api/automations/hall/run', 'runAutomation', { id: 'hall' }],
      ['GET', '/api/automations/hall/traces', 'listAutomationTraces', { id: 'hall' }],
      ['GET', '/api/scenes', 'listScenes', {}],
      ['POST', '/api/scenes', 'createScene', {}],
      ['PUT', '/api/scenes/night', 'updateScene', { id: 'night' }],
      ['DELETE', '/api/scenes/night', 'deleteScene', { id: 'night' }],
      ['POST', '/api/scenes/night/apply', 'applyScene', { id: 'night' }],
      ['GET', '/api/timeline', 'getTimeline', {}],
      ['GET', '/api/users', 'listUsers', {}],
      ['POST', '/api/users', 'createUser', {}],
      ['PATCH', '/api/users/u1', 'updateUser', { id: 'u1' }],
      ['DELETE', '/api/users/u1', 'deleteUser', { id: 'u1' }],
      ['POST', '/api/users/u1/token', 'newUserToken', { id: 'u1' }],
      ['GET', '/api/me', 'getMe', {}],
      ['GET', '/api/rooms/fjord/bookings', 'listRoomBookings', { roomId: 'fjord' }],
      ['GET', '/api/boards', 'listBoards', {}],
      ['GET', '/api/boards/fjord', 'getBoard', { roomId: 'fjord' }],
      ['GET', '/api/office/utilisation', 'getOfficeUtilisation', {}],
    ];
    for (const [method, url, name, path] of urls)
      expect(matchRoute(routes, method, url), `${method} ${url}`).toEqual({ name, path });
    expect(new Set(urls.map(([, , name]) => name))).toEqual(new Set(METHOD_NAMES));
  });

  it('ignores empty segments and refuses what is not a route', () => {
    expect(matchRoute(routes, 'GET', '/api/devices/')).toEqual({ name: 'listDevices', path: {} });
    expect(matchRoute(routes, 'DELETE', '/api/devices')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/api/devices/a/b/c')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/api/__proto__')).toBeUndefined();
    expect(() => matchRoute(routes, 'GET', '/api/devices/%E0%A4%A')).toThrow(/Malformed path/);
  });

  it('every path parameter and body key is a key of the request, so no row drops what it is sent', () => {
    for (const name of METHOD_NAMES) {
      const { rest, request } = methods[name];
      expect(rest.path, name).toMatch(/^\/api\//);
      expect(request, name).toBeInstanceOf(z.ZodObject);
      const keys = request instanceof z.ZodObject ? Object.keys(request.shape) : [];
      for (const param of rest.path.split('/').filter((p) => p.startsWith(':'))) expect(keys, name).toContain(param.slice(1));
      if (typeof rest.body === 'object') expect(keys, name).toContain(rest.body.into);
    }
  });

  it('refuses two rows with the same route', () => {
    expect(() => compileRoutes(['getDevice', 'getDevice'])).toThrow(/are the same: GET api\/devices\/:/);
  });
});
