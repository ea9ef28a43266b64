/**
 * People and their tokens: each user has one token, shown once when it is made and kept only as its SHA-256 (a
 * copied database signs no one in). A token stops when the user is revoked, expires, gets a new token or is deleted;
 * listeners (the server, the browser sessions) then close what it had open. The hub's own token (`hub-token`,
 * `--token`) is the owner's: the first admin. Transport-free; the repository is SQLite (core/store/users.ts) or memory.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isRoomLimited, type Principal, type User, type UserRole } from '../model';
import type { Clock } from '../util/clock';
import { ApiError } from './contract';

export interface UserRecord extends User {
  /** SHA-256 (hex) of the current token. */
  tokenHash: string;
}

export interface UserRepository {
  list(): UserRecord[];
  upsert(record: UserRecord): void;
  remove(id: string): boolean;
}

export class MemoryUserRepository implements UserRepository {
  private readonly rows = new Map<string, UserRecord>();
  list(): UserRecord[] {
    return [...this.rows.values()].map((row) => ({ ...row, rooms: [...row.rooms] }));
  }
  upsert(record: UserRecord): void {
    this.rows.set(record.id, { ...record, rooms: [...record.rooms] });
  }
  remove(id: string): boolean {
    return this.rows.delete(id);
  }
}

/** 32 random bytes (256 bits), base64url: 43 characters. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface NewUserInput {
  name: string;
  role: UserRole;
  rooms?: string[] | undefined;
  expiresAt?: number | null | undefined;
}

export interface UserPatchInput {
  name?: string | undefined;
  role?: UserRole | undefined;
  rooms?: string[] | undefined;
  expiresAt?: number | null | undefined;
  revoked?: boolean | undefined;
}

/** Why a user's connections must close: its token stopped, or what it may do changed. */
export type UserChange = 'token' | 'access' | 'removed';

export class UserDirectory {
  /** Kept in memory (a few rows): every request and event looks its caller up. */
  private readonly users = new Map<string, UserRecord>();
  private readonly byHash = new Map<string, string>();
  private readonly listeners = new Set<(userId: string, change: UserChange) => void>();

  constructor(private readonly options: { repository: UserRepository; clock: Clock }) {
    for (const record of options.repository.list()) this.remember(record);
  }

  /**
   * The hub's token is the owner's: made on the first start with users, and replaced when the hub starts with
   * another token (`--token`), which ends the owner's old sessions as a new token always did.
   */
  ensureOwner(token: string): UserRecord {
    const tokenHash = hashToken(token);
    const owner = this.owner();
    if (owner && owner.tokenHash === tokenHash) return owner;
    const now = this.options.clock.now();
    if (owner) return this.save({ ...owner, tokenHash, tokenCreatedAt: now }, 'token');
    return this.save({
      id: 'owner',
      name: 'Owner',
      role: 'admin',
      rooms: [],
      createdAt: now,
      expiresAt: null,
      revokedAt: null,
      tokenCreatedAt: now,
      owner: true,
      tokenHash,
    });
  }

  /** The first admin, whose token is the hub's own. */
  owner(): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.owner);
  }

  list(): User[] {
    return [...this.users.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map(publicUser);
  }

  get(id: string): User | undefined {
    const record = this.users.get(id);
    return record && publicUser(record);
  }

  create(input: NewUserInput): { user: User; token: string } {
    const now = this.options.clock.now();
    const token = newToken();
    const record = this.save({
      id: randomUUID(),
      name: input.name,
      role: input.role,
      rooms: isRoomLimited(input.role) ? unique(input.rooms ?? []) : [],
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      tokenCreatedAt: now,
      owner: false,
      tokenHash: hashToken(token),
    });
    return { user: publicUser(record), token };
  }

  update(id: string, patch: UserPatchInput): User {
    const current = this.require(id);
    const role = patch.role ?? current.role;
    const revokedAt =
      patch.revoked === undefined ? current.revokedAt : patch.revoked ? (current.revokedAt ?? this.options.clock.now()) : null;
    const next: UserRecord = {
      ...current,
      name: patch.name ?? current.name,
      role,
      rooms: isRoomLimited(role) ? unique(patch.rooms ?? current.rooms) : [],
      expiresAt: patch.expiresAt === undefined ? current.expiresAt : patch.expiresAt,
      revokedAt,
    };
    if (isRoomLimited(role) && next.rooms.length === 0) throw new ApiError('invalid', `A ${role} needs at least one room`);
    if (current.role === 'admin' && !this.activeAdmin(next)) this.assertAnotherAdmin(id, 'take away the last admin');
    const stopped = revokedAt !== null && current.revokedAt === null;
    return publicUser(this.save(next, stopped ? 'token' : 'access'));
  }

  /** A new token: the old one, and every session made with it, stop at once. A revoked user is active again. */
  rotate(id: string): { user: User; token: string } {
    const current = this.require(id);
    const token = newToken();
    const record = this.save(
      { ...current, tokenHash: hashToken(token), tokenCreatedAt: this.options.clock.now(), revokedAt: null },
      'token',
    );
    return { user: publicUser(record), token };
  }

  remove(id: string): void {
    const current = this.require(id);
    if (this.activeAdmin(current)) this.assertAnotherAdmin(id, 'remove the last admin');
    this.options.repository.remove(id);
    this.users.delete(id);
    this.byHash.delete(current.tokenHash);
    this.notify(id, 'removed');
  }

  /** The user a token stands for, if it is current, unrevoked and unexpired. */
  authenticate(token: string | undefined): { principal: Principal; tokenHash: string } | undefined {
    if (token === undefined || token.length === 0 || token.length > 1000) return undefined;
    const tokenHash = hashToken(token);
    const id = this.byHash.get(tokenHash);
    const record = id === undefined ? undefined : this.users.get(id);
    // The map lookup is by hash (no timing about the token itself); the compare is constant-time all the same.
    if (!record || !timingSafeEqual(Buffer.from(record.tokenHash), Buffer.from(tokenHash))) return undefined;
    const principal = this.principal(record.id, tokenHash);
    return principal && { principal, tokenHash };
  }

  /** The principal of a user as long as `tokenHash` is still its token and it is active; else undefined. */
  principal(userId: string, tokenHash: string): Principal | undefined {
    const record = this.users.get(userId);
    if (!record || record.tokenHash !== tokenHash || !this.active(record)) return undefined;
    return { userId: record.id, name: record.name, role: record.role, rooms: record.rooms };
  }

  /** Called when a user's token stops or its access changes (the server closes its connections). */
  onChange(listener: (userId: string, change: UserChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private active(record: UserRecord): boolean {
    return record.revokedAt === null && (record.expiresAt === null || record.expiresAt > this.options.clock.now());
  }

  private activeAdmin(record: UserRecord): boolean {
    return record.role === 'admin' && this.active(record);
  }

  /** Nobody could manage the hub any more: refused. */
  private assertAnotherAdmin(id: string, what: string): void {
    if (![...this.users.values()].some((u) => u.id !== id && this.activeAdmin(u)))
      throw new ApiError('not_writable', `Cannot ${what}: make another admin first`);
  }

  private require(id: string): UserRecord {
    const record = this.users.get(id);
    if (!record) throw new ApiError('not_found', `No user with id "${id}"`);
    return record;
  }

  private save(record: UserRecord, change?: UserChange): UserRecord {
    const previous = this.users.get(record.id);
    this.options.repository.upsert(record);
    if (previous) this.byHash.delete(previous.tokenHash);
    this.remember(record);
    if (change) this.notify(record.id, change);
    return record;
  }

  private remember(record: UserRecord): void {
    this.users.set(record.id, record);
    this.byHash.set(record.tokenHash, record.id);
  }

  private notify(userId: string, change: UserChange): void {
    for (const listener of [...this.listeners]) listener(userId, change);
  }
}

function publicUser(record: UserRecord): User {
  const { tokenHash: _hidden, ...user } = record;
  return { ...user, rooms: [...user.rooms] };
}

const unique = (rooms: readonly string[]): string[] => [...new Set(rooms)];
