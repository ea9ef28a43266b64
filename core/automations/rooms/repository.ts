/**
 * Where room behaviours and people live. The runner reads through this interface, so settings
 * apply at once (it listens for changes). The hub with a data folder uses the SQLite one
 * (core/store/room-behaviours.ts); this in-memory one serves tests and hubs without a data folder.
 */
import type { z } from 'zod';
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
   * changes, then stored at once (one SQLite transaction), then one change notification.
   */
  replaceAll(data: { behaviours: RoomBehaviourInput[]; people: z.input<typeof Person>[] }): void;
  onChange(listener: () => void): () => void;
}

export class InMemoryRepository implements RoomBehaviourRepository {
  private readonly byRoom = new Map<string, RoomBehaviour>();
  private readonly persons = new Map<string, Person>();
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
    this.notify();
    return parsed;
  }

  people(): Person[] {
    return [...this.persons.values()];
  }

  putPerson(input: z.input<typeof Person>): Person {
    const parsed = Person.parse(input);
    this.persons.set(parsed.id, parsed);
    this.notify();
    return parsed;
  }

  removePerson(id: string): void {
    if (this.persons.delete(id)) this.notify();
  }

  behaviours(): RoomBehaviour[] {
    return [...this.byRoom.values()];
  }

  replaceAll(data: { behaviours: RoomBehaviourInput[]; people: z.input<typeof Person>[] }): void {
    const behaviours = data.behaviours.map((b) => RoomBehaviour.parse(b));
    const people = data.people.map((p) => Person.parse(p));
    this.byRoom.clear();
    for (const one of behaviours) this.byRoom.set(one.roomId, one);
    this.persons.clear();
    for (const one of people) this.persons.set(one.id, one);
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
