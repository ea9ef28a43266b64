/**
 * Secrets (broker password, device API keys) live apart from plain settings, in their own
 * table, encrypted by an injected SecretCipher: Electron's safeStorage in the desktop app
 * (electron/secret-cipher.ts), a key file readable only by its owner in the headless hub
 * (key-file-cipher.ts). Secrets are never exported, logged or written to the logbook.
 */
import type { SqliteDatabase } from './database';

export interface SecretCipher {
  /** Recorded with each secret, so a secret sealed by another cipher is recognised. */
  readonly id: string;
  /** Set when the protection is weaker than it looks (safeStorage's `basic_text` backend). */
  readonly warning?: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export class SecretStore {
  /** The cipher's warning, if its protection is weak. */
  get warning(): string | undefined {
    return this.cipher.warning;
  }

  constructor(
    private readonly db: SqliteDatabase,
    private readonly cipher: SecretCipher,
    private readonly now: () => number,
  ) {}

  names(): string[] {
    return (this.db.prepare('SELECT name FROM secrets ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  set(name: string, value: string): void {
    const data = this.cipher.encrypt(value);
    this.db
      .prepare(
        `INSERT INTO secrets (name, cipher, data, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET cipher = excluded.cipher, data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(name, this.cipher.id, data, this.now());
  }

  /** The secret, or undefined when there is none. Throws (without the value) when it cannot be decrypted. */
  get(name: string): string | undefined {
    const row = this.db.prepare('SELECT cipher, data FROM secrets WHERE name = ?').get(name) as
      { cipher: string; data: Buffer } | undefined;
    if (!row) return undefined;
    if (row.cipher !== this.cipher.id)
      throw new Error(`The secret "${name}" was sealed with ${row.cipher}, not ${this.cipher.id}; enter it again`);
    try {
      return this.cipher.decrypt(row.data);
    } catch {
      throw new Error(`The secret "${name}" could not be decrypted (wrong key?); enter it again`);
    }
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
  }
}
