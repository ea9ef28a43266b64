/**
 * Signed-in browsers (api/sessions.ts's SessionRepository) in SQLite: only the SHA-256 of each
 * session id is kept, never the id a browser holds nor a token. Not part of a backup.
 */
import type { SessionRecord, SessionRepository } from '../api/sessions';
import type { SqliteDatabase } from './database';

type Row = {
  id_hash: string;
  user_id: string | null;
  token_fingerprint: string;
  label: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
};

const toRecord = (row: Row): SessionRecord => ({
  idHash: row.id_hash,
  userId: row.user_id,
  tokenFingerprint: row.token_fingerprint,
  label: row.label,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastSeenAt: row.last_seen_at,
});

export class BrowserSessionStore implements SessionRepository {
  private readonly insertRow;
  private readonly findRow;
  private readonly renewRow;
  private readonly removeRow;
  private readonly listRows;
  private readonly removeExpiredRows;
  private readonly userRows;
  private readonly removeUserRows;
  private readonly adoptRows;

  constructor(db: SqliteDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO browser_sessions (id_hash, user_id, token_fingerprint, label, created_at, expires_at, last_seen_at)
       VALUES (@idHash, @userId, @tokenFingerprint, @label, @createdAt, @expiresAt, @lastSeenAt)`,
    );
    this.findRow = db.prepare('SELECT * FROM browser_sessions WHERE id_hash = ?');
    this.renewRow = db.prepare('UPDATE browser_sessions SET expires_at = ?, last_seen_at = ? WHERE id_hash = ?');
    this.removeRow = db.prepare('DELETE FROM browser_sessions WHERE id_hash = ?');
    this.listRows = db.prepare('SELECT * FROM browser_sessions');
    this.removeExpiredRows = db.prepare('DELETE FROM browser_sessions WHERE expires_at <= ?');
    this.userRows = db.prepare('SELECT id_hash FROM browser_sessions WHERE user_id = ?').pluck();
    this.removeUserRows = db.prepare('DELETE FROM browser_sessions WHERE user_id = ?');
    this.adoptRows = db.prepare(
      'UPDATE browser_sessions SET user_id = ?, token_fingerprint = ? WHERE user_id IS NULL AND token_fingerprint = ?',
    );
  }

  insert(record: SessionRecord): void {
    this.insertRow.run(record);
  }
  find(idHash: string): SessionRecord | undefined {
    const row = this.findRow.get(idHash) as Row | undefined;
    return row && toRecord(row);
  }
  renew(idHash: string, expiresAt: number, lastSeenAt: number): boolean {
    return this.renewRow.run(expiresAt, lastSeenAt, idHash).changes > 0;
  }
  remove(idHash: string): boolean {
    return this.removeRow.run(idHash).changes > 0;
  }
  list(): SessionRecord[] {
    return (this.listRows.all() as Row[]).map(toRecord);
  }
  removeExpired(now: number): void {
    this.removeExpiredRows.run(now);
  }
  removeUser(userId: string): string[] {
    const ids = this.userRows.all(userId) as string[];
    this.removeUserRows.run(userId);
    return ids;
  }
  adopt(legacyFingerprint: string, userId: string, tokenFingerprint: string): void {
    this.adoptRows.run(userId, tokenFingerprint, legacyFingerprint);
  }
}
