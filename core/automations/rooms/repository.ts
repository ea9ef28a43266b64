/**
 * Where room behaviours and people live. The runner reads through this interface, so settings
 * apply at once (it listens for changes). In memory by default; `JsonFileRepository` keeps them in
 * `<dataDir>/room-behaviours.json` until the store has a table for them.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { Person, RoomBehaviour, type RoomBehaviourInput } from '../../model';

export interface RoomBehaviourRepository {
  /** The room's behaviour, or the defaults. */
  get(roomId: string): RoomBehaviour;
  put(behaviour: RoomBehaviourInput): RoomBehaviour;
  people(): Person[];
  putPerson(person: z.input<typeof Person>): Person;
  removePerson(id: string): void;
  /** The behaviours set for rooms (rooms never set are left out: they run on the defaults). For the backup. */
  behaviours(): RoomBehaviour[];
  /**
   * Replaces every behaviour and person at once (restoring a backup): validated whole before anything
   * changes, then stored in one write, then one change notification.
   */
  replaceAll(data: { behaviours: RoomBehaviourInput[]; people: z.input<typeof Person>[] }): void;
  onChange(listener: () => void): () => void;
}

export class InMemoryRepository implements RoomBehaviourRepository {
  protected readonly byRoom = new Map<string, RoomBehaviour>();
  protected readonly persons = new Map<string, Person>();
  private readonly listeners = new Set<() => void>();

  constructor(initial: { behaviours?: RoomBehaviourInput[]; people?: z.input<typeof Person>[] } = {}) {
    for (const b of initial.behaviours ?? []) this.byRoom.set(b.roomId, RoomBehaviour.parse(b));
    for (const p of initial.people ?? []) this.persons.set(p.id, Person.parse(p));
  }

  get(roomId: string): RoomBehaviour {
    return this.byRoom.get(roomId) ?? RoomBehaviour.parse({ roomId });
  }

  put(input: RoomBehaviourInput): RoomBehaviour {
    const parsed = RoomBehaviour.parse(input);
    this.byRoom.set(parsed.roomId, parsed);
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

  behaviours(): RoomBehaviour[] {
    return [...this.byRoom.values()];
  }

  replaceAll(data: { behaviours: RoomBehaviourInput[]; people: z.input<typeof Person>[] }): void {
    const behaviours = data.behaviours.map((b) => RoomBehaviour.parse(b));
    const people = data.people.map((p) => Person.parse(p));
    const before = { behaviours: [...this.byRoom.values()], people: [...this.persons.values()] };
    const fill = (b: RoomBehaviour[], p: Person[]) => {
      this.byRoom.clear();
      for (const one of b) this.byRoom.set(one.roomId, one);
      this.persons.clear();
      for (const one of p) this.persons.set(one.id, one);
    };
    fill(behaviours, people);
    try {
      this.persist();
    } catch (error) {
      // Not stored: keep what is in memory the same as what is on disk.
      fill(before.behaviours, before.people);
      throw error;
    }
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the current state (nothing to do in memory). */
  protected persist(): void {}

  protected changed(): void {
    this.persist();
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

const FileShape = z.object({ behaviours: z.array(RoomBehaviour).default([]), people: z.array(Person).default([]) });

/**
 * Written whole after every change (to a temporary file, flushed, then renamed over the old one), readable
 * only by its owner. A file that cannot be read is set aside, never silently replaced by defaults.
 */
export class JsonFileRepository extends InMemoryRepository {
  constructor(
    private readonly path: string,
    onProblem: (message: string) => void = () => {},
  ) {
    let initial: z.infer<typeof FileShape> = { behaviours: [], people: [] };
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // no file yet: start from defaults
    }
    if (text !== undefined) {
      let parsed: ReturnType<typeof FileShape.safeParse> | undefined;
      try {
        parsed = FileShape.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) initial = parsed.data;
      else {
        const aside = `${path}.damaged-${Date.now()}`;
        renameSync(path, aside);
        onProblem(`Room settings in ${path} could not be read; they were kept as ${aside} and the rooms start from defaults`);
      }
    }
    super(initial);
  }

  protected override persist(): void {
    const body = JSON.stringify({ behaviours: [...this.byRoom.values()], people: [...this.persons.values()] }, null, 2);
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }
}
