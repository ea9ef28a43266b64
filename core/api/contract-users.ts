/**
 * The HubApi's people-and-access part (users, their roles and tokens, who the caller is), spread into `methods` in
 * contract.ts. Pure: imported by core and renderer alike.
 */
import { z } from 'zod';
import { User, UserRole, UserWithToken } from '../model';
import { method, Time } from './contract-row';

const Name = z.string().trim().min(1, 'give it a name').max(100);
const Rooms = z.array(z.string().min(1).max(100)).max(100);
/** A time (ms or ISO 8601) after which the token stops; `null`: never. */
const Expiry = Time.nullable();

export const NewUser = z
  .object({ name: Name, role: UserRole, rooms: Rooms.optional(), expiresAt: Expiry.optional() })
  .strict()
  .refine((u) => (u.role !== 'guest' && u.role !== 'board') || (u.rooms?.length ?? 0) > 0, {
    message: 'a guest or board needs at least one room',
    path: ['rooms'],
  });

export const UserPatch = z
  .object({
    id: z.string().min(1).max(100),
    name: Name.optional(),
    role: UserRole.optional(),
    rooms: Rooms.optional(),
    expiresAt: Expiry.optional(),
    /** `true` stops the token and ends every session of it; a new token (`POST …/token`) lifts it. */
    revoked: z.boolean().optional(),
  })
  .strict();

/** Who the caller is and what it may do: the renderer hides what is not in `methods`. */
export const Me = z.object({
  user: User,
  /** Every method this caller may call (room-scoped ones only for its rooms). */
  methods: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;

const UserId = z.object({ id: z.string().min(1).max(100) }).strict();

export const userMethods = {
  listUsers: method({
    description: 'Everyone who has a token: name, role, rooms, expiry, whether revoked. Tokens are never listed.',
    rest: { method: 'GET', path: '/api/users' },
    access: { level: 'admin' },
    request: z.object({}).strict(),
    response: z.array(User),
  }),
  createUser: method({
    description:
      'Adds a user (`rooms` required for a guest or board) and answers with its token, **shown this once** (stored only as a hash).',
    rest: { method: 'POST', path: '/api/users', status: 201 },
    access: { level: 'admin' },
    request: NewUser,
    response: UserWithToken,
  }),
  updateUser: method({
    description:
      'Renames, changes role, rooms or expiry, or revokes (`revoked: true`); a revoked or changed user’s open connections close.',
    rest: { method: 'PATCH', path: '/api/users/:id' },
    access: { level: 'admin' },
    request: UserPatch,
    response: User,
  }),
  deleteUser: method({
    description: 'Removes a user: its token and sessions stop at once. The last admin cannot be removed.',
    rest: { method: 'DELETE', path: '/api/users/:id' },
    access: { level: 'admin' },
    request: UserId,
    response: z.object({ id: z.string() }),
  }),
  newUserToken: method({
    description: 'Makes a new token for a user (shown this once); the old one and its sessions stop at once.',
    rest: { method: 'POST', path: '/api/users/:id/token', body: 'ignore' },
    access: { level: 'admin' },
    request: UserId,
    response: UserWithToken,
  }),
  getMe: method({
    description: 'Who this token or session is (role, rooms, expiry) and which methods it may call.',
    rest: { method: 'GET', path: '/api/me' },
    access: { level: 'read', rooms: 'unscoped' },
    request: z.object({}).strict(),
    response: Me,
  }),
} as const;
