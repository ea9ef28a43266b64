/**
 * Where discovery remembers what the user decided: added devices (with their last address)
 * and ignored ones. The hub with a data folder keeps them in SQLite
 * (core/store/discovery-decisions.ts); this in-memory one serves tests and hubs without one.
 */
import { z } from 'zod';
import { DeviceKind } from '../model';
import type { AddedDevice } from './types';

export interface DiscoveryRepository {
  load(): { added: AddedDevice[]; ignored: string[] };
  saveAdded(device: AddedDevice): void;
  removeAdded(id: string): void;
  setIgnored(id: string, ignored: boolean): void;
  /** Called when every decision was replaced at once (a restored backup): Discovery loads them again. */
  onReplaced?(listener: () => void): () => void;
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

export class MemoryDiscoveryRepository implements DiscoveryRepository {
  private readonly added = new Map<string, AddedDevice>();
  private readonly ignored = new Set<string>();

  load() {
    return { added: [...this.added.values()], ignored: [...this.ignored] };
  }
  saveAdded(device: AddedDevice): void {
    this.added.set(device.id, device);
  }
  removeAdded(id: string): void {
    this.added.delete(id);
  }
  setIgnored(id: string, ignored: boolean): void {
    if (ignored) this.ignored.add(id);
    else this.ignored.delete(id);
  }
}
