/** What the user changed about each device (name, room, hidden, icon). Writes are FULL-synced. */
import type { DeviceOverride } from '../model';
import type { SqliteDatabase } from './database';

interface Row {
  device_id: string;
  name: string | null;
  room_id: string | null;
  hidden: number;
  icon: string | null;
}

/** A patch: a field set to `null` is cleared, a missing field is kept. */
export type DeviceOverridePatch = { [K in keyof DeviceOverride]?: DeviceOverride[K] | null };

export class DeviceOverrideStore {
  private readonly selectAll;
  private readonly selectOne;
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {
    this.selectAll = db.prepare('SELECT device_id, name, room_id, hidden, icon FROM device_overrides ORDER BY device_id');
    this.selectOne = db.prepare('SELECT device_id, name, room_id, hidden, icon FROM device_overrides WHERE device_id = ?');
    this.upsert = db.prepare(`INSERT INTO device_overrides (device_id, name, room_id, hidden, icon, updated_at)
      VALUES (@id, @name, @roomId, @hidden, @icon, @at)
      ON CONFLICT (device_id) DO UPDATE SET name = @name, room_id = @roomId, hidden = @hidden, icon = @icon, updated_at = @at`);
    this.remove = db.prepare('DELETE FROM device_overrides WHERE device_id = ?');
  }

  all(): Map<string, DeviceOverride> {
    return new Map((this.selectAll.all() as Row[]).map((row) => [row.device_id, fromRow(row)]));
  }

  get(id: string): DeviceOverride | undefined {
    const row = this.selectOne.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Merges the patch into the stored override and returns the result (`undefined` once nothing is left). */
  update(id: string, patch: DeviceOverridePatch): DeviceOverride | undefined {
    return this.db.transaction(() => {
      const merged: Record<string, unknown> = { ...this.get(id) };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === '' || value === false) delete merged[key];
        else if (value !== undefined) merged[key] = value;
      }
      const next = merged as DeviceOverride;
      this.write(id, next);
      return Object.keys(next).length ? next : undefined;
    })();
  }

  /** Replaces every override (restore from a backup); call inside the caller's transaction. */
  replaceAll(overrides: Iterable<[string, DeviceOverride]>): void {
    this.db.prepare('DELETE FROM device_overrides').run();
    for (const [id, override] of overrides) this.write(id, override);
  }

  private write(id: string, o: DeviceOverride): void {
    if (!o.name && !o.roomId && !o.hidden && !o.icon) {
      this.remove.run(id);
      return;
    }
    this.upsert.run({
      id,
      name: o.name ?? null,
      roomId: o.roomId ?? null,
      hidden: o.hidden ? 1 : 0,
      icon: o.icon ?? null,
      at: this.now(),
    });
  }
}

function fromRow(row: Row): DeviceOverride {
  const o: DeviceOverride = {};
  if (row.name) o.name = row.name;
  if (row.room_id) o.roomId = row.room_id;
  if (row.hidden) o.hidden = true;
  if (row.icon) o.icon = row.icon;
  return o;
}
