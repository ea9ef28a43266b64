/** People and their preferences: one row per person holding its validated JSON, in the order they were added. */
import type { z } from 'zod';
import { Person } from '../model';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

const SOURCE: JsonRowSource = {
  table: 'people',
  keyColumn: 'id',
  bodyColumn: 'person',
  orderBy: 'position, id',
  describe: (id) => `the person "${id}"`,
  consequence: 'is left out of the people list',
};

export class PeopleTable {
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {
    // A person edited again keeps their place in the list.
    this.upsert = db.prepare(
      `INSERT INTO people (id, person, position, updated_at)
       VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM people), ?)
       ON CONFLICT (id) DO UPDATE SET person = excluded.person, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM people WHERE id = ?');
  }

  read(report: ProblemSink): Person[] {
    return readJsonRows(this.db, SOURCE, Person, this.now, report).map((row) => row.value);
  }

  /** Validates and writes one person (insert or update). */
  put(input: z.input<typeof Person>): Person {
    const person = Person.parse(input);
    this.upsert.run(person.id, JSON.stringify(person), this.now());
    return person;
  }

  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }

  /** Replaces everyone, keeping the given order; call inside the caller's transaction. */
  replaceAll(people: readonly Person[]): void {
    this.db.prepare('DELETE FROM people').run();
    for (const person of people) this.upsert.run(person.id, JSON.stringify(person), this.now());
  }
}
