/**
 * The access decisions, row by row: every contract row gets one for every role, the defaults for a row without
 * `access` are safe, and (property) a guest never gets an answer about a room that is not theirs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USER_ROLES, type Principal } from '../model';
import { allowedMethods, decide, eventDecision, eventPermit, guardHandlers, rowAccess } from './access';
import { ApiError, EVENT_NAMES, METHOD_NAMES, type MethodName } from './contract';
import type { Handlers } from './dispatch';

const ADMIN_ONLY: MethodName[] = [
  'startDemo',
  'exportSettings',
  'importSettings',
  'previewRestore',
  'listBackups',
  'restoreBackup',
  'updateSettings',
  'setMqttPassword',
  'getMqttPasswordStatus',
  'getBrokerLan',
  'regenerateBrokerCredentials',
  'listDiscovery',
  'addDiscovered',
  'pairDiscovered',
  'ignoreDiscovered',
  'addManualDevice',
  'listSessions',
  'revokeSession',
  'listUsers',
  'createUser',
  'updateUser',
  'deleteUser',
  'newUserToken',
];

describe('every contract row has a decision for every role', () => {
  it('admins may call everything; the admin-only rows (settings, users, backups, discovery) refuse everyone else', () => {
    for (const name of METHOD_NAMES) expect(decide('admin', name), name).toEqual({ allowed: true });
    for (const name of ADMIN_ONLY)
      for (const role of ['member', 'guest', 'board'] as const) expect(decide(role, name).allowed, `${role} ${name}`).toBe(false);
  });

  it('members control devices, rooms, scenes and automations, but not settings, users, backups or discovery', () => {
    const member = new Set(allowedMethods('member'));
    for (const name of ['sendCommand', 'createRoom', 'applyScene', 'createAutomation', 'updateDevice', 'setRoomHold'] as const)
      expect(member.has(name), name).toBe(true);
    for (const name of ADMIN_ONLY) expect(member.has(name), name).toBe(false);
  });

  it('a guest controls and reads only through a room scope; no settings, automations, scenes or people', () => {
    expect(decide('guest', 'sendCommand')).toMatchObject({ allowed: true, scope: { deviceParam: 'id' } });
    expect(decide('guest', 'setRoomHold')).toMatchObject({ allowed: true, scope: { roomParam: 'roomId' } });
    expect(decide('guest', 'getHistory')).toMatchObject({ allowed: true, scope: { deviceParam: 'device' } });
    expect(decide('guest', 'getLogbook')).toMatchObject({ allowed: true, scope: { filter: expect.any(Function) } });
    for (const name of [
      'getSettings',
      'listAutomations',
      'createScene',
      'listPeople',
      'listDiagnostics',
      'updateDevice',
    ] as const)
      expect(decide('guest', name), name).toMatchObject({ allowed: false });
    expect(decide('guest', 'health')).toEqual({ allowed: true });
    expect(decide('guest', 'getMe')).toEqual({ allowed: true });
  });

  it('a board reads its rooms and is refused every change, with a reason naming the row and the role', () => {
    for (const name of allowedMethods('board')) expect(rowAccess(name).level, name).toBe('read');
    expect(decide('board', 'sendCommand')).toEqual({
      allowed: false,
      reason: 'sendCommand is refused to a board: a board is read-only',
    });
    expect(decide('board', 'getRoomStatus')).toMatchObject({ allowed: true, scope: { roomParam: 'roomId' } });
  });

  it('a row without a room scope is refused to guests and boards, whatever its level (the safe default)', () => {
    for (const name of METHOD_NAMES) {
      const rooms = rowAccess(name).rooms;
      if (rooms !== undefined) continue;
      for (const role of ['guest', 'board'] as const) expect(decide(role, name).allowed, `${role} ${name}`).toBe(false);
    }
  });

  it('events: discovery and settings never reach a guest; device states reach it only through the filter', () => {
    for (const role of USER_ROLES) for (const name of EVENT_NAMES) expect(eventDecision(role, name)).toHaveProperty('allowed');
    expect(eventDecision('guest', 'discoveryChanged')).toEqual({ allowed: false });
    expect(eventDecision('member', 'discoveryChanged')).toEqual({ allowed: false });
    expect(eventDecision('guest', 'settingsChanged')).toEqual({ allowed: false });
    expect(eventDecision('guest', 'automationRun')).toEqual({ allowed: false });
    expect(eventDecision('guest', 'devicesChanged')).toMatchObject({ allowed: true, filter: expect.any(Function) });
  });
});

/** Devices spread over rooms; `deviceRoom` is the registry's lookup. */
const ROOMS = ['kitchen', 'office', 'hall', 'study'];
const DEVICES: Record<string, string | undefined> = {
  'mqtt:k1': 'kitchen',
  'mqtt:o1': 'office',
  'mqtt:h1': 'hall',
  'mqtt:s1': 'study',
  'mqtt:loose': undefined,
};
const deps = { deviceRoom: (id: string) => (Object.hasOwn(DEVICES, id) ? DEVICES[id] : undefined) };

/**
 * Handlers that always succeed (the worst case: whatever the guard lets through answers 2xx), answering lists with
 * items from every room, so a filter that forgot a room would show.
 */
function permissiveHandlers(): Handlers {
  const everyRoom = ROOMS.map((id) => ({ id, name: id, kind: 'home', roomId: id }));
  const everyDevice = Object.entries(DEVICES).map(([id, roomId]) => ({ id, roomId, deviceId: id }));
  const answers: Partial<Record<MethodName, unknown>> = {
    listDevices: everyDevice,
    listRooms: everyRoom,
    listRoomStatus: everyRoom.map((r) => ({ roomId: r.id })),
    getLogbook: [...everyDevice, ...everyRoom.map((r) => ({ roomId: r.id }))],
    listBoards: everyRoom.map((r) => ({ roomId: r.id })),
    listDevicePage: { devices: everyDevice, next: null, total: everyDevice.length },
  };
  const handlers: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) handlers[name] = async () => answers[name] ?? { ok: true };
  return handlers as unknown as Handlers;
}

/** A request for any row naming one room or device (the guard reads the one its scope names). */
const requestFor = (target: string) => ({ id: target, roomId: target, deviceId: target, device: target, name: target });

describe('guardHandlers', () => {
  const guarded = guardHandlers(permissiveHandlers(), deps);
  const guest = (rooms: string[]): Principal => ({ userId: 'g', name: 'Gina', role: 'guest', rooms });

  it('property: a guest never gets an answer naming a room that is not theirs, nor a call on one', async () => {
    const targets = [...ROOMS, ...Object.keys(DEVICES), 'unknown'];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(ROOMS),
        fc.constantFrom(...METHOD_NAMES),
        fc.constantFrom(...targets),
        fc.constantFrom('guest' as const, 'board' as const),
        async (rooms, name, target, role) => {
          const principal = { ...guest(rooms), role };
          const inRooms = (id: string | undefined) => id !== undefined && rooms.includes(id);
          let answer: unknown;
          try {
            answer = await guarded[name](requestFor(target), { client: 'api', principal });
          } catch (error) {
            if (error instanceof ApiError && error.code === 'invalid') return; // the request did not fit the row
            expect(error).toBeInstanceOf(ApiError);
            expect((error as ApiError).code).toBe('forbidden');
            return;
          }
          const scope = rowAccess(name).rooms;
          expect(scope, `${name} answered a ${role} without a room scope`).toBeDefined();
          if (scope === 'unscoped' || scope === undefined) return;
          if ('filter' in scope) {
            const items = Array.isArray(answer) ? answer : (answer as { devices: unknown[] }).devices;
            for (const item of items as { roomId?: string; id: string }[])
              expect(inRooms(item.roomId ?? deps.deviceRoom(item.id)), `${name} leaked ${JSON.stringify(item)}`).toBe(true);
          } else if ('roomParam' in scope) expect(inRooms(target), `${name} on ${target}`).toBe(true);
          else expect(inRooms(deps.deviceRoom(target)), `${name} on ${target}`).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses with 403 and names what is refused and why', async () => {
    await expect(
      guarded.sendCommand({ id: 'mqtt:o1', command: { power: true } }, { client: 'api', principal: guest(['kitchen']) }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'sendCommand is refused to a guest: the device "mqtt:o1" is not in Gina’s rooms',
    });
    await expect(guarded.getSettings({}, { client: 'api', principal: guest(['kitchen']) })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'getSettings is refused to a guest: it is not limited to a room, and a guest or board may use only its rooms',
    });
    await expect(
      guarded.listUsers({}, { client: 'api', principal: { userId: 'm', name: 'Max', role: 'member', rooms: [] } }),
    ).rejects.toMatchObject({ code: 'forbidden', message: 'listUsers is refused to a member: it needs an admin' });
  });

  it('lets a call from the hub’s own process (no principal) through: the desktop window is the owner', async () => {
    await expect(guarded.listUsers({}, { client: 'desktop' })).resolves.toEqual({ ok: true });
  });
});

describe('eventPermit', () => {
  it('cuts device batches and logbook entries to the guest’s rooms and drops what is left empty', () => {
    let principal: Principal | undefined = { userId: 'g', name: 'Gina', role: 'guest', rooms: ['kitchen'] };
    const permit = eventPermit(() => principal, deps);
    const devices = [
      { id: 'mqtt:k1', roomId: 'kitchen' },
      { id: 'mqtt:o1', roomId: 'office' },
    ];
    expect(permit('devicesChanged', { devices })).toEqual({ devices: [devices[0]] });
    expect(permit('devicesChanged', { devices: [devices[1]] })).toBeUndefined();
    expect(permit('logbookEntry', { deviceId: 'mqtt:o1', message: 'x' })).toBeUndefined();
    expect(permit('logbookEntry', { deviceId: 'mqtt:k1', message: 'x' })).toEqual({ deviceId: 'mqtt:k1', message: 'x' });
    expect(permit('commandUpdate', { deviceId: 'mqtt:o1' })).toBeUndefined();
    expect(permit('mqttStatus', { state: 'connected' })).toEqual({ state: 'connected' });
    expect(permit('settingsChanged', {})).toBeUndefined();
    // Read for every event: the guest's new rooms apply at once, and a revoked user gets nothing.
    principal = { ...principal, rooms: ['office'] };
    expect(permit('devicesChanged', { devices })).toEqual({ devices: [devices[1]] });
    principal = undefined;
    expect(permit('mqttStatus', { state: 'connected' })).toBeUndefined();
  });
});
