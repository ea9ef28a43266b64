/** Rooms people name (`{id, name, kind}`), in the order they were created. Writes are FULL-synced. */
import { cleanText, type Room, type RoomKind } from '../model';
import type { SqliteDatabase } from './database';

export class RoomStore {
  private readonly selectAll;
  private readonly selectOne;

  constructor(private readonly db: SqliteDatabase) {
    this.selectAll = db.prepare('SELECT id, name, kind FROM rooms ORDER BY position, id');
    this.selectOne = db.prepare('SELECT id, name, kind FROM rooms WHERE id = ?');
  }

  list(): Room[] {
    return this.selectAll.all() as Room[];
  }

  get(id: string): Room | undefined {
    return this.selectOne.get(id) as Room | undefined;
  }

  /** A readable, unique id from the name ("Living room" → "living-room", then "living-room-2"). */
  create(input: { name: string; kind: RoomKind; id?: string }): Room {
    const name = cleanText(input.name, 100);
    if (!name) throw new Error('A room needs a name');
    return this.db.transaction(() => {
      const base = input.id ?? (slug(name) || 'room');
      let id = base;
      for (let n = 2; this.get(id); n++) id = `${base}-${n}`;
      const position = (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM rooms').get() as { p: number }).p;
      this.db.prepare('INSERT INTO rooms (id, name, kind, position) VALUES (?, ?, ?, ?)').run(id, name, input.kind, position);
      return { id, name, kind: input.kind };
    })();
  }

  update(id: string, patch: { name?: string; kind?: RoomKind }): Room | undefined {
    const room = this.get(id);
    if (!room) return undefined;
    const name = patch.name === undefined ? room.name : cleanText(patch.name, 100);
    if (!name) throw new Error('A room needs a name');
    const next: Room = { id, name, kind: patch.kind ?? room.kind };
    this.db.prepare('UPDATE rooms SET name = ?, kind = ? WHERE id = ?').run(next.name, next.kind, id);
    return next;
  }

  /** Deletes the room; devices in it become unassigned (foreign key ON DELETE SET NULL). */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM rooms WHERE id = ?').run(id).changes > 0;
  }

  /** Replaces all rooms (restore from a backup); call inside the caller's transaction. */
  replaceAll(rooms: readonly Room[]): void {
    this.db.prepare('DELETE FROM rooms').run();
    const insert = this.db.prepare('INSERT INTO rooms (id, name, kind, position) VALUES (?, ?, ?, ?)');
    rooms.forEach((room, i) => insert.run(room.id, cleanText(room.name, 100), room.kind, i + 1));
  }
}

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
