/**
 * The HubApi methods of the room behaviours (core/automations/rooms): settings, occupancy status,
 * holds, "resume automatic", explanations, people. Part of createHandlers (handlers.ts).
 */
import type { RoomRunner } from '../automations/rooms/runner';
import type { RoomBehaviourRepository } from '../automations/rooms/repository';
import { Person, RoomBehaviour, type ManualHold } from '../model';
import type { RoomBehaviourPatch, RoomHoldKind } from './contract-rooms';
import { ApiError, type MethodName, type MethodResponse } from './contract';

export interface RoomHandlerDeps {
  runner: RoomRunner;
  repository: RoomBehaviourRepository;
}

type RoomMethod =
  | 'getRoomBehaviour'
  | 'updateRoomBehaviour'
  | 'listRoomStatus'
  | 'getRoomStatus'
  | 'setRoomHold'
  | 'resumeAutomatic'
  | 'explainDevice'
  | 'listPeople'
  | 'updatePerson'
  | 'deletePerson'
  | 'setPersonRoom';

type Parse = <M extends MethodName>(method: M, params: unknown) => never;
export type RoomHandlers = { [M in RoomMethod]: (params: unknown) => Promise<MethodResponse<M>> };

export function createRoomHandlers(deps: RoomHandlerDeps | undefined, parse: Parse): RoomHandlers {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub does not run room automations');
    return deps;
  };
  const knownRoom = (roomId: string) => {
    if (!need().runner.roomIds().includes(roomId)) throw new ApiError('not_found', `No room with id "${roomId}"`);
    return roomId;
  };
  const person = (id: string) => {
    const found = need()
      .repository.people()
      .find((p) => p.id === id);
    if (!found) throw new ApiError('not_found', `No person with id "${id}"`);
    return found;
  };

  return {
    async getRoomBehaviour(params) {
      const { roomId } = parse('getRoomBehaviour', params) as { roomId: string };
      return need().repository.get(knownRoom(roomId));
    },
    async updateRoomBehaviour(params) {
      const { roomId, behaviour } = parse('updateRoomBehaviour', params) as { roomId: string; behaviour: RoomBehaviourPatch };
      const current = need().repository.get(knownRoom(roomId));
      const merged = {
        roomId,
        occupancy: { ...current.occupancy, ...behaviour.occupancy },
        lighting: { ...current.lighting, ...behaviour.lighting },
        climate: { ...current.climate, ...behaviour.climate },
        media: { ...current.media, ...behaviour.media },
      };
      const parsed = RoomBehaviour.safeParse(merged);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ApiError(
          'invalid',
          `Invalid updateRoomBehaviour request: behaviour.${issue?.path.join('.')}: ${issue?.message}`,
        );
      }
      return need().repository.put(parsed.data);
    },
    async listRoomStatus(params) {
      parse('listRoomStatus', params);
      const { runner } = need();
      return runner.roomIds().map((id) => runner.status(id));
    },
    async getRoomStatus(params) {
      const { roomId } = parse('getRoomStatus', params) as { roomId: string };
      return need().runner.status(knownRoom(roomId));
    },
    async setRoomHold(params) {
      const { roomId, hold, minutes } = parse('setRoomHold', params) as { roomId: string; hold: RoomHoldKind; minutes?: number };
      const kind: ManualHold['kind'] | null = hold === 'none' ? null : hold;
      return need().runner.setHold(knownRoom(roomId), kind, minutes);
    },
    async resumeAutomatic(params) {
      const { deviceId } = parse('resumeAutomatic', params) as { deviceId: string };
      const status = need().runner.resume(deviceId);
      if (!status) throw new ApiError('not_found', `No device with id "${deviceId}" in a room`);
      return status;
    },
    async explainDevice(params) {
      const { deviceId } = parse('explainDevice', params) as { deviceId: string };
      const { arbiter } = need().runner;
      return { why: arbiter.why(deviceId) ?? null, history: [...arbiter.history(deviceId)] };
    },
    async listPeople(params) {
      parse('listPeople', params);
      return need().repository.people();
    },
    async updatePerson(params) {
      const input = parse('updatePerson', params) as Person;
      const before = need()
        .repository.people()
        .find((p) => p.id === input.id);
      return need().repository.putPerson(
        Person.parse({ ...input, roomId: input.roomId === undefined ? (before?.roomId ?? null) : input.roomId }),
      );
    },
    async deletePerson(params) {
      const { id } = parse('deletePerson', params) as { id: string };
      person(id);
      need().repository.removePerson(id);
      return { id };
    },
    async setPersonRoom(params) {
      const { personId, roomId } = parse('setPersonRoom', params) as { personId: string; roomId: string | null };
      const found = person(personId);
      if (roomId !== null) knownRoom(roomId);
      return need().repository.putPerson({ ...found, roomId });
    },
  };
}
