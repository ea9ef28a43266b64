/**
 * Where room behaviours and people live. The runner reads through this interface, so settings
 * apply at once (it listens for changes). In memory by default; `JsonFileRepository` keeps them in
 * `<dataDir>/room-behaviours.json` until the store has a table for them.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { Person, RoomBehaviour, type RoomBehaviourInput } from '../../model';

export interface RoomBehaviourRepository {
  /** The room's behaviour, or the defaults. */
  get(roomId: string): RoomBehaviour;
  put(behaviour: RoomBehaviourInput): RoomBehaviour;
  people(): Person[];
  putPerson(person: z.input<typeof Person>): Person;
  removePerson(id: string): void;
  onChange(listener: () => void): () => void;
}

export class InMemoryRepository implements RoomBehaviourRepository {
  protected readonly behaviours = new Map<string, RoomBehaviour>();
  protected readonly persons = new Map<string, Person>();
  private readonly listeners = new Set<() => void>();

  constructor(initial: { behaviours?: RoomBehaviourInput[]; people?: z.input<typeof Person>[] } = {}) {
    for (const b of initial.behaviours ?? []) this.behaviours.set(b.roomId, RoomBehaviour.parse(b));
    for (const p of initial.people ?? []) this.persons.set(p.id, Person.parse(p));
  }

  get(roomId: string): RoomBehaviour {
    return this.behaviours.get(roomId) ?? RoomBehaviour.parse({ roomId });
  }

  put(input: RoomBehaviourInput): RoomBehaviour {
    const parsed = RoomBehaviour.parse(input);
    this.behaviours.set(parsed.roomId, parsed);
    this.changed();
    return parsed;
  }

  people(): Person[] {
    return [...this.persons.values()];
  }

  putPerson(input: z.input<typeof Person>): Person {
    const parsed = Person.parse(input);
    this.persons.set(parsed.id, parsed);
    this.changed();
    return parsed;
  }

  removePerson(id: string): void {
    if (this.persons.delete(id)) this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

const FileShape = z.object({ behaviours: z.array(RoomBehaviour).default([]), people: z.array(Person).default([]) });

/** Written whole (write to a temporary file, then rename) after every change; small by nature. */
export class JsonFileRepository extends InMemoryRepository {
  constructor(private readonly path: string) {
    let initial: z.infer<typeof FileShape> = { behaviours: [], people: [] };
    try {
      const parsed = FileShape.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) initial = parsed.data;
    } catch {
      // no file yet (or unreadable): start from defaults
    }
    super(initial);
  }

  protected override changed(): void {
    const body = JSON.stringify({ behaviours: [...this.behaviours.values()], people: [...this.persons.values()] }, null, 2);
    writeFileSync(`${this.path}.tmp`, body);
    renameSync(`${this.path}.tmp`, this.path);
    super.changed();
  }
}
