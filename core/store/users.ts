/**
 * Users (api/users.ts's UserRepository) in SQLite: only each token's SHA-256 is kept. A row whose rooms no longer
 * parse keeps its user with no rooms (a guest or board then reaches nothing), rather than failing the start.
 */
import { z } from 'zod';
import type { UserRecord, UserRepository } from '../api/users';
import { UserRole } from '../model';
import type { SqliteDatabase } from './database';

type Row = {
  id: string;
  name: string;
  role: string;
  rooms: string;
  token_hash: string;
  token_created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  owner: number;
  created_at: number;
};

const Rooms = z.array(z.string());

function parseRooms(text: string): string[] {
  try {
    const parsed = Rooms.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export class UserStore implements UserRepository {
  private readonly listRows;
  private readonly upsertRow;
  private readonly removeRow;

  constructor(db: SqliteDatabase) {
    this.listRows = db.prepare('SELECT * FROM users');
    this.upsertRow = db.prepare(
      `INSERT INTO users (id, name, role, rooms, token_hash, token_created_at, expires_at, revoked_at, owner, created_at)
       VALUES (@id, @name, @role, @rooms, @tokenHash, @tokenCreatedAt, @expiresAt, @revokedAt, @owner, @createdAt)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, rooms = excluded.rooms,
         token_hash = excluded.token_hash, token_created_at = excluded.token_created_at,
         expires_at = excluded.expires_at, revoked_at = excluded.revoked_at, owner = excluded.owner`,
    );
    this.removeRow = db.prepare('DELETE FROM users WHERE id = ?');
  }

  list(): UserRecord[] {
    const records: UserRecord[] = [];
    for (const row of this.listRows.all() as Row[]) {
      const role = UserRole.safeParse(row.role);
      if (!role.success) continue;
      records.push({
        id: row.id,
        name: row.name,
        role: role.data,
        rooms: parseRooms(row.rooms),
        tokenHash: row.token_hash,
        tokenCreatedAt: row.token_created_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
        owner: row.owner === 1,
        createdAt: row.created_at,
      });
    }
    return records;
  }

  upsert(record: UserRecord): void {
    this.upsertRow.run({
      id: record.id,
      name: record.name,
      role: record.role,
      rooms: JSON.stringify(record.rooms),
      tokenHash: record.tokenHash,
      tokenCreatedAt: record.tokenCreatedAt,
      expiresAt: record.expiresAt,
      revokedAt: record.revokedAt,
      owner: record.owner ? 1 : 0,
      createdAt: record.createdAt,
    });
  }

  remove(id: string): boolean {
    return this.removeRow.run(id).changes > 0;
  }
}
