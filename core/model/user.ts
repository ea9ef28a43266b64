import { z } from 'zod';

/**
 * Who may do what (docs/architecture.md, "Access"):
 * - admin: everything;
 * - member: control devices, rooms, scenes and automations (no settings, users, backups or discovery);
 * - guest: control only the rooms given to them; no settings, automations, nor other rooms' history or logbook;
 * - board: read-only for the rooms given to it (a wall tablet).
 */
export const USER_ROLES = ['admin', 'member', 'guest', 'board'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/** Roles limited to the rooms listed on the user. */
export const isRoomLimited = (role: UserRole): boolean => role === 'guest' || role === 'board';

/** A person or a tablet with its own token. The token itself is never part of it (only shown once). */
export const User = z.object({
  id: z.string(),
  name: z.string(),
  role: UserRole,
  /** The rooms a guest or board may see (ignored for admin and member). */
  rooms: z.array(z.string()),
  createdAt: z.number(),
  /** After this time the token no longer signs in (null: never expires). */
  expiresAt: z.number().nullable(),
  /** Set when the user was revoked: the token and every session of it stopped working then. */
  revokedAt: z.number().nullable(),
  /** When the current token was made (a new token ends the old one and its sessions). */
  tokenCreatedAt: z.number(),
  /** The first admin, whose token is the hub's own (`hub-token`, `--token`). */
  owner: z.boolean(),
});
export type User = z.infer<typeof User>;

/** A user as created or given a new token: the token is in this answer only, never again. */
export const UserWithToken = z.object({
  user: User,
  token: z.string(),
  /** The sign-in link (`…/?token=`) the QR code encodes; absent when the hub does not know its own address. */
  signInUrl: z.string().optional(),
});
export type UserWithToken = z.infer<typeof UserWithToken>;

/** Who is calling: a user, as the token or session resolved it (core/api/users.ts). */
export interface Principal {
  userId: string;
  name: string;
  role: UserRole;
  /** The rooms a guest or board may reach (ignored for admin and member). */
  rooms: readonly string[];
}
