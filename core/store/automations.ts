/**
 * Automations, scenes and traces in SQLite. Automations and scenes are one row each holding their zod-validated JSON
 * (json-rows.ts: fields added to the model need no migration; a row that no longer validates is set aside and
 * reported), kept in memory too (the engine and the API read them often) and written to the `main` connection
 * (FULL-synced) before memory and listeners. Traces are many and written off the hot path: queued and written by the
 * BatchedWriter with history and the logbook, on the `history` connection; a query flushes first.
 */
import type { z } from 'zod';
import type { DocumentRepository, TraceRepository } from '../automations/rules/repository';
import { newestFirst } from '../automations/rules/repository';
import { Automation, Scene, Trace } from '../model';
import type { BatchedWriter, BatchSink } from './batched-writer';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

/** One table of documents with ids, in the order they were added. */
class DocumentTable<S extends z.ZodType<{ id: string }>> implements DocumentRepository<z.infer<S>> {
  private items = new Map<string, z.infer<S>>();
  private readonly listeners = new Set<() => void>();
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly source: JsonRowSource,
    private readonly schema: S,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {
    const { table, keyColumn, bodyColumn } = source;
    // Edited again, a document keeps its place in the list.
    this.upsert = db.prepare(
      `INSERT INTO ${table} (${keyColumn}, ${bodyColumn}, position, updated_at)
       VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM ${table}), ?)
       ON CONFLICT (${keyColumn}) DO UPDATE SET ${bodyColumn} = excluded.${bodyColumn}, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare(`DELETE FROM ${table} WHERE ${keyColumn} = ?`);
    this.load();
  }

  list(): z.infer<S>[] {
    return [...this.items.values()];
  }

  get(id: string): z.infer<S> | undefined {
    return this.items.get(id);
  }

  put(input: z.infer<S>): z.infer<S> {
    const item = this.schema.parse(input);
    this.upsert.run(item.id, JSON.stringify(item), this.now());
    this.items.set(item.id, item);
    this.notify();
    return item;
  }

  delete(id: string): boolean {
    if (this.remove.run(id).changes === 0) return false;
    this.items.delete(id);
    this.notify();
    return true;
  }

  replaceAll(items: readonly z.infer<S>[]): void {
    this.db.transaction(() => this.writeAll(items))();
    this.reload();
  }

  /** Validates and writes all of them, replacing what is stored; inside the caller's transaction, then `reload()`. */
  writeAll(items: readonly z.infer<S>[]): void {
    const valid = items.map((i) => this.schema.parse(i));
    this.db.prepare(`DELETE FROM ${this.source.table}`).run();
    for (const item of valid) this.upsert.run(item.id, JSON.stringify(item), this.now());
  }

  /** Reads everything again (after a restore committed) and tells the listeners. */
  reload(): void {
    this.load();
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(): void {
    const rows = readJsonRows(this.db, this.source, this.schema, this.now, this.report);
    this.items = new Map(rows.map(({ value }) => [value.id, value]));
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export class AutomationStore extends DocumentTable<typeof Automation> {
  constructor(db: SqliteDatabase, now: () => number, report: ProblemSink) {
    super(
      db,
      {
        table: 'automations',
        keyColumn: 'id',
        bodyColumn: 'automation',
        orderBy: 'position, id',
        describe: (id) => `the automation "${id}"`,
        consequence: 'it does not run',
      },
      Automation,
      now,
      report,
    );
  }
}

export class SceneStore extends DocumentTable<typeof Scene> {
  constructor(db: SqliteDatabase, now: () => number, report: ProblemSink) {
    super(
      db,
      {
        table: 'scenes',
        keyColumn: 'id',
        bodyColumn: 'scene',
        orderBy: 'position, id',
        describe: (id) => `the scene "${id}"`,
        consequence: 'it is left out of the scenes',
      },
      Scene,
      now,
      report,
    );
  }
}

export const MAX_TRACES_LISTED = 500;

export class TraceStore implements TraceRepository, BatchSink {
  private queue: Trace[] = [];
  private readonly insert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly writer: BatchedWriter,
  ) {
    this.insert = db.prepare('INSERT INTO automation_traces (automation_id, run_id, at, trace) VALUES (?, ?, ?, ?)');
    writer.add(this);
  }

  get pending(): number {
    return this.queue.length;
  }

  add(trace: Trace): void {
    this.queue.push(trace);
    this.writer.schedule();
  }

  writePending(): void {
    const traces = this.queue;
    this.queue = [];
    for (const t of traces) this.insert.run(t.automationId, t.runId, t.at, JSON.stringify(t));
  }

  /** Newest first; a row that no longer reads as a trace is skipped (traces are a record, not configuration). */
  list(automationId: string, limit: number): Trace[] {
    this.writer.flush();
    const rows = this.db
      .prepare('SELECT trace FROM automation_traces WHERE automation_id = ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(automationId, Math.min(Math.max(1, limit), MAX_TRACES_LISTED)) as { trace: string }[];
    const traces: Trace[] = [];
    for (const row of rows) {
      try {
        const parsed = Trace.safeParse(JSON.parse(row.trace));
        if (parsed.success) traces.push(parsed.data);
      } catch {
        // not JSON: skipped
      }
    }
    return newestFirst(traces);
  }

  prune(before: number): number {
    this.writer.flush();
    return this.db.prepare('DELETE FROM automation_traces WHERE at < ?').run(before).changes;
  }

  deleteFor(automationId: string): void {
    this.writer.flush();
    this.db.prepare('DELETE FROM automation_traces WHERE automation_id = ?').run(automationId);
  }
}
