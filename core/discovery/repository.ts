/**
 * Where discovery remembers what the user decided: added devices (with their last address)
 * and ignored ones. A small interface so it can move onto the SQLite store; until then an
 * in-memory version (tests, hubs without a data folder) and a JSON file in the data folder.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceKind } from '../model';
import type { Logger } from '../util/logger';
import type { AddedDevice } from './types';

export interface DiscoveryRepository {
  load(): { added: AddedDevice[]; ignored: string[] };
  saveAdded(device: AddedDevice): void;
  removeAdded(id: string): void;
  setIgnored(id: string, ignored: boolean): void;
}

export const AddedDeviceSchema = z.object({
  id: z.string().min(1).max(300),
  integration: z.string().min(1).max(50),
  uniqueId: z.string().min(1).max(200),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  kind: DeviceKind,
  name: z.string().max(200),
  manufacturer: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  addedAt: z.number(),
  data: z.record(z.string(), z.string().max(10_000)).optional(),
});

const FileSchema = z.object({
  version: z.literal(1),
  added: z.array(z.unknown()),
  ignored: z.array(z.string().max(300)),
});

export class MemoryDiscoveryRepository implements DiscoveryRepository {
  protected added = new Map<string, AddedDevice>();
  protected ignored = new Set<string>();

  load() {
    return { added: [...this.added.values()], ignored: [...this.ignored] };
  }
  saveAdded(device: AddedDevice): void {
    this.added.set(device.id, device);
    this.changed();
  }
  removeAdded(id: string): void {
    this.added.delete(id);
    this.changed();
  }
  setIgnored(id: string, ignored: boolean): void {
    if (ignored) this.ignored.add(id);
    else this.ignored.delete(id);
    this.changed();
  }
  protected changed(): void {}
}

/** `<dataDir>/discovery.json`, replaced atomically (write, fsync, rename) on every change. */
export class JsonFileDiscoveryRepository extends MemoryDiscoveryRepository {
  private readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {
    super();
    this.path = join(dataDir, 'discovery.json');
    this.read();
  }

  private read(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return; // first start
    }
    try {
      const file = FileSchema.parse(JSON.parse(text));
      for (const raw of file.added) {
        const parsed = AddedDeviceSchema.safeParse(raw);
        if (parsed.success) this.added.set(parsed.data.id, parsed.data);
        else this.logger.warn(`discovery: skipped an unreadable device in ${this.path}`);
      }
      this.ignored = new Set(file.ignored);
    } catch (error) {
      const aside = `${this.path}.unreadable-${Date.now()}`;
      this.logger.error(`discovery: ${this.path} is unreadable (${String(error)}); kept aside as ${aside}`);
      try {
        renameSync(this.path, aside);
      } catch {
        // nothing more to do: the next save writes a fresh file
      }
    }
  }

  protected override changed(): void {
    mkdirSync(this.dataDir, { recursive: true });
    const tmp = `${this.path}.tmp`;
    const body = JSON.stringify({ version: 1, added: [...this.added.values()], ignored: [...this.ignored] }, null, 2);
    writeFileSync(tmp, body, { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}
