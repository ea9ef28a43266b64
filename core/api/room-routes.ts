/**
 * REST routes of the room behaviours (docs/api.md "Rooms: occupancy, lighting, climate").
 * Returns undefined when the path is not one of ours, so server.ts can go on routing.
 */
import type { Handlers } from './handlers';

export async function routeRooms(
  method: string,
  parts: string[],
  readJson: () => Promise<unknown>,
  handlers: Handlers,
): Promise<{ body: unknown } | undefined> {
  const [, area, id, sub] = parts; // ['api', area, id?, sub?]
  const object = async () => {
    const body = await readJson();
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  };
  const route = `${method} /${area}${id === undefined ? '' : '/:id'}${sub === undefined ? '' : `/${sub}`}`;
  if (parts.length > 4) return undefined;
  if (area === 'rooms' && id === 'status' && parts.length === 3 && method === 'GET')
    return { body: await handlers.listRoomStatus({}) };
  switch (route) {
    case 'GET /rooms/:id/status':
      return { body: await handlers.getRoomStatus({ roomId: id }) };
    case 'GET /rooms/:id/behaviour':
      return { body: await handlers.getRoomBehaviour({ roomId: id }) };
    case 'PATCH /rooms/:id/behaviour':
      return { body: await handlers.updateRoomBehaviour({ roomId: id, behaviour: await object() }) };
    case 'POST /rooms/:id/hold':
      return { body: await handlers.setRoomHold({ ...(await object()), roomId: id }) };
    case 'POST /devices/:id/resume':
      return { body: await handlers.resumeAutomatic({ deviceId: id }) };
    case 'GET /devices/:id/why':
      return { body: await handlers.explainDevice({ deviceId: id }) };
    case 'GET /people':
      return { body: await handlers.listPeople({}) };
    case 'PUT /people/:id':
      return { body: await handlers.updatePerson({ ...(await object()), id }) };
    case 'DELETE /people/:id':
      return { body: await handlers.deletePerson({ id }) };
    case 'POST /people/:id/room':
      return { body: await handlers.setPersonRoom({ ...(await object()), personId: id }) };
  }
  return undefined;
}
