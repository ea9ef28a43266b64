/**
 * The RoomBehaviourRepository on SQLite: one `room_behaviours` row per room holding the room's
 * zod-validated behaviour as JSON (fields added to the schema need no migration), and people
 * (people.ts). The runner reads on every evaluation, so both are kept in memory as well; every
 * write goes to SQLite first (FULL-synced) and only then to memory and the listeners.
 */
import type { z } from 'zod';
import type { RoomBehaviourRepository } from '../automations/rooms/repository';
import { Person, RoomBehaviour, type RoomBehaviourInput } from '../model';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';
import { PeopleTable } from './people';

const SOURCE: JsonRowSource = {
  table: 'room_behaviours',
  keyColumn: 'room_id',
  bodyColumn: 'behaviour',
  orderBy: 'rowid',
  describe: (roomId) => `the behaviour of room "${roomId}"`,
  consequence: 'the room runs on the default behaviour',
};

export class RoomBehaviourStore implements RoomBehaviourRepository {
  private byRoom = new Map<string, RoomBehaviour>();
  private persons = new Map<string, Person>();
  private readonly listeners = new Set<() => void>();
  private readonly table;
  private readonly upsert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {
    this.table = new PeopleTable(db, now);
    this.upsert = db.prepare(
      `INSERT INTO room_behaviours (room_id, behaviour, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET behaviour = excluded.behaviour, updated_at = excluded.updated_at`,
    );
    this.load();
  }

  get(roomId: string): RoomBehaviour {
    return this.byRoom.get(roomId) ?? RoomBehaviour.parse({ roomId });
  }

  put(input: RoomBehaviourInput): RoomBehaviour {
    const behaviour = RoomBehaviour.parse(input);
    this.upsert.run(behaviour.roomId, JSON.stringify(behaviour), this.now());
    this.byRoom.set(behaviour.roomId, behaviour);
    this.notify();
    return behaviour;
  }

  people(): Person[] {
    return [...this.persons.values()];
  }

  putPerson(input: z.input<typeof Person>): Person {
    const person = this.table.put(input);
    this.persons.set(person.id, person);
    this.notify();
    return person;
  }

  removePerson(id: string): void {
    if (!this.table.delete(id)) return;
    this.persons.delete(id);
    this.notify();
  }

  behaviours(): RoomBehaviour[] {
    return [...this.byRoom.values()];
  }

  replaceAll(data: { behaviours: RoomBehaviourInput[]; people: z.input<typeof Person>[] }): void {
    this.db.transaction(() => this.writeAll(data))();
    this.reload();
  }

  /**
   * Validates and writes every behaviour and person, replacing what is stored; call inside the
   * caller's transaction (a restore), then `reload()` once it has committed. Memory is untouched
   * until then, so a rolled-back restore leaves the hub as it was.
   */
  writeAll(data: { behaviours: readonly RoomBehaviourInput[]; people: readonly z.input<typeof Person>[] }): void {
    const behaviours = data.behaviours.map((b) => RoomBehaviour.parse(b));
    const people = data.people.map((p) => Person.parse(p));
    this.db.prepare('DELETE FROM room_behaviours').run();
    for (const behaviour of behaviours) this.upsert.run(behaviour.roomId, JSON.stringify(behaviour), this.now());
    this.table.replaceAll(people);
  }

  /** Reads everything again from SQLite (after a restore) and tells the listeners. */
  reload(): void {
    this.load();
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(): void {
    const rows = readJsonRows(this.db, SOURCE, RoomBehaviour, this.now, this.report);
    this.byRoom = new Map(rows.map(({ value }) => [value.roomId, value]));
    this.persons = new Map(this.table.read(this.report).map((p) => [p.id, p]));
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
