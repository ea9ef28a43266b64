/**
 * The DiscoveryRepository on SQLite: what the user decided about LAN devices. Added devices (with
 * their last address and pairing data, never a secret: those are in secrets.ts) are one validated
 * JSON row each in `discovery_added`; ignored ids are rows of `discovery_ignored`.
 */
import { z } from 'zod';
import { AddedDeviceSchema, type DiscoveryRepository } from '../discovery/repository';
import type { AddedDevice } from '../discovery/types';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

export const DiscoveryDecisions = z
  .object({
    added: z.array(AddedDeviceSchema.strict()).max(1000),
    ignored: z.array(z.string().min(1).max(300)).max(10_000),
  })
  .strict();
export type DiscoveryDecisions = z.infer<typeof DiscoveryDecisions>;

const SOURCE: JsonRowSource = {
  table: 'discovery_added',
  keyColumn: 'id',
  bodyColumn: 'device',
  orderBy: 'rowid',
  describe: (id) => `the added device "${id}"`,
  consequence: 'it has to be added again',
};

export class DiscoveryDecisionStore implements DiscoveryRepository {
  private readonly upsert;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO discovery_added (id, device, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET device = excluded.device, updated_at = excluded.updated_at`,
    );
  }

  load(): DiscoveryDecisions {
    const added = readJsonRows(this.db, SOURCE, AddedDeviceSchema, this.now, this.report).map((r) => r.value as AddedDevice);
    const ignored = (this.db.prepare('SELECT id FROM discovery_ignored ORDER BY rowid').all() as { id: string }[]).map(
      (r) => r.id,
    );
    return { added, ignored };
  }

  saveAdded(device: AddedDevice): void {
    const valid = AddedDeviceSchema.parse(device);
    this.upsert.run(valid.id, JSON.stringify(valid), this.now());
  }

  removeAdded(id: string): void {
    this.db.prepare('DELETE FROM discovery_added WHERE id = ?').run(id);
  }

  setIgnored(id: string, ignored: boolean): void {
    if (ignored) this.db.prepare('INSERT OR IGNORE INTO discovery_ignored (id) VALUES (?)').run(id);
    else this.db.prepare('DELETE FROM discovery_ignored WHERE id = ?').run(id);
  }

  /** Replaces every decision (a restore); call inside the caller's transaction, then `replaced()` after it commits. */
  writeAll(decisions: DiscoveryDecisions): void {
    this.db.prepare('DELETE FROM discovery_added').run();
    this.db.prepare('DELETE FROM discovery_ignored').run();
    for (const device of decisions.added) this.upsert.run(device.id, JSON.stringify(device), this.now());
    const ignore = this.db.prepare('INSERT OR IGNORE INTO discovery_ignored (id) VALUES (?)');
    for (const id of decisions.ignored) ignore.run(id);
  }

  /** Discovery reloads what it manages when the decisions were replaced underneath it. */
  onReplaced(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  replaced(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
