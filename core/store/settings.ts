/**
 * Plain hub settings (never secrets: those live in secrets.ts), one row per key, validated
 * with zod on the way in and on the way out. Writes go through the `main` connection
 * (`synchronous=FULL`): when set() returns, the value survives a crash.
 */
import { Settings, type SettingKey } from '../model/settings';
import type { SqliteDatabase } from './database';

// The schema is part of the model (the API and the renderer use it too); re-exported for the store's callers.
export { Settings, type SettingKey };

export const DEFAULT_HISTORY_RAW_DAYS = 10;

export class SettingsStore {
  private readonly selectAll;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.selectAll = db.prepare('SELECT key, value FROM settings');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** Every stored setting; a stored value that no longer validates is left out. */
  all(): Settings {
    const raw: Record<string, unknown> = {};
    for (const { key, value } of this.selectAll.all() as { key: string; value: string }[]) {
      if (!Object.hasOwn(Settings.shape, key)) continue;
      try {
        const parsed = Settings.shape[key as SettingKey].safeParse(JSON.parse(value));
        if (parsed.success) raw[key] = parsed.data;
      } catch {
        // unreadable value: ignored, the default applies
      }
    }
    return raw as Settings;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.all()[key];
  }

  /** Validates, then writes the given keys in one transaction (`undefined` removes a key). */
  update(patch: Partial<Settings>): Settings {
    const parsed = Settings.partial().parse(patch);
    this.db.transaction(() => {
      for (const key of Object.keys(patch) as SettingKey[]) {
        const value = parsed[key];
        if (value === undefined) this.remove.run(key);
        else this.upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.all();
  }

  /** Replaces all settings (restore from a backup); call inside the caller's transaction. */
  replaceAll(settings: Settings): void {
    this.db.prepare('DELETE FROM settings').run();
    for (const [key, value] of Object.entries(settings)) if (value !== undefined) this.upsert.run(key, JSON.stringify(value));
  }
}

/** The settings of a hub without a data folder: validated like stored ones, gone when the hub stops. */
export class MemorySettingsStore {
  private current: Settings = {};

  all(): Settings {
    return { ...this.current };
  }

  /** Validates, then applies the given keys (`undefined` removes a key). */
  update(patch: Partial<Settings>): Settings {
    const merged = { ...this.current, ...Settings.partial().parse(patch) };
    this.current = Settings.parse(Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)));
    return this.all();
  }
}
