/**
 * Where automations, scenes and traces live. The hub reads through these interfaces: the SQLite ones
 * (core/store/automations.ts) with a data folder, these in-memory ones in tests and hubs without one.
 */
import { Automation, Scene, type Trace } from '../../model';

/** A list of documents with ids, kept in order; every change is announced (the engine re-arms, clients refresh). */
export interface DocumentRepository<T extends { id: string }> {
  list(): T[];
  get(id: string): T | undefined;
  /** Validates and writes one (insert or replace, keeping its place). */
  put(item: T): T;
  delete(id: string): boolean;
  /** Replaces all of them at once (restoring a backup); one change notification. */
  replaceAll(items: readonly T[]): void;
  onChange(listener: () => void): () => void;
}

export type AutomationRepository = DocumentRepository<Automation>;
export type SceneRepository = DocumentRepository<Scene>;

export interface TraceRepository {
  add(trace: Trace): void;
  /** Newest first. */
  list(automationId: string, limit: number): Trace[];
  /** Removes traces older than `before`; answers how many. */
  prune(before: number): number;
  deleteFor(automationId: string): void;
}

export class MemoryDocuments<T extends { id: string }> implements DocumentRepository<T> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly parse: (value: T) => T) {}

  list(): T[] {
    return [...this.items.values()];
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  put(item: T): T {
    const valid = this.parse(item);
    this.items.set(valid.id, valid);
    this.notify();
    return valid;
  }

  delete(id: string): boolean {
    const removed = this.items.delete(id);
    if (removed) this.notify();
    return removed;
  }

  replaceAll(items: readonly T[]): void {
    const valid = items.map((i) => this.parse(i));
    this.items.clear();
    for (const item of valid) this.items.set(item.id, item);
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export const memoryAutomations = (): AutomationRepository => new MemoryDocuments<Automation>((a) => Automation.parse(a));
export const memoryScenes = (): SceneRepository => new MemoryDocuments<Scene>((s) => Scene.parse(s));

/** The newest traces per automation, in memory (a hub without a data folder keeps at most `perAutomation`). */
export class MemoryTraces implements TraceRepository {
  private readonly byAutomation = new Map<string, Trace[]>();

  constructor(private readonly perAutomation = 200) {}

  add(trace: Trace): void {
    const list = this.byAutomation.get(trace.automationId) ?? [];
    list.push(trace);
    if (list.length > this.perAutomation) list.shift();
    this.byAutomation.set(trace.automationId, list);
  }

  list(automationId: string, limit: number): Trace[] {
    return newestFirst(this.byAutomation.get(automationId) ?? []).slice(0, limit);
  }

  prune(before: number): number {
    let removed = 0;
    for (const [id, list] of this.byAutomation) {
      const kept = list.filter((t) => t.at >= before);
      removed += list.length - kept.length;
      this.byAutomation.set(id, kept);
    }
    return removed;
  }

  deleteFor(automationId: string): void {
    this.byAutomation.delete(automationId);
  }
}

/** Newest first; runs started at the same moment in the order they were started, the later first. */
export function newestFirst(traces: readonly Trace[]): Trace[] {
  return [...traces].sort((a, b) => b.at - a.at || runSeq(b) - runSeq(a));
}

const runSeq = (t: Trace) => Number(t.runId.slice(t.runId.lastIndexOf('#') + 1)) || 0;
