/**
 * Rows that hold a zod-validated JSON document (a room behaviour, a person, an added device, a
 * learned rate). Read back through the same schema; a row that no longer validates (edited by hand,
 * written by a buggy build) is moved — in one transaction — to `damaged_rows` with the reason, and
 * reported, so one bad row never stops the hub and is never silently lost.
 */
import type { z } from 'zod';
import type { SqliteDatabase, StoreProblem } from './database';

export interface JsonRowSource {
  /** Table name (a constant of this module's callers, never user input). */
  table: string;
  keyColumn: string;
  bodyColumn: string;
  orderBy?: string;
  /** For messages: "the behaviour of room living-room". */
  describe(key: string): string;
  /** What happens without the row: "the room runs on its defaults". */
  consequence: string;
}

export type ProblemSink = (problem: StoreProblem) => void;

/** Every row of `source` that validates, in order; the others are set aside and reported. */
export function readJsonRows<S extends z.ZodType>(
  db: SqliteDatabase,
  source: JsonRowSource,
  schema: S,
  now: () => number,
  report: ProblemSink,
  where?: { key: string },
): { key: string; value: z.infer<S> }[] {
  const { table, keyColumn, bodyColumn } = source;
  const sql =
    `SELECT ${keyColumn} AS key, ${bodyColumn} AS body FROM ${table}` +
    (where ? ` WHERE ${keyColumn} = ?` : '') +
    (source.orderBy ? ` ORDER BY ${source.orderBy}` : '');
  const rows = (where ? db.prepare(sql).all(where.key) : db.prepare(sql).all()) as { key: string; body: string }[];
  const out: { key: string; value: z.infer<S> }[] = [];
  for (const row of rows) {
    const problem = check(schema, row.body);
    if (problem.ok) {
      out.push({ key: row.key, value: problem.value });
      continue;
    }
    db.transaction(() => {
      db.prepare('INSERT INTO damaged_rows (source, key, body, problem, at) VALUES (?, ?, ?, ?, ?)').run(
        table,
        row.key,
        row.body,
        problem.why,
        now(),
      );
      db.prepare(`DELETE FROM ${table} WHERE ${keyColumn} = ?`).run(row.key);
    })();
    report({
      kind: 'damaged',
      message:
        `${capitalise(source.describe(row.key))} could not be read (${problem.why}); ` +
        `it was kept in the store's damaged_rows table and ${source.consequence}.`,
    });
  }
  return out;
}

function check<S extends z.ZodType>(schema: S, body: string): { ok: true; value: z.infer<S> } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, why: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, why: zodSummary(parsed.error) };
}

/** `climate.comfortHeatC: Too big: expected number to be <=30` (the first three issues). */
export function zodSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
