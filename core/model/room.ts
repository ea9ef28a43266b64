import { z } from 'zod';

export const ROOM_KINDS = ['home', 'office', 'meeting'] as const;
export const RoomKind = z.enum(ROOM_KINDS);
export type RoomKind = z.infer<typeof RoomKind>;

/** A room people name; devices are assigned to it by the user (device overrides). */
export const Room = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  kind: RoomKind,
});
export type Room = z.infer<typeof Room>;
