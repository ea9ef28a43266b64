/**
 * The HubApi methods of the room behaviours (core/automations/rooms): settings, occupancy status,
 * holds, "resume automatic", explanations, people. Part of createHandlers (handlers.ts).
 */
import type { RoomRunner } from '../automations/rooms/runner';
import type { RoomBehaviourRepository } from '../automations/rooms/repository';
import { RoomBehaviour, type ManualHold } from '../model';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

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

export function createRoomHandlers(deps: RoomHandlerDeps | undefined): Pick<Handlers, RoomMethod> {
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
    getRoomBehaviour: handle('getRoomBehaviour', async ({ roomId }) => need().repository.get(knownRoom(roomId))),
    updateRoomBehaviour: handle('updateRoomBehaviour', async ({ roomId, behaviour }) => {
      const current = need().repository.get(knownRoom(roomId));
      const merged = {
        roomId,
        occupancy: { ...current.occupancy, ...behaviour.occupancy },
        lighting: { ...current.lighting, ...behaviour.lighting },
        climate: { ...current.climate, ...behaviour.climate },
        media: { ...current.media, ...behaviour.media },
        meeting: { ...current.meeting, ...behaviour.meeting },
      };
      // The patch's sections are partial and untyped: the merged whole is what the schema validates.
      const parsed = RoomBehaviour.safeParse(merged);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ApiError(
          'invalid',
          `Invalid updateRoomBehaviour request: behaviour.${issue?.path.join('.')}: ${issue?.message}`,
        );
      }
      return need().repository.put(parsed.data);
    }),
    listRoomStatus: handle('listRoomStatus', async () => {
      const { runner } = need();
      return runner.roomIds().map((id) => runner.status(id));
    }),
    getRoomStatus: handle('getRoomStatus', async ({ roomId }) => need().runner.status(knownRoom(roomId))),
    setRoomHold: handle('setRoomHold', async ({ roomId, hold, minutes }) => {
      const kind: ManualHold['kind'] | null = hold === 'none' ? null : hold;
      return need().runner.setHold(knownRoom(roomId), kind, minutes);
    }),
    resumeAutomatic: handle('resumeAutomatic', async ({ deviceId }) => {
      const status = need().runner.resume(deviceId);
      if (!status) throw new ApiError('not_found', `No device with id "${deviceId}" in a room`);
      return status;
    }),
    explainDevice: handle('explainDevice', async ({ deviceId }) => {
      const { arbiter } = need().runner;
      return { why: arbiter.why(deviceId) ?? null, history: [...arbiter.history(deviceId)] };
    }),
    listPeople: handle('listPeople', async () => need().repository.people()),
    updatePerson: handle('updatePerson', async (input) => {
      const before = need()
        .repository.people()
        .find((p) => p.id === input.id);
      // `roomId` left out: the person stays where they are.
      return need().repository.putPerson({
        ...input,
        roomId: input.roomId === undefined ? (before?.roomId ?? null) : input.roomId,
      });
    }),
    deletePerson: handle('deletePerson', async ({ id }) => {
      person(id);
      need().repository.removePerson(id);
      return { id };
    }),
    setPersonRoom: handle('setPersonRoom', async ({ personId, roomId }) => {
      const found = person(personId);
      if (roomId !== null) knownRoom(roomId);
      return need().repository.putPerson({ ...found, roomId });
    }),
  };
}
